"""textDocument/codeAction and codeAction/resolve: quick fixes, AI actions, recipe refactors.

Listing is cheap: it reads the fixes computed and verified in the background after a
run (so each title shows its verification state) and the recipe matches cached by
the debounced indexer; it never runs the LLM, a transform or TensorFlow. Edits are
computed on resolve against the current document version, or up front for clients
that cannot resolve (eglot, pylsp), for fixes whose text is already known. Recipe
transforms run on resolve, or through the ``gptfix.applyRecipe`` command for
clients without resolve. ``context.only`` is honoured.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from lsprotocol import types

from gptfix.errors import GptfixError
from gptfix.lsp import ask, convert, core, findings
from gptfix.lsp.state import Finding
from gptfix.model import Applicability, Fix, Script

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

RECIPE_KIND = "refactor.rewrite.gptfix"
KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite, RECIPE_KIND]


def wanted(kind: str, only: list[str] | None) -> bool:
    """Whether an action of ``kind`` passes the client's ``context.only`` filter."""
    if not only:
        return True
    return any(kind == o or kind.startswith(f"{o}.") for o in only)


def fix_edit(
    ls: GptfixLanguageServer, uri: str, base: str, fix: Fix, *, confirm: str | None = None
) -> types.WorkspaceEdit | None:
    """A fix made against text ``base`` as a WorkspaceEdit on the current document version."""
    doc = ls.workspace.get_text_document(uri)
    tedits = findings.fix_text_edits(base, doc.source, fix, doc.position_codec)
    if tedits is None:
        return None
    return convert.workspace_edit(
        uri, doc.version, tedits, ls.client_capabilities, confirm_label=confirm
    )


def _supports(ls: GptfixLanguageServer) -> tuple[bool, bool]:
    """(resolve of edits, disabled actions) as the client advertises them."""
    td = ls.client_capabilities.text_document
    ca = td.code_action if td else None
    resolve = bool(ca and ca.resolve_support and "edit" in ca.resolve_support.properties)
    disabled = bool(ca and ca.disabled_support)
    return resolve, disabled


def _quick_fixes(
    ls: GptfixLanguageServer, uri: str, finding: Finding, diag: types.Diagnostic
) -> list[types.CodeAction]:
    resolve, disabled_ok = _supports(ls)
    version = ls.workspace.get_text_document(uri).version
    out: list[types.CodeAction] = []
    for fix in finding.fixes:
        failed = fix.verification is not None and not fix.verification.verified
        suggestion = fix.applicability == Applicability.SUGGESTION
        action = types.CodeAction(
            title=findings.fix_title(finding, fix),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=findings.is_preferred(fix),
            data={"type": "fix", "uri": uri, "version": version, "key": finding.key, "fix": fix.id},
        )
        if failed or suggestion:
            if not disabled_ok:
                continue
            reason = fix.verification.reason if failed and fix.verification else None
            action.disabled = types.CodeActionDisabled(reason=reason or "advice only: no edit")
        elif not resolve:
            action.edit = fix_edit(ls, uri, finding.text, fix)
            if action.edit is None:
                continue
        out.append(action)
    code = finding.diagnosis.code or finding.failure.type
    settings = ls.settings_for(None)
    if core.llm_configured(settings, ls.api_key):
        out.append(
            types.CodeAction(
                title=f"gptfix ({code}): Fix with AI ({settings.model}; verified before applying)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diag],
                command=types.Command(
                    title="Fix with AI", command="gptfix.fixWithAI", arguments=[uri, diag]
                ),
            )
        )
    out.append(
        types.CodeAction(
            title=f"gptfix ({code}): Show AI context (what would be sent, with token counts)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            command=types.Command(
                title="Show AI context", command="gptfix.showContext", arguments=[uri, diag]
            ),
        )
    )
    return out


def _recipe_actions(
    ls: GptfixLanguageServer, uri: str, lines: tuple[int, int], only: list[str] | None
) -> list[types.CodeAction]:
    """Recipes whose match spans the requested lines (0-based, inclusive)."""
    resolve, _ = _supports(ls)
    version = ls.workspace.get_text_document(uri).version
    with ls.store.lock:
        matches = list(ls.store.doc(uri).recipes)
    out = []
    seen: set[str] = set()
    for m in matches:
        rid = str(m.recipe_id)
        kind = f"{RECIPE_KIND}.{rid}"
        if rid in seen or not wanted(kind, only):
            continue
        if m.end_line - 1 < lines[0] or m.line - 1 > lines[1]:
            continue
        seen.add(rid)
        action = types.CodeAction(
            title=f"gptfix recipe: {m.title} (verified by building the model)",
            kind=kind,
            data={
                "type": "recipe",
                "uri": uri,
                "version": version,
                "recipe": rid,
                "line": int(m.line),
            },
        )
        if not resolve:
            where = {"line": str(m.line)}  # act at this match when the recipe has several
            action.command = types.Command(
                title=m.title, command="gptfix.applyRecipe", arguments=[uri, rid, where]
            )
        out.append(action)
    return out


