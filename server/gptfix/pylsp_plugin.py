"""gptfix inside python-lsp-server: the same diagnostics, quick fixes and commands as ``gptfix lsp``.

Bridges pylsp's hooks (``pylsp_lint``, ``pylsp_code_actions``, ``pylsp_commands``,
``pylsp_execute_command``) and the core through the same helpers the pygls server
uses (:mod:`gptfix.lsp.findings`, :mod:`gptfix.lsp.core`). pylsp has no
``codeAction/resolve``, so quick fixes carry their edits up front; recipes and AI
fixes are commands that apply through ``workspace/applyEdit``. Long commands run in
pylsp's worker threads (a handler may return a callable). State lives on the pylsp
workspace object, one per workspace.
"""

from __future__ import annotations

import logging
from typing import Any

from pylsp import hookimpl

from gptfix.lsp import ask, convert, core, findings
from gptfix.lsp import pylsp_shell as shell
from gptfix.lsp.state import Finding
from gptfix.model import Applicability

log = logging.getLogger(__name__)


@hookimpl
def pylsp_settings(config: Any) -> dict[str, Any]:
    return {"plugins": {"gptfix": {"enabled": True}}}


@hookimpl
def pylsp_shutdown(config: Any, workspace: Any) -> None:
    """Stop verification runs (their scripts are killed) before pylsp exits."""
    state = shell.state_of(workspace)
    for uri in list(state.store.docs):
        state.store.forget(uri)


@hookimpl
def pylsp_commands(config: Any, workspace: Any) -> list[str]:
    return shell.COMMANDS


@hookimpl
def pylsp_lint(config: Any, workspace: Any, document: Any, is_saved: bool) -> list[dict[str, Any]]:
    return shell.lint(workspace, document)


def _fix_actions(
    config: Any, document: Any, finding: Finding, diag: dict[str, Any], api_key: str | None
) -> list[dict[str, Any]]:
    out = []
    for fix in finding.fixes:
        failed = fix.verification is not None and not fix.verification.verified
        if failed or fix.applicability == Applicability.SUGGESTION:
            continue
        edits = findings.fix_text_edits(finding.text, document.source, fix, shell.CODEC)
        if edits is None:
            continue
        out.append(
            {
                "title": findings.fix_title(finding, fix),
                "kind": "quickfix",
                "diagnostics": [diag],
                "isPreferred": findings.is_preferred(fix),
                "edit": shell.workspace_edit(config, document.uri, document.version, edits),
            }
        )
    code = finding.diagnosis.code or finding.failure.type
    settings = shell.settings_for(config, findings.script_path(document.uri))
    if core.llm_configured(settings, api_key):
        out.append(
            _command_action(
                f"gptfix ({code}): Fix with AI ({settings.model}; verified before applying)",
                "gptfix.fixWithAI",
                [document.uri, diag],
                diag,
            )
        )
    out.append(
        _command_action(
            f"gptfix ({code}): Show AI context (what would be sent, with token counts)",
            "gptfix.showContext",
            [document.uri, diag],
            diag,
        )
    )
    return out


def _command_action(
    title: str, command: str, arguments: list[Any], diag: dict[str, Any] | None = None
) -> dict[str, Any]:
    action: dict[str, Any] = {
        "title": title,
        "kind": "quickfix" if diag is not None else "refactor.rewrite",
        "command": {"title": title, "command": command, "arguments": arguments},
    }
    if diag is not None:
        action["diagnostics"] = [diag]
    return action


@hookimpl
def pylsp_code_actions(
    config: Any, workspace: Any, document: Any, range: dict[str, Any], context: dict[str, Any]
) -> list[dict[str, Any]]:
    """Quick fixes for gptfix diagnostics (edits up front) and the recipes that apply here."""
    state = shell.state_of(workspace)
    only = context.get("only") or None
    out: list[dict[str, Any]] = []
    if _wanted("quickfix", only):
        for diag in context.get("diagnostics") or []:
            data = diag.get("data") if isinstance(diag, dict) else None
            if diag.get("source") != convert.SOURCE or not isinstance(data, dict):
                continue
            finding = state.store.finding(document.uri, str(data.get("key")))
            if finding is not None:
                out.extend(_fix_actions(config, document, finding, diag, state.api_key))
    first = int(range["start"]["line"])
    last = int(range["end"]["line"])
    for m in _recipes(state, document):
        kind = f"refactor.rewrite.gptfix.{m.recipe_id}"
        if _wanted(kind, only) and not (m.end_line - 1 < first or m.line - 1 > last):
            action = _command_action(
                f"gptfix recipe: {m.title} (verified by building the model)",
                "gptfix.applyRecipe",
                [document.uri, m.recipe_id, {}],
            )
            action["kind"] = kind
            out.append(action)
    if _wanted(ask.ASK_KIND, only):
        settings = shell.settings_for(config, findings.script_path(document.uri))
        out.extend(ask.pylsp_actions(document, range, settings, state.api_key))
    return out


def _wanted(kind: str, only: list[str] | None) -> bool:
    return not only or any(kind == o or kind.startswith(f"{o}.") for o in only)


def _recipes(state: shell.PluginState, document: Any) -> list[Any]:
    doc_state = state.store.doc(document.uri)
    if doc_state.recipes_version != document.version or not doc_state.recipes:
        try:
            doc_state.recipes = core.recipes_applicable(document.source, document.path)
        except Exception as exc:
            log.info("gptfix recipes: %s", exc)
            doc_state.recipes = []
        doc_state.recipes_version = document.version
    return list(doc_state.recipes)


@hookimpl
def pylsp_execute_command(
    config: Any, workspace: Any, command: str, arguments: list[Any] | None
) -> Any:
    """gptfix's commands, run in a pylsp worker thread; None for commands gptfix does not own."""
    if command not in shell.COMMANDS:
        return None
    args = list(arguments or [])
    if command == "gptfix.setApiKey":
        shell.state_of(workspace).api_key = args[0] if args and isinstance(args[0], str) else None
        return {"ok": True, "configured": bool(shell.state_of(workspace).api_key)}
    return lambda: shell.execute(config, workspace, command, args)
