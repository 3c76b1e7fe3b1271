"""The code actions of a document, once for both language servers.

:func:`quick_fixes` lists a finding's fixes (each title carries its verification
state: "verifying…", "verified", or gone once it failed), "Fix with AI" when an LLM
is configured and "Show AI context"; :func:`recipe_actions` lists the recipes whose
match spans the requested lines. Both build lsprotocol ``CodeAction`` objects from a
:class:`Listing` (what the client can do and the document as it is now); the pylsp
plugin sends them unstructured. Listing never runs anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from lsprotocol import types
from pygls.workspace.position_codec import PositionCodec

from gptfix.lsp import convert, findings
from gptfix.lsp.state import Finding
from gptfix.model import Applicability, Fix
from gptfix.service import ops
from gptfix.settings import Settings

RECIPE_KIND = "refactor.rewrite.gptfix"
KINDS = [types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite, RECIPE_KIND]


@dataclass
class Listing:
    """The document and the client, as a code action request finds them."""

    uri: str
    text: str
    version: int | None
    codec: PositionCodec
    caps: types.ClientCapabilities
    settings: Settings
    api_key: str | None
    server_resolves: bool = True  #: False in pylsp: it has no codeAction/resolve
    #: another open document's text and version (a fix's ``other_documents``), if known
    other: Callable[[str], tuple[str, int | None] | None] | None = None

    @property
    def resolve(self) -> bool:
        """Whether an action's edit is left to codeAction/resolve (else it comes up front)."""
        td = self.caps.text_document
        ca = td.code_action if td else None
        client = bool(ca and ca.resolve_support and "edit" in ca.resolve_support.properties)
        return client and self.server_resolves

    @property
    def disabled_ok(self) -> bool:
        td = self.caps.text_document
        ca = td.code_action if td else None
        return bool(ca and ca.disabled_support)

    def edit(self, base: str, fix: Fix, confirm: str | None = None) -> types.WorkspaceEdit | None:
        """A fix made against ``base`` as a WorkspaceEdit on this document version.

        The fix's edits of other documents (a notebook's other cells) join it, each on
        that document's version now; None when any of them no longer fits.
        """
        tedits = findings.fix_text_edits(base, self.text, fix, self.codec)
        if tedits is None:
            return None
        more = []
        for uri, (other_base, new_text) in fix.other_documents.items():
            now = self.other(uri) if self.other is not None else None
            if now is None:
                return None  # closed, or this server cannot see it
            text, version = now
            other = dataclasses.replace(fix, new_text=new_text, other_documents={})
            other_edits = findings.fix_text_edits(other_base, text, other, self.codec)
            if other_edits is None:
                return None
            more.append((uri, version, other_edits))
        return convert.workspace_edit(
            self.uri, self.version, tedits, self.caps, confirm_label=confirm, more=more
        )


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether an action of ``kind`` passes the client's ``context.only`` filter."""
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


def _command(title: str, name: str, args: list[Any], diag: Any) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diag],
        command=types.Command(title=title, command=name, arguments=args),
    )


def quick_fixes(listing: Listing, finding: Finding, diag: Any) -> list[types.CodeAction]:
    """The finding's fixes (with their state), then "Fix with AI" and "Show AI context"."""
    out: list[types.CodeAction] = []
    for fix in finding.fixes:
        failed = fix.verification is not None and not fix.verification.verified
        suggestion = fix.applicability == Applicability.SUGGESTION
        action = types.CodeAction(
            title=findings.fix_title(finding, fix),
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=findings.is_preferred(fix),
            data={
                "type": "fix",
                "uri": listing.uri,
                "version": listing.version,
                "key": finding.key,
                "fix": fix.id,
            },
        )
        if failed or suggestion:
            if not listing.disabled_ok:
                continue
            reason = fix.verification.reason if failed and fix.verification else None
            action.disabled = types.CodeActionDisabled(reason=reason or "advice only: no edit")
        elif not listing.resolve:
            action.edit = listing.edit(finding.text, fix)
            if action.edit is None:
                continue
        out.append(action)
    code = finding.diagnosis.code or finding.failure.type
    args = [listing.uri, diag]
    if ops.llm_configured(listing.settings, listing.api_key):
        model = listing.settings.model
        title = f"gptfix ({code}): Fix with AI ({model}; verified before applying)"
        out.append(_command(title, "gptfix.fixWithAI", args, diag))
    title = f"gptfix ({code}): Show AI context (what would be sent, with token counts)"
    out.append(_command(title, "gptfix.showContext", args, diag))
    return out


def recipe_actions(
    listing: Listing, matches: Sequence[Any], lines: tuple[int, int], only: Sequence[str] | None
) -> list[types.CodeAction]:
    """Recipes whose match spans the requested lines (0-based, inclusive), one per recipe."""
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
                "uri": listing.uri,
                "version": listing.version,
                "recipe": rid,
                "line": int(m.line),
            },
        )
        if not listing.resolve:
            where = {"line": str(m.line)}  # act at this match when the recipe has several
            action.command = types.Command(
                title=m.title, command="gptfix.applyRecipe", arguments=[listing.uri, rid, where]
            )
        out.append(action)
    return out


def finding_of(store_findings: Sequence[Finding], diag: types.Diagnostic) -> Finding | None:
    """The finding a client's diagnostic stands for: by its data key, else by its line
    (for clients that do not send ``data`` back)."""
    data = diag.data if isinstance(diag.data, dict) else {}
    if "key" in data:
        return next((f for f in store_findings if f.key == str(data["key"])), None)
    for f in store_findings:
        if f.diagnostic is not None and f.diagnostic.range.start.line == diag.range.start.line:
            return f
    return None


def code_actions(
    listing: Listing,
    store_findings: Sequence[Finding],
    matches: Sequence[Any],
    params: types.CodeActionParams,
    model: set[int],
) -> list[types.CodeAction]:
    """The actions for a range: quick fixes for gptfix diagnostics, recipes that apply, and
    "Ask AI to change this…" (``model``: the 1-based lines of the model code)."""
    only = [str(k) for k in params.context.only] if params.context.only else None
    out: list[types.CodeAction] = []
    if wanted(types.CodeActionKind.QuickFix, only):
        for diag in params.context.diagnostics:
            if diag.source != convert.SOURCE:
                continue
            finding = finding_of(store_findings, diag)
            if finding is not None:
                out.extend(quick_fixes(listing, finding, diag))
    lines = convert.client_range_to_lines(
        params.range, convert.lines_of(listing.text), listing.codec
    )
    out.extend(recipe_actions(listing, matches, lines, only))
    from gptfix.lsp import ask  # ask builds on this module

    out.extend(ask.actions(listing, model, params.range, lines, only))
    return out