def _finding_of(ls: GptfixLanguageServer, uri: str, diag: types.Diagnostic) -> Finding | None:
    """The finding a client's diagnostic stands for: by its data key, else by its line
    (for clients that do not send ``data`` back)."""
    data = diag.data if isinstance(diag.data, dict) else {}
    if "key" in data:
        return ls.store.finding(uri, str(data["key"]))
    with ls.store.lock:
        for f in ls.store.doc(uri).findings:
            if f.diagnostic is not None and f.diagnostic.range.start.line == diag.range.start.line:
                return f
    return None


def code_actions(
    ls: GptfixLanguageServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    """The actions for a range: quick fixes for gptfix diagnostics, recipes that apply."""
    uri = params.text_document.uri
    only = [str(k) for k in params.context.only] if params.context.only else None
    out: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        for diag in params.context.diagnostics:
            if diag.source != convert.SOURCE:
                continue
            finding = _finding_of(ls, uri, diag)
            if finding is not None:
                out.extend(_quick_fixes(ls, uri, finding, diag))
    doc = ls.workspace.get_text_document(uri)
    lines = convert.client_range_to_lines(params.range, doc.lines, doc.position_codec)
    out.extend(_recipe_actions(ls, uri, lines, only))  # filters each recipe's kind itself
    out.extend(ask.actions(ls, uri, params.range, lines, wanted(ask.ASK_KIND, only)))
    return out


async def resolve(ls: GptfixLanguageServer, action: types.CodeAction) -> types.CodeAction:
    """Fill in the edit of a listed action, for the document version it was listed for."""
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("uri")
    if not isinstance(uri, str) or action.edit is not None:
        return action
    doc = ls.workspace.get_text_document(uri)
    if data.get("version") != doc.version:
        ls.log("gptfix: the document changed since the action was listed; ask again")
        return action
    if data.get("type") == "fix":
        finding = ls.store.finding(uri, str(data.get("key")))
        fix = next((f for f in finding.fixes if f.id == data.get("fix")), None) if finding else None
        if finding is not None and fix is not None:
            action.edit = fix_edit(ls, uri, finding.text, fix)
    elif data.get("type") == "recipe":
        line = data.get("line")
        where = {"line": str(line)} if isinstance(line, int) else {}
        action.edit = await _resolve_recipe(ls, uri, str(data.get("recipe")), where)
    return action


async def _resolve_recipe(
    ls: GptfixLanguageServer, uri: str, recipe_id: str, options: dict[str, str]
) -> types.WorkspaceEdit | None:
    """Apply the recipe and build the patched model; the edit only if that passed."""
    doc = ls.workspace.get_text_document(uri)
    text, version = doc.source, doc.version
    path = Path(doc.path)
    settings = ls.settings_for(path)
    loop = asyncio.get_running_loop()
    try:
        fix = await loop.run_in_executor(
            ls.workers, core.apply_recipe, recipe_id, text, options, settings
        )
        script = Script(path=path, text=text, version=version)
        check = await loop.run_in_executor(ls.workers, core.verify_recipe, script, fix, settings)
    except GptfixError as exc:
        ls.show(f"gptfix: {exc.message}", types.MessageType.Warning)
        return None
    if not check.verified:
        ls.show(f"gptfix: {fix.title}: not applied ({check.reason})", types.MessageType.Warning)
        return None
    if ls.workspace.get_text_document(uri).version != version:
        return None
    return fix_edit(ls, uri, text, fix)


def register(ls: GptfixLanguageServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=KINDS, resolve_provider=True),
    )
    def on_code_action(
        ls: GptfixLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return code_actions(ls, params)

    @ls.feature(types.CODE_ACTION_RESOLVE)
    async def on_resolve(ls: GptfixLanguageServer, params: types.CodeAction) -> types.CodeAction:
        return await resolve(ls, params)
