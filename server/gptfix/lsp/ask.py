"""Editors' "Ask AI to change this…": the code action and the ``gptfix.ask`` command.

The action is listed on the model-building code (from the document's last index) or on
any selection, when an LLM is configured; listing never calls the LLM. It carries the
command ``gptfix.ask`` (uri, {"line", "endLine"}) without a request: the VS Code
extension asks for it in an input box and adds ``"request"``; other editors send the
command with the request text themselves (uri, {"request", "line"?, "endLine"?,
"gpuMem"?, "maxRounds"?}). The command runs :func:`gptfix.llm.ask.ask` in a worker with
a progress notification, and sends a verified change as workspace/applyEdit with a change
annotation that needs confirmation (VS Code shows a preview); a change that did not
verify is reported with its reason and not applied.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from gptfix.errors import GptfixError
from gptfix.llm.ask import AskResult, ask
from gptfix.llm.change_context import model_lines
from gptfix.lsp import core, findings
from gptfix.model import Script
from gptfix.settings import Settings

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

ASK_KIND = "refactor.rewrite.gptfix.ask"
COMMAND = "gptfix.ask"


def _model_lines(ls: GptfixLanguageServer, uri: str) -> set[int]:
    index = ls.store.doc(uri).index
    return set(model_lines(index)) if index is not None else set()


def offer(
    model: set[int], first: int, last: int, selection: bool, settings: Settings, api_key: str | None
) -> tuple[str, dict[str, Any]] | None:
    """(title, where) of the action for lines ``first``-``last`` (1-based), or None.

    Offered on a selection, or on a line of the model code, when an LLM is configured.
    """
    if not core.llm_configured(settings, api_key):
        return None
    if not selection and not model & set(range(first, last + 1)):
        return None
    where: dict[str, Any] = {"line": first}
    if selection and last > first:
        where["endLine"] = last
    return f"gptfix: Ask AI to change this… ({settings.model}; verified before applying)", where


def actions(
    ls: GptfixLanguageServer,
    uri: str,
    rng: types.Range,
    lines: tuple[int, int],
    wanted: bool,
) -> list[types.CodeAction]:
    """The "Ask AI to change this…" action for ``lines`` (0-based, inclusive), if it applies."""
    if not wanted:
        return []
    selection = rng.start != rng.end
    model = _model_lines(ls, uri)
    found = offer(model, lines[0] + 1, lines[1] + 1, selection, ls.settings_for(None), ls.api_key)
    if found is None:
        return []
    title, where = found
    command = types.Command(title="Ask AI to change this…", command=COMMAND, arguments=[uri, where])
    return [types.CodeAction(title=title, kind=ASK_KIND, command=command)]


@dataclass
class AskOptions:
    """The ``gptfix.ask`` command's options, checked."""

    request: str
    line: int | None = None
    end_line: int | None = None
    gpu_mem: float | None = None
    max_rounds: int = 2


def _int(options: dict[str, Any], key: str) -> int | None:
    value = options.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or value < 1:
        raise GptfixError(f"{key} must be a positive integer")
    return value


def parse_options(raw: Any) -> AskOptions:
    """The command's second argument as options; a clear error for bad ones."""
    options = raw if isinstance(raw, dict) else {}
    request = options.get("request")
    if not isinstance(request, str) or not request.strip():
        raise GptfixError('the change request is empty: pass {"request": "what to change"}')
    gpu = options.get("gpuMem")
    if gpu is not None and (not isinstance(gpu, int | float) or gpu <= 0):
        raise GptfixError("gpuMem must be a positive number of GiB")
    return AskOptions(
        request,
        _int(options, "line"),
        _int(options, "endLine"),
        float(gpu) if gpu is not None else None,
        _int(options, "maxRounds") or 2,
    )


