"""The pylsp plugin's side of gptfix: per-workspace state and the command handlers.

Bridges pylsp's workspace/document objects (duck-typed: ``source``, ``uri``,
``version``, ``apply_edit``, ``report_progress``) and the same core calls and
:mod:`gptfix.lsp.findings` helpers the pygls server uses. Imported only by
:mod:`gptfix.pylsp_plugin`; does not import pylsp itself.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from pathlib import Path
from typing import Any

from lsprotocol import types
from lsprotocol.converters import get_converter
from pygls.workspace.position_codec import PositionCodec

from gptfix.errors import GptfixError
from gptfix.lsp import ask, convert, core, findings
from gptfix.lsp import settings as lsp_settings
from gptfix.lsp.state import Finding, Store
from gptfix.model import Fix, Script
from gptfix.settings import Settings

log = logging.getLogger(__name__)

_CONVERTER = get_converter()
CODEC = PositionCodec(types.PositionEncodingKind.Utf16)  # pylsp does not negotiate
COMMANDS = [
    "gptfix.run",
    "gptfix.loadLog",
    "gptfix.fixLoop",
    "gptfix.applyRecipe",
    "gptfix.fixWithAI",
    "gptfix.showContext",
    "gptfix.setApiKey",
    "gptfix.ask",
]


class PluginState:
    """gptfix's state for one pylsp workspace."""

    def __init__(self) -> None:
        self.store = Store()
        self.api_key: str | None = None

    def verify_in_background(self, finding: Finding, settings: Settings) -> None:
        """Compute and verify the finding's fixes in a daemon thread (never delays exit)."""
        threading.Thread(
            target=findings.compute_fixes, args=(finding, settings), daemon=True
        ).start()


def state_of(workspace: Any) -> PluginState:
    state = getattr(workspace, "_gptfix_state", None)
    if state is None:
        state = PluginState()
        workspace._gptfix_state = state
    return state


def settings_for(config: Any, path: Path | None) -> Settings:
    options = dict(config.plugin_settings("gptfix") or {})
    options.pop("enabled", None)
    settings, note = lsp_settings.from_options(options, path.parent if path else None)
    if note:
        log.warning("gptfix: %s", note)
    return settings


def plain(obj: Any) -> Any:
    return _CONVERTER.unstructure(obj)


def lint(workspace: Any, document: Any) -> list[dict[str, Any]]:
    """The run/log findings of this document, moved along with the user's edits."""
    state = state_of(workspace)
    with state.store.lock:
        kept, _ = findings.follow(list(state.store.doc(document.uri).findings), document.source)
        state.store.replace(document.uri, kept)
    return [plain(f.diagnostic) for f in kept if f.diagnostic is not None]


def workspace_edit(
    config: Any,
    uri: str,
    version: int | None,
    edits: list[types.TextEdit],
    confirm: str | None = None,
) -> dict[str, Any]:
    caps = _CONVERTER.structure(config.capabilities or {}, types.ClientCapabilities)
    return plain(convert.workspace_edit(uri, version, edits, caps, confirm_label=confirm))


def execute(config: Any, workspace: Any, command: str, args: list[Any]) -> Any:
    try:
        if not args or not isinstance(args[0], str):
            raise GptfixError("missing argument 1: document uri")
        uri = args[0]
        document = workspace.get_document(uri)
        path = findings.script_path(uri)
        if path is None:
            raise GptfixError(f"{uri}: not a file on this machine")
        settings = settings_for(config, path)
        handler = _HANDLERS[command]
        return handler(config, workspace, document, path, settings, args[1:])
    except GptfixError as exc:
        workspace.show_message(f"gptfix: {exc.message}", types.MessageType.Warning)
        return {"error": exc.message}


def _show(
    config: Any,
    workspace: Any,
    document: Any,
    failure: Any,
    result: Any,
    path: Path,
    settings: Settings,
) -> Finding | None:
    """Record the failure as this document's finding, relint, start verifying its fixes."""
    state = state_of(workspace)
    finding = findings.build_finding(
        document.uri, document.source, document.version, failure, CODEC, result
    )
    state.store.replace(document.uri, [finding] if finding else [])
    _relint(workspace, document)
    if finding is not None:
        state.verify_in_background(finding, settings)
    return finding


def _relint(workspace: Any, document: Any) -> None:
    server = getattr(getattr(workspace, "_endpoint", None), "_dispatcher", None)
    lint_all = getattr(server, "_lint_text_document", None)
    if lint_all is not None:  # every linter's diagnostics, published together
        lint_all(document.uri, workspace, False, document.version)
    else:
        diags = lint(workspace, document)
        workspace.publish_diagnostics(document.uri, diags, document.version)


