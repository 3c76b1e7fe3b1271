"""workspace/executeCommand: the command contract every client relies on.

``gptfix.run`` (uri, {"smoke": bool}) returns the ``gptfix run --json`` result and
publishes its diagnostics before returning; ``gptfix.loadLog`` (uri, {"path"} or
{"text"}); ``gptfix.fixLoop`` (uri, {"maxRounds"}); ``gptfix.applyRecipe`` (uri,
recipe id, options); ``gptfix.listRecipes`` (uri) -> the recipes that apply with
their option schema; ``gptfix.fixWithAI`` (uri, diagnostic); ``gptfix.showContext``
(uri, diagnostic); ``gptfix.setApiKey`` (key). Each one reads the document, calls the
same core function as the CLI in a worker thread (with work-done progress and
cancellation) and converts the result. Bad arguments are answered with an
"invalid params" error naming the problem; the server stays up.
"""

import asyncio
import dataclasses
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams

from gptfix.errors import GptfixError
from gptfix.lsp import ask, code_actions, core, diagnostics, findings
from gptfix.lsp.progress import Job
from gptfix.lsp.state import Finding
from gptfix.model import Fix, Script

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

log = logging.getLogger(__name__)

Handler = Callable[["GptfixLanguageServer", list[Any]], Awaitable[Any]]


def _arg(args: list[Any], i: int, kind: type, name: str, default: Any = None) -> Any:
    if i >= len(args) or args[i] is None:
        if default is not None:
            return default
        raise GptfixError(f"missing argument {i + 1}: {name}")
    value = args[i]
    if not isinstance(value, kind):
        raise GptfixError(f"argument {i + 1} ({name}) must be {kind.__name__}")
    return value


def _document(ls: "GptfixLanguageServer", args: list[Any]) -> tuple[str, Path]:
    uri = _arg(args, 0, str, "document uri")
    path = findings.script_path(uri)
    if path is None:
        raise GptfixError(f"{uri}: not a file on this machine")
    if not path.is_file() and uri not in ls.workspace.text_documents:
        raise GptfixError(f"{path}: no such script")
    return uri, path


def _buffer_text(ls: "GptfixLanguageServer", uri: str, path: Path) -> str | None:
    """The unsaved buffer's text when it differs from the file (then runs use it), else None."""
    if uri not in ls.workspace.text_documents:
        return None
    text = ls.workspace.get_text_document(uri).source
    try:
        on_disk = path.read_text(encoding="utf-8-sig")
    except OSError:
        return text
    return None if on_disk == text else text


