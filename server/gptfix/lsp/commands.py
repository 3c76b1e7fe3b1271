"""workspace/executeCommand in ``gptfix lsp``: the command table's editor commands.

Registers one handler per editor id of :data:`gptfix.service.table.COMMANDS`. Each
checks its arguments with :func:`gptfix.service.table.parse`, runs the shared handler
(:mod:`gptfix.lsp.handlers`) in a worker thread under a work-done progress
(:class:`~gptfix.lsp.progress.WorkDone`: cancel button and ``$/cancelRequest`` stop
it) and answers its JSON. :class:`PyglsHost` is how the handlers reach this server:
documents, settings, findings, applyEdit (each hop to the event loop where needed).
Bad arguments are answered with an "invalid params" error naming the problem.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from gptfix.errors import GptfixError
from gptfix.lsp import diagnostics, findings, handlers, notebooks
from gptfix.lsp.handlers import Doc, HostBase, Work
from gptfix.lsp.progress import WorkDone
from gptfix.lsp.state import Finding
from gptfix.model import Failure, Fix, RunResult
from gptfix.notebook.editor import EditorNotebook, cell_fix
from gptfix.service import table
from gptfix.settings import Settings

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

log = logging.getLogger(__name__)
T = TypeVar("T")
#: seconds a handler waits for the client to answer workspace/applyEdit
APPLY_TIMEOUT_S = 300


class PyglsHost(HostBase):
    """The handlers' view of ``gptfix lsp`` (methods are called from worker threads)."""

    def __init__(self, ls: GptfixLanguageServer) -> None:
        self.ls = ls
        self.state = ls
        #: notebooks behind the cell URIs this command read, by URI (see :meth:`document`)
        self.notebooks: dict[str, EditorNotebook] = {}

    def _on_loop(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the server's event loop and wait for its result."""
        done: concurrent.futures.Future[T] = concurrent.futures.Future()

        def call() -> None:
            try:
                done.set_result(fn())
            except BaseException as exc:
                done.set_exception(exc)

        self.ls.call_soon(call)
        return done.result(timeout=APPLY_TIMEOUT_S)

    def document(self, uri: str) -> Doc:
        """The document; for a notebook or one of its cells, the program of its cells as
        the editor has them (every command then works on the whole notebook)."""
        live = self._on_loop(lambda: notebooks.open_notebook(self.ls, uri))
        if live is not None:
            self.notebooks[uri] = live
            return Doc(uri, live.path, live.program.text, None, True, live.program)
        path = findings.script_path(uri)
        if path is None:
            raise GptfixError(f"{uri}: not a file on this machine")
        if uri in self.ls.workspace.text_documents:
            doc = self.ls.workspace.get_text_document(uri)
            return Doc(uri, path, doc.source, doc.version, True)
        if not path.is_file():
            raise GptfixError(f"{path}: no such script")
        return Doc(uri, path, read_script(path), None, False)

    def settings_for(self, path: Path | None) -> Settings:
        return self.ls.settings_for(path)

    def show_failure(self, doc: Doc, failure: Failure, result: RunResult | None) -> Finding | None:
        """Locate the failure in the open buffer and publish it on the event loop; its
        candidate fixes are listed and verified in the background (the rules may probe the
        interpreter, which can take seconds: a command returns before that)."""
        if not doc.is_open:
            return None
        live = self.notebooks.get(doc.uri)
        if live is not None:  # on the failing cell; its fixes are listed in the background
            return self._on_loop(lambda: notebooks.show_failure(self.ls, live, failure, result))

        def build() -> Finding | None:
            now = self.ls.workspace.get_text_document(doc.uri)
            return findings.build_finding(
                doc.uri, now.source, now.version, failure, now.position_codec, result
            )

        finding = self._on_loop(build)
        self._on_loop(lambda: diagnostics.show_finding(self.ls, doc.uri, finding))
        return finding

    def clear(self, uri: str) -> None:
        live = self.notebooks.get(uri)
        uris = list(live.cell_uris().values()) if live is not None else [uri]

        def clear() -> None:
            for each in uris:
                self.ls.store.replace(each, [])
                diagnostics.publish(self.ls, each)

        self._on_loop(clear)

    def findings(self, uri: str) -> list[Finding]:
        with self.ls.store.lock:
            return list(self.ls.store.doc(uri).findings)

    def apply(self, uri: str, base: str, fix: Fix, confirm: str | None) -> dict[str, Any]:
        live = self.notebooks.get(uri)
        if live is not None and base == live.program.text:  # a change of the program
            on_cell = cell_fix(live, uri, fix)
            if on_cell is None:
                return {"applied": False, "reason": "the change does not fit the notebook's cells"}
            cell = live.cell_at(uri)
            assert cell is not None  # cell_fix found it
            base, fix = live.cells[cell.index].text, on_cell
        if unquote(uri) not in self.ls.workspace.text_documents:
            return {"applied": False, "reason": "the document is not open"}
        from gptfix.lsp.code_actions import listing

        edit = self._on_loop(lambda: listing(self.ls, uri).edit(base, fix, confirm))
        if edit is None:
            return {"applied": False, "reason": "the document changed where the fix applies"}
        params = types.ApplyWorkspaceEditParams(edit=edit, label=fix.title)
        future = asyncio.run_coroutine_threadsafe(
            self.ls.workspace_apply_edit_async(params), self.ls.loop()
        )
        reply = future.result(timeout=APPLY_TIMEOUT_S)
        return {"applied": bool(reply.applied), "reason": reply.failure_reason}


def read_script(path: Path) -> str:
    """A script's text from disk; a clear error for one that is not UTF-8 text."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GptfixError(f"{path.name} is not UTF-8 text (byte {exc.start})") from exc
    except OSError as exc:
        raise GptfixError(f"{path.name}: {exc.strerror or exc}") from exc


def _adapter(command: table.Command) -> Callable[..., Awaitable[Any]]:
    name = command.id or command.name
    handler = handlers.HANDLERS.get(name)

    # unannotated `ls`: pygls reads the handler's type hints to convert the arguments
    async def run(ls, *args: Any) -> Any:  # type: ignore[no-untyped-def]
        msg_id = ls.protocol.msg_id
        task = asyncio.current_task()
        if msg_id is not None and task is not None:
            ls.running[msg_id] = task
        host = PyglsHost(ls)
        try:
            parsed = notebooks.on_program_lines(ls, name, table.parse(name, list(args)))
            if handler is None:  # gptfix.setApiKey: this server's own state
                return handlers.set_api_key(host, parsed)
            uri = parsed.get("uri")
            path = findings.script_path(uri) if isinstance(uri, str) else None
            title = f"gptfix: {command.summary.split(';')[0]}"
            if path is not None:
                title = f"gptfix {command.name.replace('_', ' ')}: {path.name}"
            async with WorkDone(ls, title) as job:
                work = Work(cancel=job.cancel, report=job.report, on_output=job.on_output)
                if name == "gptfix.run":
                    previous = ls.runs.get(str(uri))
                    if previous is not None:
                        previous.set()  # a new run of the same script replaces the one running
                    ls.runs[str(uri)] = job.cancel
                try:
                    return await job.call(handler, host, parsed, work)
                finally:
                    if ls.runs.get(str(uri)) is job.cancel:
                        del ls.runs[str(uri)]
        except GptfixError as exc:
            ls.log(f"{name}: {exc.message}", types.MessageType.Warning)
            raise JsonRpcInvalidParams(f"{name}: {exc.message}") from None
        except (asyncio.CancelledError, JsonRpcInvalidParams):
            raise
        except Exception as exc:  # answered without the traceback (it goes to the log)
            log.exception("%s failed", name)
            raise JsonRpcInternalError(f"{name}: {type(exc).__name__}: {exc}") from None
        finally:
            ls.running.pop(msg_id, None)

    run.__name__ = name.replace(".", "_")
    return run


def register(ls: GptfixLanguageServer) -> None:
    """Register every editor command of the command table."""
    for command in table.COMMANDS:
        if command.id is not None and not command.notebook_sync:  # those: lsp/notebooks.py
            ls.command(command.id)(_adapter(command))
