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

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from gptfix.errors import GptfixError
from gptfix.lsp import core, findings
from gptfix.model import Script

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

ASK_KIND = "refactor.rewrite.gptfix.ask"
COMMAND = "gptfix.ask"


def _model_lines(ls: GptfixLanguageServer, uri: str) -> set[int]:
    from gptfix.llm.change_context import model_lines

    index = ls.store.doc(uri).index
    return set(model_lines(index)) if index is not None else set()


def actions(
    ls: GptfixLanguageServer,
    uri: str,
    rng: types.Range,
    lines: tuple[int, int],
    wanted: bool,
) -> list[types.CodeAction]:
    """The "Ask AI to change this…" action for ``lines`` (0-based, inclusive), if it applies."""
    settings = ls.settings_for(None)
    if not wanted or not core.llm_configured(settings, ls.api_key):
        return []
    first, last = lines[0] + 1, lines[1] + 1
    selection = rng.start != rng.end
    if not selection and not _model_lines(ls, uri) & set(range(first, last + 1)):
        return []
    where: dict[str, Any] = {"line": first}
    if selection and last > first:
        where["endLine"] = last
    title = f"gptfix: Ask AI to change this… ({settings.model}; verified before applying)"
    return [
        types.CodeAction(
            title=title,
            kind=ASK_KIND,
            command=types.Command(
                title="Ask AI to change this…", command=COMMAND, arguments=[uri, where]
            ),
        )
    ]


def _int(options: dict[str, Any], key: str) -> int | None:
    value = options.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or value < 1:
        raise GptfixError(f"{key} must be a positive integer")
    return value


async def ask_command(ls: GptfixLanguageServer, args: list[Any]) -> Any:
    """``gptfix.ask`` (uri, options): see the module docstring."""
    from gptfix.llm.ask import ask
    from gptfix.lsp.code_actions import fix_edit
    from gptfix.lsp.progress import Job

    uri = args[0] if args and isinstance(args[0], str) else None
    if uri is None:
        raise GptfixError("missing argument 1: document uri")
    options = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    request = options.get("request")
    if not isinstance(request, str) or not request.strip():
        raise GptfixError('the change request is empty: pass {"request": "what to change"}')
    path = findings.script_path(uri)
    if path is None or uri not in ls.workspace.text_documents:
        raise GptfixError(f"{uri}: open the script first")
    gpu = options.get("gpuMem")
    if gpu is not None and (not isinstance(gpu, int | float) or gpu <= 0):
        raise GptfixError("gpuMem must be a positive number of GiB")
    doc = ls.workspace.get_text_document(uri)
    base = doc.source
    script = Script(path=Path(path), text=base, version=doc.version)
    settings = ls.settings_for(path)
    async with Job(ls, f"gptfix: asking {settings.model} for a change") as job:
        result = await job.call(
            ask,
            script,
            request,
            settings,
            line=_int(options, "line"),
            end_line=_int(options, "endLine"),
            gpu_mem_gb=float(gpu) if gpu is not None else None,
            max_rounds=_int(options, "maxRounds") or 2,
            progress=lambda msg: job.report(msg, force=True),
            cancel=job.cancel,
            api_key=ls.api_key,
        )
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