async def run(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    uri, path = _document(ls, args)
    options = _arg(args, 1, dict, "options", {})
    smoke = bool(options.get("smoke", False))
    settings = ls.settings_for(path)
    text = _buffer_text(ls, uri, path)
    title = f"gptfix: {'smoke-running' if smoke else 'running'} {path.name}"
    async with Job(ls, title) as job:
        previous = ls.runs.get(uri)
        if previous is not None:
            previous.set()  # a new run of the same script replaces the one in progress
        ls.runs[uri] = job.cancel
        result = await job.call(
            core.run,
            path,
            settings,
            smoke=smoke,
            text=text,
            on_output=job.on_output,
            cancel=job.cancel,
        )
    if ls.runs.get(uri) is job.cancel:
        del ls.runs[uri]
    if result.failure is not None:
        finding = diagnostics.add_finding(ls, uri, result.failure, result)
        if finding is not None:
            result.failure = finding.failure
    else:
        ls.store.replace(uri, [])
        diagnostics.publish(ls, uri)
    return result.to_json()


async def load_log(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    uri, path = _document(ls, args)
    options = _arg(args, 1, dict, "options")
    if isinstance(options.get("text"), str):
        text = options["text"]
    elif isinstance(options.get("path"), str):
        text = core.read_log(Path(options["path"]))
    else:
        raise GptfixError('options need "path" (a log file) or "text" (the log itself)')
    failure = core.failure_from_log(text, path)
    finding = diagnostics.add_finding(ls, uri, failure)
    located = finding.failure if finding else failure
    return {"failure": located.to_json(), "shown": finding is not None}


def _finding_for(ls: "GptfixLanguageServer", uri: str, diag: Any) -> Finding:
    data = diag.get("data") if isinstance(diag, dict) else None
    key = data.get("key") if isinstance(data, dict) else None
    finding = ls.store.finding(uri, str(key)) if key else None
    if finding is None:
        with ls.store.lock:
            current = list(ls.store.doc(uri).findings)
        if key is None and current:
            return current[0]
        raise GptfixError("no gptfix diagnostic for that; run the script or load a log first")
    return finding


async def _apply(
    ls: "GptfixLanguageServer", uri: str, base: str, fix: Fix, *, confirm: str | None = None
) -> dict[str, Any]:
    """Send ``fix`` (made against ``base``) to the client through workspace/applyEdit."""
    edit = code_actions.fix_edit(ls, uri, base, fix, confirm=confirm)
    if edit is None:
        return {"applied": False, "reason": "the document changed where the fix applies"}
    result = await ls.workspace_apply_edit_async(
        types.ApplyWorkspaceEditParams(edit=edit, label=fix.title)
    )
    return {"applied": bool(result.applied), "reason": result.failure_reason}


async def fix_with_ai(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    uri, path = _document(ls, args)
    finding = _finding_for(ls, uri, args[1] if len(args) > 1 else None)
    settings = ls.settings_for(path)
    if not core.llm_configured(settings, ls.api_key):
        raise GptfixError("no LLM endpoint configured (set baseUrl or an API key)")
    doc = ls.workspace.get_text_document(uri)
    base = doc.source
    script = Script(path=path, text=base, version=doc.version)
    chosen = None
    async with Job(ls, f"gptfix: asking {settings.model}") as job:
        fixes, error = await job.call(
            core.llm_fixes, script, finding.failure, settings, ls.api_key, job.cancel
        )
        for fix in fixes:
            if job.cancel.is_set():
                break
            job.report(f"verifying: {fix.title}", force=True)
            await job.call(core.verify, script, fix, finding.failure, settings, job.cancel)
            if fix.verified:
                chosen = fix
                break
    if job.cancel.is_set():
        return {"applied": False, "reason": "cancelled"}
    if chosen is None:
        reasons = [f.verification.reason for f in fixes if f.verification and f.verification.reason]
        reason = "; ".join(r for r in reasons if r) or error or "the answer held no fix"
        ls.log(f"gptfix: AI fix not applied: {reason}", types.MessageType.Warning)
        return {"applied": False, "reason": reason, "fixes": [f.to_json() for f in fixes]}
    out = await _apply(ls, uri, base, chosen, confirm=f"gptfix AI fix: {chosen.title}")
    out["fix"] = chosen.to_json()
    return out


async def show_context(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    uri, path = _document(ls, args)
    finding = _finding_for(ls, uri, args[1] if len(args) > 1 else None)
    settings = ls.settings_for(path)
    doc = ls.workspace.get_text_document(uri)
    script = Script(path=path, text=doc.source, version=doc.version)
    ctx = await Job(ls, "gptfix: context").call(
        core.build_context, script, finding.failure, settings.token_budget
    )
    if hasattr(ctx, "to_json"):
        return ctx.to_json()
    if dataclasses.is_dataclass(ctx) and not isinstance(ctx, type):
        return dataclasses.asdict(ctx)
    return {"text": str(ctx)}


async def apply_recipe(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    uri, path = _document(ls, args)
    recipe_id = _arg(args, 1, str, "recipe id")
    options = _arg(args, 2, dict, "options", {})
    settings = ls.settings_for(path)
    doc = ls.workspace.get_text_document(uri)
    base = doc.source
    script = Script(path=path, text=base, version=doc.version)
    async with Job(ls, f"gptfix: recipe {recipe_id}") as job:
        fix = await job.call(core.apply_recipe, recipe_id, base, options, settings)
        job.report("building the patched model", force=True)
        verification = await job.call(core.verify_recipe, script, fix, settings)
    if not verification.verified:
        return {"applied": False, "reason": verification.reason, "fix": fix.to_json()}
    out = await _apply(ls, uri, base, fix)
    out["fix"] = fix.to_json()
    return out


async def list_recipes(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    """The recipes that apply to the document, with their options (for a client's picker)."""
    uri, path = _document(ls, args)
    text = ls.workspace.get_text_document(uri).source
    return await asyncio.to_thread(core.recipe_catalog, text, str(path))


async def fix_loop(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    uri, path = _document(ls, args)
    options = _arg(args, 1, dict, "options", {})
    if _buffer_text(ls, uri, path) is not None:
        raise GptfixError(f"{path.name} has unsaved changes; save it before the fix loop")
    settings = ls.settings_for(path)
    rounds = options.get("maxRounds")
    if rounds is not None:
        if not isinstance(rounds, int) or rounds < 1:
            raise GptfixError("maxRounds must be a positive integer")
        settings = dataclasses.replace(settings, max_rounds=rounds)
    before = path.read_text(encoding="utf-8-sig")
    async with Job(ls, f"gptfix: fix loop on {path.name}") as job:

        def on_event(name: str, data: dict[str, Any]) -> None:
            fix = data.get("fix")
            what = getattr(fix, "title", None) or getattr(data.get("failure"), "type", "")
            job.report(f"{name}: {what}" if what else name, force=True)

        result = await job.call(
            core.fix_loop, path, settings, api_key=ls.api_key, on_event=on_event, cancel=job.cancel
        )
    after = path.read_text(encoding="utf-8-sig")
    if after != before and uri in ls.workspace.text_documents:
        # the loop wrote the file (with its undo journal); bring the open buffer along
        edit_fix = Fix(title="gptfix fix loop", new_text=after, origin="loop")
        await _apply(ls, uri, before, edit_fix)
    if result.failure is not None and uri in ls.workspace.text_documents:
        diagnostics.add_finding(ls, uri, result.failure, result)
    else:
        ls.store.replace(uri, [])
        diagnostics.publish(ls, uri)
    return result.to_json()


async def set_api_key(ls: "GptfixLanguageServer", args: list[Any]) -> Any:
    key = _arg(args, 0, str, "key") if args and args[0] else None
    ls.api_key = key or None
    return {"ok": True, "configured": bool(key)}


#: command id -> handler. Explicit; the client-visible contract.
COMMANDS: dict[str, Handler] = {
    "gptfix.run": run,
    "gptfix.loadLog": load_log,
    "gptfix.fixLoop": fix_loop,
    "gptfix.applyRecipe": apply_recipe,
    "gptfix.listRecipes": list_recipes,
    "gptfix.fixWithAI": fix_with_ai,
    "gptfix.showContext": show_context,
    "gptfix.setApiKey": set_api_key,
    ask.COMMAND: ask.ask_command,
}


def _adapter(name: str, fn: Handler) -> Callable[..., Awaitable[Any]]:
    async def handler(ls, *args: Any) -> Any:  # type: ignore[no-untyped-def]
        msg_id = ls.protocol.request_id()
        task = asyncio.current_task()
        if msg_id is not None and task is not None:
            ls.running[msg_id] = task
        try:
            return await fn(ls, list(args))
        except GptfixError as exc:
            ls.log(f"{name}: {exc.message}", types.MessageType.Warning)
            raise JsonRpcInvalidParams(f"{name}: {exc.message}") from exc
        finally:
            ls.running.pop(msg_id, None)

    handler.__name__ = name.replace(".", "_")
    return handler


def register(ls: "GptfixLanguageServer") -> None:
    for name, fn in COMMANDS.items():
        ls.command(name)(_adapter(name, fn))
