"""The gptfix language server: a pygls ``LanguageServer`` subclass holding all state.

Wiring only: :func:`create_server` builds a :class:`GptfixLanguageServer` and attaches
the handlers from ``diagnostics``, ``code_actions``, ``commands`` and ``notebooks``
(notebook document sync); every handler
receives the server instance (no module globals). :func:`start` serves it over
stdio or TCP.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from gptfix import __version__
from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.lsp import code_actions, commands, diagnostics, framing, notebooks
from gptfix.lsp import settings as lsp_settings
from gptfix.lsp.pygls_compat import GptfixProtocol
from gptfix.lsp.state import Store
from gptfix.redact import redact_log
from gptfix.runner.cleanup import cleanup_all
from gptfix.settings import Settings

log = logging.getLogger(__name__)
#: seconds shutdown waits for cancelled work to end (scripts killed, copies removed)
SHUTDOWN_WAIT_S = 10.0


class GptfixLanguageServer(LanguageServer):
    """pygls server plus gptfix's state: settings, per-document findings, worker pools."""

    def __init__(self) -> None:
        super().__init__(
            "gptfix",
            __version__,
            protocol_cls=GptfixProtocol,
            notebook_document_sync=notebooks.SYNC,
        )
        #: request id -> the asyncio task of the command handling it (for cancellation)
        self.running: dict[Any, asyncio.Task[Any]] = {}
        self.store = Store()
        self.options: Any = None  #: the editor's gptfix options, as last received
        self.api_key: str | None = None  #: handed over by gptfix.setApiKey; never logged
        #: commands' blocking core calls (runs, LLM requests, recipes)
        self.workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="gptfix-cmd")
        #: fix verification after a run (one at a time: it runs the script)
        self.background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gptfix-verify")
        #: debounced re-indexing and recipe matching (never queued behind a verification)
        self.indexer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gptfix-index")
        #: document uri -> the cancel event of its run in progress (a new run stops it)
        self.runs: dict[str, Any] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.shutdown_requested = False
        if isinstance(self.protocol, GptfixProtocol):
            self.protocol.on_cancel = self._cancel_command

    def _cancel_command(self, msg_id: Any) -> None:
        """A ``$/cancelRequest`` for a running command stops its task (and so its work)."""
        task = self.running.pop(msg_id, None)
        if task is not None:
            task.cancel()

    def loop(self) -> asyncio.AbstractEventLoop:
        """The event loop serving the client (set by ``initialize``)."""
        if self._loop is None:
            raise RuntimeError("the server has not been initialized")
        return self._loop

    def supports_code_action_refresh(self) -> bool:
        """Whether the client announced ``workspace/codeAction/refresh`` (not in LSP 3.17:
        read from ``experimental.codeActionRefreshSupport``)."""
        experimental = self.client_capabilities.experimental
        return isinstance(experimental, dict) and bool(experimental.get("codeActionRefreshSupport"))

    # -- settings -------------------------------------------------------------------
    def settings_for(self, path: Path | None) -> Settings:
        """Settings for a script: editor options over pyproject.toml/environment defaults."""
        start = path.parent if path is not None else self._root()
        settings, _ = lsp_settings.from_options(self.options, start)
        return settings

    def _root(self) -> Path | None:
        try:
            root = self.workspace.root_path
        except Exception:
            return None
        return Path(root) if root else None

    def set_options(self, options: Any) -> None:
        """Take new editor options: validate, log (without secrets), keep."""
        settings, note = lsp_settings.from_options(options, self._root())
        if note is not None:
            self.log(f"gptfix: {note}", types.MessageType.Warning)
            if note.startswith("invalid"):
                options = None
        self.options = options
        self.log(f"gptfix settings: {json.dumps(lsp_settings.loggable(settings))}")

    # -- messages -------------------------------------------------------------------
    def log(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """A window/logMessage to the client (secrets redacted)."""
        message = redact_log(message, self.api_key)
        log.info("%s", message)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
        except Exception:  # no client connected (yet)
            pass

    def show(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """A window/showMessage the user sees (secrets redacted)."""
        message = redact_log(message, self.api_key)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def call_soon(self, fn: Any, *args: Any) -> None:
        """Run ``fn(*args)`` on the server's event loop (from a worker thread)."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(fn, *args)

    def remember_loop(self) -> None:
        self._loop = asyncio.get_running_loop()


def create_server() -> GptfixLanguageServer:
    """A ready-to-start server with every feature registered."""
    ls = GptfixLanguageServer()

    @ls.feature(types.INITIALIZE)
    def on_initialize(ls: GptfixLanguageServer, params: types.InitializeParams) -> None:
        ls.remember_loop()
        ls.set_options(params.initialization_options)

    @ls.feature(types.INITIALIZED)
    async def on_initialized(ls: GptfixLanguageServer, params: types.InitializedParams) -> None:
        ls.remember_loop()
        ws = ls.client_capabilities.workspace
        if ws is not None and ws.configuration:
            await _pull_configuration(ls)

    @ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def on_configuration(
        ls: GptfixLanguageServer, params: types.DidChangeConfigurationParams
    ) -> None:
        ws = ls.client_capabilities.workspace
        if ws is not None and ws.configuration:
            await _pull_configuration(ls)
        elif params.settings:
            ls.set_options(params.settings)

    @ls.feature(types.SHUTDOWN)
    async def on_shutdown(ls: GptfixLanguageServer, params: None) -> None:
        """Stop every run, verification and AI request; wait (briefly) until their
        scripts are killed and their patched copies removed, then answer."""
        ls.shutdown_requested = True
        for uri in list(ls.store.docs):
            ls.store.forget(uri)  # stops verification runs: their scripts are killed
        for cancel in list(ls.runs.values()):
            cancel.set()
        for task in list(ls.running.values()):
            task.cancel()  # a command's worker sees its cancel event set
        pools = (ls.workers, ls.background, ls.indexer)
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)

        def drain() -> None:
            for pool in pools:
                pool.shutdown(wait=True)

        try:
            await asyncio.wait_for(asyncio.to_thread(drain), SHUTDOWN_WAIT_S)
        except TimeoutError:
            log.warning("gptfix: work still running at shutdown; leaving it to exit")

    @ls.feature(types.EXIT)
    def on_exit(ls: GptfixLanguageServer, params: None) -> None:
        # A fix being verified in a worker must not keep the process alive (its
        # subprocess ends on its own timeout), so leave without joining workers; the
        # runner's children and working copies go first (os._exit skips atexit).
        cleanup_all()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0 if ls.shutdown_requested else 1)

    diagnostics.register(ls)
    code_actions.register(ls)
    commands.register(ls)
    notebooks.register(ls)
    return ls


async def _pull_configuration(ls: GptfixLanguageServer) -> None:
    try:
        result = await asyncio.wait_for(
            ls.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section="gptfix")])
            ),
            10,
        )
    except Exception as exc:
        log.info("workspace/configuration failed: %s", exc)
        return
    if result and isinstance(result[0], dict) and result[0]:
        ls.set_options(result[0])


def start(tcp: tuple[str, int] | None = None) -> None:
    """Serve over stdio, or over TCP at ``tcp`` = (host, port) for debugging."""
    ls = create_server()
    if tcp is None:
        stdin, stdout = framing.streams(sys.stdin.buffer, sys.stdout.buffer)
        ls.start_io(stdin, stdout)  # type: ignore[arg-type]
    else:
        host, port = tcp
        try:
            ls.start_tcp(host, port)
        except (OSError, OverflowError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            raise GptfixError(f"cannot listen on {host}:{port}: {reason}", EXIT_USAGE) from None
    # The client went away without "exit": do not wait for background workers either.
    cleanup_all()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