def _run(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    options = rest[0] if rest and isinstance(rest[0], dict) else {}
    smoke = bool(options.get("smoke", False))
    on_disk = path.read_text(encoding="utf-8-sig") if path.is_file() else None
    text = None if on_disk == document.source else document.source
    with workspace.report_progress(f"gptfix: running {path.name}") as progress:
        result = core.run(
            path,
            settings,
            smoke=smoke,
            text=text,
            on_output=lambda _s, line: progress(line.strip()[:200]),
            cancel=None,
        )
    if result.failure is not None:
        finding = _show(config, workspace, document, result.failure, result, path, settings)
        if finding is not None:
            result.failure = finding.failure
    else:
        state_of(workspace).store.replace(document.uri, [])
        _relint(workspace, document)
    return result.to_json()


def _load_log(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    options = rest[0] if rest and isinstance(rest[0], dict) else {}
    if isinstance(options.get("text"), str):
        text = options["text"]
    elif isinstance(options.get("path"), str):
        text = core.read_log(Path(options["path"]))
    else:
        raise GptfixError('options need "path" (a log file) or "text" (the log itself)')
    failure = core.failure_from_log(text, path)
    finding = _show(config, workspace, document, failure, None, path, settings)
    return {
        "failure": (finding.failure if finding else failure).to_json(),
        "shown": finding is not None,
    }


def _apply(
    config: Any, workspace: Any, document: Any, base: str, fix: Fix, confirm: str | None = None
) -> dict[str, Any]:
    current = workspace.get_document(document.uri)
    edits = findings.fix_text_edits(base, current.source, fix, CODEC)
    if edits is None:
        return {"applied": False, "reason": "the document changed where the fix applies"}
    reply = workspace.apply_edit(
        workspace_edit(config, document.uri, current.version, edits, confirm)
    ).result(timeout=60)
    return {"applied": bool((reply or {}).get("applied")), "fix": fix.to_json()}


def _apply_recipe(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    if not rest or not isinstance(rest[0], str):
        raise GptfixError("missing argument 2: recipe id")
    options = rest[1] if len(rest) > 1 and isinstance(rest[1], dict) else {}
    base = document.source
    with workspace.report_progress(f"gptfix: recipe {rest[0]}"):
        fix = core.apply_recipe(rest[0], base, options, settings)
        check = core.verify_recipe(
            Script(path=path, text=base, version=document.version), fix, settings
        )
    if not check.verified:
        return {"applied": False, "reason": check.reason, "fix": fix.to_json()}
    return _apply(config, workspace, document, base, fix)


def _finding(workspace: Any, document: Any, rest: list[Any]) -> Finding:
    diag: dict[str, Any] = rest[0] if rest and isinstance(rest[0], dict) else {}
    raw = diag.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    state = state_of(workspace)
    finding = state.store.finding(document.uri, str(data.get("key")))
    if finding is None:
        current = state.store.doc(document.uri).findings
        if not current:
            raise GptfixError("no gptfix diagnostic for that; run the script or load a log first")
        finding = current[0]
    return finding


def _fix_with_ai(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    finding = _finding(workspace, document, rest)
    api_key = state_of(workspace).api_key
    if not core.llm_configured(settings, api_key):
        raise GptfixError("no LLM endpoint configured (set baseUrl or an API key)")
    base = document.source
    script = Script(path=path, text=base, version=document.version)
    with workspace.report_progress(f"gptfix: asking {settings.model}"):
        fixes, error = core.llm_fixes(script, finding.failure, settings, api_key, None)
        chosen = core.first_verified(script, fixes, finding.failure, settings)
    if chosen is None:
        reasons = [f.verification.reason for f in fixes if f.verification and f.verification.reason]
        return {"applied": False, "reason": "; ".join(r for r in reasons if r) or error or "no fix"}
    return _apply(
        config, workspace, document, base, chosen, confirm=f"gptfix AI fix: {chosen.title}"
    )


def _show_context(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    finding = _finding(workspace, document, rest)
    script = Script(path=path, text=document.source, version=document.version)
    ctx = core.build_context(script, finding.failure, settings.token_budget)
    return ctx.to_json() if hasattr(ctx, "to_json") else {"text": str(ctx)}


def _fix_loop(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    options = rest[0] if rest and isinstance(rest[0], dict) else {}
    if path.read_text(encoding="utf-8-sig") != document.source:
        raise GptfixError(f"{path.name} has unsaved changes; save it before the fix loop")
    rounds = options.get("maxRounds")
    if isinstance(rounds, int) and rounds > 0:
        settings = dataclasses.replace(settings, max_rounds=rounds)
    before = document.source
    with workspace.report_progress(f"gptfix: fix loop on {path.name}") as progress:
        result = core.fix_loop(
            path,
            settings,
            api_key=state_of(workspace).api_key,
            on_event=lambda name, _d: progress(name),
            cancel=threading.Event(),
        )
    after = path.read_text(encoding="utf-8-sig")
    if after != before:
        _apply(
            config,
            workspace,
            document,
            before,
            Fix(title="gptfix fix loop", new_text=after, origin="loop"),
        )
    return result.to_json()


_HANDLERS = {
    "gptfix.run": _run,
    "gptfix.loadLog": _load_log,
    "gptfix.fixLoop": _fix_loop,
    "gptfix.applyRecipe": _apply_recipe,
    "gptfix.fixWithAI": _fix_with_ai,
    "gptfix.showContext": _show_context,
    "gptfix.ask": ask.pylsp_command,
}
