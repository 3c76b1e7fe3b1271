"""The two places ``gptfix lsp`` reaches into pygls' protocol, documented and tested.

pygls (2.x) has no public hook for either, so they live here alone, and
tests/lsp/test_library_shims.py fails loudly when pygls changes under them:

1. ``$/cancelRequest`` for a running command. pygls runs ``workspace/executeCommand``
   through a generator that starts the command handler as a separate task, so
   cancelling the request id alone answers "cancelled" while the command (and the
   script it runs) goes on. :meth:`GptfixProtocol._handle_cancel_notification`
   (pygls' own method, extended) also cancels the command's task.
2. ``shutdown`` while commands run. pygls' ``lsp_shutdown`` cancels every pending
   request future while iterating ``_request_futures``; a command's future is a
   ``concurrent.futures.Future`` whose done-callback removes it from that dict at
   once, so the loop died with "dictionary changed size during iteration" (answered
   as -32603). :class:`SnapshotDict` makes that iteration run over a copy.

The request id of the handler running now comes from pygls' public ``msg_id``.
Through pygls' public ``structure_message``/``handle_message``, :class:`GptfixProtocol`
also answers every request: one whose params do not fit the protocol (a negative
position) gets -32602 naming the problem instead of silence, and anything but
``initialize`` (and ``exit``) before ``initialize`` gets -32002.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView
from typing import Any

from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol

from gptfix.lsp.framing import error_response

#: JSON-RPC codes (LSP: a request before initialize)
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002


class BadRequest:
    """A request whose params could not be read; answered with an error, not dispatched."""

    def __init__(self, msg_id: Any, method: str, reason: str) -> None:
        self.id = msg_id
        self.method = method
        self.reason = reason


class SnapshotDict(dict[Any, Any]):
    """A dict whose ``items()`` is a copy, so callbacks may remove entries meanwhile."""

    def items(self) -> ItemsView[Any, Any]:  # type: ignore[override]
        return dict(super().items()).items()


class GptfixProtocol(LanguageServerProtocol):
    """pygls' protocol with the two extensions above; ``on_cancel(msg_id)`` is the hook."""

    #: called with the id of a request the client cancelled (set by the server)
    on_cancel: Callable[[Any], None] | None = None

    def __init__(self, server: Any, converter: Any) -> None:
        super().__init__(server, converter)
        self._request_futures = SnapshotDict(self._request_futures)
        self.initialize_seen = False

    def answer_error(self, msg_id: Any, code: int, message: str) -> None:
        """Answer request ``msg_id`` with a JSON-RPC error (no data, no traceback)."""
        if self.writer is not None:
            self.writer.write(error_response(msg_id, code, message))

    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            if not (isinstance(data, dict) and "id" in data and "method" in data):
                raise
            cause = exc.__cause__ or exc
            first = str(cause).splitlines()[0] if str(cause) else type(cause).__name__
            details = _validation_details(cause)
            reason = f"{first}: {details}" if details else first
            return BadRequest(data["id"], str(data["method"]), reason)

    def handle_message(self, message: Any) -> None:
        method = getattr(message, "method", None)
        msg_id = getattr(message, "id", None)
        if isinstance(message, BadRequest):
            text = f"invalid params for {message.method}: {message.reason}"
            self.answer_error(message.id, INVALID_PARAMS, text[:500])
            return
        if not self.initialize_seen:
            if method == "initialize":
                self.initialize_seen = True
            elif method is not None and msg_id is not None:
                self.answer_error(msg_id, SERVER_NOT_INITIALIZED, "server not initialized")
                return
            elif method not in ("exit", None):
                return  # notifications before initialize are dropped
        super().handle_message(message)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        if self.on_cancel is not None:
            self.on_cancel(msg_id)


def _validation_details(exc: BaseException) -> str:
    """The leaf messages of a cattrs validation error group (which field, what is wrong)."""
    leaves: list[str] = []

    def walk(e: BaseException) -> None:
        subs = getattr(e, "exceptions", None)
        if subs:
            for sub in subs:
                walk(sub)
        else:
            notes = "; ".join(getattr(e, "__notes__", []))
            leaves.append(f"{e} ({notes})" if notes else str(e))

    walk(exc)
    return "; ".join(leaves[:3])
