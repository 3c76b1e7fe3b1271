"""The places the pylsp plugin relies on how pylsp works inside, documented and tested.

tests/lsp/test_library_shims.py fails loudly when pylsp or python-lsp-jsonrpc changes
under either of them.

1. The lint round. pylsp publishes every plugin's diagnostics for a document together,
   from its own ``pylsp_lint`` round; a plugin has no public way to ask for that round
   after a command (a run) found something. :func:`relint` asks the server the
   workspace belongs to, through ``workspace._endpoint._dispatcher`` (the
   ``PythonLSPServer``) and its ``_lint_text_document`` (the undebounced form of its
   public ``lint``). Without that server (pylsp changed), gptfix's diagnostics are
   published on their own.
2. ``$/cancelRequest`` for a running command. pylsp returns what the
   ``pylsp_execute_command`` hook returns (a first-result hook) to python-lsp-jsonrpc's
   ``Endpoint``, which keeps a ``concurrent.futures.Future`` answer under the request
   id and calls its ``cancel()`` when the client cancels that id. A future that an
   executor already runs cannot be cancelled, so :func:`cancellable` runs the command
   in its own thread and hands the endpoint a future that stays pending until the
   command ends: the client's cancel succeeds, and a done-callback sets the command's
   cancel event (the script it runs is killed). The endpoint then answers the request
   by calling ``set_exception(JsonRpcRequestCancelled())`` on the cancelled future,
   which a plain future refuses; :class:`CommandFuture` keeps that error, so the
   client gets "request cancelled" (-32800) as LSP wants.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, InvalidStateError
from typing import Any, TypeVar

T = TypeVar("T")


def _linter(workspace: Any) -> Callable[..., None] | None:
    server = getattr(getattr(workspace, "_endpoint", None), "_dispatcher", None)
    lint: Callable[..., None] | None = getattr(server, "_lint_text_document", None)
    return lint


def relint(workspace: Any, uri: str, version: int | None, own: list[dict[str, Any]]) -> None:
    """Publish every linter's diagnostics for ``uri`` (``own``: gptfix's, the fallback)."""
    lint = _linter(workspace)
    if lint is not None:
        lint(uri, workspace, False, version)
    else:
        workspace.publish_diagnostics(uri, own, version)


def available(workspace: Any) -> bool:
    """Whether :func:`relint` reaches pylsp's own lint round (the shim still fits)."""
    return _linter(workspace) is not None


class CommandFuture(Future[T]):
    """A command's answer: pending until it ends, so the client's cancel reaches it.

    Once cancelled, the error the endpoint sets (request cancelled) is kept and raised
    by :meth:`result` instead of being refused.
    """

    _cancel_error: BaseException | None = None

    def set_exception(self, exception: BaseException | None) -> None:
        if self.cancelled():
            if self._cancel_error is None:  # the endpoint's, set first
                self._cancel_error = exception
            return
        super().set_exception(exception)

    def result(self, timeout: float | None = None) -> T:
        if self.cancelled() and self._cancel_error is not None:
            raise self._cancel_error
        return super().result(timeout)


def cancellable(work: Callable[[threading.Event], T], name: str = "gptfix-command") -> Future[T]:
    """Run ``work(cancel)`` in a daemon thread; its future, for pylsp to answer with.

    The client's ``$/cancelRequest`` cancels the future, which sets ``cancel``.
    """
    cancel = threading.Event()
    future: CommandFuture[T] = CommandFuture()
    future.add_done_callback(lambda f: cancel.set() if f.cancelled() else None)

    def run() -> None:
        try:
            value = work(cancel)
        except BaseException as exc:  # answered as the request's error
            _settle(future.set_exception, exc)
        else:
            _settle(future.set_result, value)

    threading.Thread(target=run, daemon=True, name=name).start()
    return future


def _settle(setter: Callable[[Any], None], value: Any) -> None:
    try:
        setter(value)
    except InvalidStateError:  # cancelled meanwhile: the client was answered already
        pass
