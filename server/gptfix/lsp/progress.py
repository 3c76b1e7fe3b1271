"""Work-done progress for long commands: begin/report/end, the last output line, cancellation.

A :class:`WorkDone` bridges a blocking core call running in a worker thread with the
client: the worker reports output lines (thread-safe; throttled to a few per
second), and the client's cancel button (``window/workDoneProgress/cancel``) or a
``$/cancelRequest`` for the command sets the ``threading.Event`` the core polls.
Clients without ``window.workDoneProgress`` get log messages instead.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from lsprotocol import types

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

T = TypeVar("T")
_TOKENS = itertools.count(1)
_REPORT_EVERY_S = 0.25
#: output lines forwarded as log messages per second at most (progress bars flood)
_LOG_LINES_PER_S = 20


class WorkDone:
    """One cancellable, progress-reporting piece of work started by a command."""

    def __init__(self, ls: GptfixLanguageServer, title: str) -> None:
        self.ls = ls
        self.title = title
        self.cancel = threading.Event()
        self.token: str | None = None
        self.loop = asyncio.get_running_loop()
        self._last_report = 0.0
        self.last_line = ""
        self._log_window = 0.0
        self._log_count = 0
        self._log_skipped = 0

    async def __aenter__(self) -> WorkDone:
        caps = self.ls.client_capabilities.window
        if caps is not None and caps.work_done_progress:
            token = f"gptfix-{next(_TOKENS)}"
            try:
                await asyncio.wait_for(self.ls.work_done_progress.create_async(token), 10)
            except Exception:
                token = ""
            if token:
                self.token = token
                self.ls.work_done_progress.begin(
                    token,
                    types.WorkDoneProgressBegin(title=self.title, cancellable=True, message=""),
                )
                fut = self.ls.work_done_progress.tokens.get(token)
                if fut is not None:
                    fut.add_done_callback(lambda f: self.cancel.set() if f.cancelled() else None)
        if self.token is None:
            self.ls.log(f"{self.title}: started")
        return self

    async def __aexit__(self, *exc: object) -> None:
        message = "cancelled" if self.cancel.is_set() else "done"
        if self.token is not None:
            self.ls.work_done_progress.end(self.token, types.WorkDoneProgressEnd(message=message))
            self.ls.work_done_progress.tokens.pop(self.token, None)
        else:
            self.ls.log(f"{self.title}: {message}")

    def report(self, message: str, *, force: bool = False) -> None:
        """Show ``message`` as the current step; callable from any thread."""
        line = message.strip()
        if not line:
            return
        self.last_line = line[:200]
        now = time.monotonic()
        if not force and now - self._last_report < _REPORT_EVERY_S:
            return
        self._last_report = now
        self.loop.call_soon_threadsafe(self._send, self.last_line)

    def _send(self, line: str) -> None:
        if self.token is not None and not self.cancel.is_set():
            self.ls.work_done_progress.report(
                self.token, types.WorkDoneProgressReport(message=line)
            )

    def on_output(self, stream: str, line: str) -> None:
        """``on_output`` callback for the runner: progress plus log messages (rate-limited)."""
        self.report(line)
        text = line.rstrip("\n")
        if not text.strip():
            return
        now = time.monotonic()
        if now - self._log_window >= 1.0:
            if self._log_skipped:
                note = f"[gptfix] {self._log_skipped} output line(s) not forwarded"
                self.loop.call_soon_threadsafe(self.ls.log, note, types.MessageType.Log)
            self._log_window, self._log_count, self._log_skipped = now, 0, 0
        if self._log_count >= _LOG_LINES_PER_S:
            self._log_skipped += 1
            return
        self._log_count += 1
        self.loop.call_soon_threadsafe(self.ls.log, f"[{stream}] {text}", types.MessageType.Log)

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run blocking ``fn`` in a worker thread; a cancelled request sets :attr:`cancel`."""
        fut = self.loop.run_in_executor(self.ls.workers, lambda: fn(*args, **kwargs))
        try:
            return await asyncio.shield(fut)
        except asyncio.CancelledError:
            self.cancel.set()
            raise


class BackgroundProgress:
    """``$/progress`` for work the server starts itself (verifying a finding's fixes).

    Thread-safe: every message hops to the event loop. The token is used only once the
    client answered ``window/workDoneProgress/create``; the last report made before
    that is the begin message. Clients without ``window.workDoneProgress`` get
    nothing (the fix titles show the state anyway).
    """

    def __init__(self, ls: GptfixLanguageServer, title: str) -> None:
        self.ls = ls
        self.title = title
        self.token: str | None = None
        self.ready = threading.Event()
        self.ended = False
        self.last = ""  #: the latest report, shown by begin when it comes late
        caps = ls.client_capabilities.window
        if caps is not None and caps.work_done_progress:
            self.token = f"gptfix-bg-{next(_TOKENS)}"

    def _send(self, fn: Callable[[], object]) -> None:
        def guarded() -> None:
            try:
                fn()
            except Exception:  # the client went away; progress is a courtesy
                pass

        self.ls.call_soon(guarded)

    def begin(self) -> None:
        token = self.token
        if token is None:
            return

        def created(*_args: Any) -> None:
            if self.ended:
                return
            begin = types.WorkDoneProgressBegin(
                title=self.title, cancellable=False, message=self.last or None
            )
            self.ls.work_done_progress.begin(token, begin)
            self.ready.set()

        self._send(lambda: self.ls.work_done_progress.create(token, created))

    def report(self, message: str) -> None:
        token = self.token
        self.last = message[:200]
        if token is not None and self.ready.is_set():
            value = types.WorkDoneProgressReport(message=message[:200])
            self._send(lambda: self.ls.work_done_progress.report(token, value))

    def end(self, message: str) -> None:
        token = self.token
        if token is not None:

            def end() -> None:
                self.ended = True
                if self.ready.is_set():
                    value = types.WorkDoneProgressEnd(message=message[:200])
                    self.ls.work_done_progress.end(token, value)

            self._send(end)