def run_ask(
    script: Script,
    opts: AskOptions,
    settings: Settings,
    api_key: str | None,
    progress: Callable[[str], None],
    cancel: threading.Event | None = None,
) -> AskResult:
    """The core call both shells make (in a worker thread)."""
    return ask(
        script,
        opts.request,
        settings,
        line=opts.line,
        end_line=opts.end_line,
        gpu_mem_gb=opts.gpu_mem,
        max_rounds=opts.max_rounds,
        progress=progress,
        cancel=cancel,
        api_key=api_key,
    )


async def ask_command(ls: GptfixLanguageServer, args: list[Any]) -> Any:
    """``gptfix.ask`` (uri, options): see the module docstring."""
    from gptfix.lsp.code_actions import fix_edit
    from gptfix.lsp.progress import Job

    uri = args[0] if args and isinstance(args[0], str) else None
    if uri is None:
        raise GptfixError("missing argument 1: document uri")
    opts = parse_options(args[1] if len(args) > 1 else None)
    path = findings.script_path(uri)
    if path is None or uri not in ls.workspace.text_documents:
        raise GptfixError(f"{uri}: open the script first")
    doc = ls.workspace.get_text_document(uri)
    base = doc.source
    script = Script(path=Path(path), text=base, version=doc.version)
    settings = ls.settings_for(path)
    async with Job(ls, f"gptfix: asking {settings.model} for a change") as job:
        report = lambda msg: job.report(msg, force=True)  # noqa: E731
        result = await job.call(run_ask, script, opts, settings, ls.api_key, report, job.cancel)
    out: dict[str, Any] = result.to_json()
    out["applied"] = False
    if result.change is None:
        ls.show(f"gptfix: no verified change: {result.reason}", types.MessageType.Warning)
        return out
    edit = fix_edit(
        ls, uri, base, result.change, confirm=f"gptfix AI change: {result.change.title}"
    )
    if edit is None:
        out["reason"] = "the document changed where the change applies"
        return out
    applied = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label=result.change.title)
    )
    out["applied"] = bool(applied.applied)
    if not applied.applied:
        out["reason"] = applied.failure_reason or "the editor did not apply the change"
    return out


def pylsp_actions(
    document: Any, rng: dict[str, Any], settings: Settings, api_key: str | None
) -> list[dict[str, Any]]:
    """The action for python-lsp-server (a plain dict; the model code from a fresh index)."""
    from gptfix.index import build_index

    first, last = int(rng["start"]["line"]) + 1, int(rng["end"]["line"]) + 1
    selection = rng["start"] != rng["end"]
    try:
        model = set(model_lines(build_index(document.source, document.path)))
    except (SyntaxError, ValueError):
        model = set()
    found = offer(model, first, last, selection, settings, api_key)
    if found is None:
        return []
    title, where = found
    command = {
        "title": "Ask AI to change this…",
        "command": COMMAND,
        "arguments": [document.uri, where],
    }
    return [{"title": title, "kind": ASK_KIND, "command": command}]


def pylsp_command(
    config: Any, workspace: Any, document: Any, path: Path, settings: Settings, rest: list[Any]
) -> Any:
    """``gptfix.ask`` in python-lsp-server (a worker thread); applies a verified change."""
    from gptfix.lsp import pylsp_shell as shell

    opts = parse_options(rest[0] if rest else None)
    base = document.source
    script = Script(path=path, text=base, version=document.version)
    api_key = shell.state_of(workspace).api_key
    with workspace.report_progress(f"gptfix: asking {settings.model} for a change") as report:
        result = run_ask(script, opts, settings, api_key, lambda msg: report(msg))
    out: dict[str, Any] = result.to_json()
    out["applied"] = False
    if result.change is None:
        workspace.show_message(f"gptfix: no verified change: {result.reason}")
        return out
    current = workspace.get_document(document.uri)
    edits = findings.fix_text_edits(base, current.source, result.change, shell.CODEC)
    if edits is None:
        out["reason"] = "the document changed where the change applies"
        return out
    confirm = f"gptfix AI change: {result.change.title}"
    edit = shell.workspace_edit(config, document.uri, current.version, edits, confirm)
    reply = workspace.apply_edit(edit).result(timeout=60)
    out["applied"] = bool((reply or {}).get("applied"))
    return out
