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
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView
from typing import Any

from pygls.protocol import LanguageServerProtocol


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

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        super()._handle_cancel_notification(msg_id)
        if self.on_cancel is not None:
            self.on_cancel(msg_id)
