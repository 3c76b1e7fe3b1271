"""The places gptfix reaches into pygls and pylsp internals still fit the installed libraries.

Each test fails loudly (naming what changed) when an upgrade moves what
:mod:`gptfix.lsp.pygls_compat` or :mod:`gptfix.lsp.pylsp_compat` relies on.
"""

from __future__ import annotations

import inspect
import io
from concurrent.futures import Future
from typing import Any

from pygls.protocol import LanguageServerProtocol
from pylsp.python_lsp import PythonLSPServer

from gptfix.lsp import pylsp_compat
from gptfix.lsp.pygls_compat import GptfixProtocol, SnapshotDict
from gptfix.lsp.server import create_server


def test_pygls_cancel_hook_and_request_table_are_where_the_shim_expects() -> None:
    params = list(inspect.signature(LanguageServerProtocol._handle_cancel_notification).parameters)
    assert params == ["self", "msg_id"], "pygls changed _handle_cancel_notification"
    assert isinstance(LanguageServerProtocol.msg_id, property), "pygls dropped the msg_id property"
    shutdown = inspect.getsource(LanguageServerProtocol.lsp_shutdown)
    assert "self._request_futures.items()" in shutdown, "pygls changed how shutdown cancels"
    ls = create_server()
    assert isinstance(ls.protocol, GptfixProtocol)
    assert isinstance(ls.protocol._request_futures, SnapshotDict)


def test_cancelling_pending_requests_while_iterating_them_does_not_raise() -> None:
    """What pygls' shutdown does to commands still running (was -32603)."""
    table: dict[Any, Future[Any]] = SnapshotDict()
    for i in range(3):
        fut: Future[Any] = Future()
        fut.add_done_callback(lambda _f, i=i: table.pop(i, None))
        table[i] = fut
    for _id, fut in table.items():
        fut.cancel()
    assert table == {}


def test_a_cancel_notification_reaches_the_servers_hook() -> None:
    ls = create_server()
    seen: list[Any] = []
    assert isinstance(ls.protocol, GptfixProtocol)
    ls.protocol.on_cancel = seen.append
    ls.protocol._handle_cancel_notification("req-1")
    assert seen == ["req-1"]


def test_pylsp_lint_round_is_reachable_from_a_workspace() -> None:
    server = PythonLSPServer(io.BytesIO(), io.BytesIO())
    server.m_initialize(processId=None, rootUri="file:///tmp", initializationOptions={})
    workspace = server.workspace
    assert pylsp_compat.available(workspace), "pylsp moved _endpoint._dispatcher"
    params = list(inspect.signature(server._lint_text_document).parameters)
    assert params[:4] == ["doc_uri", "workspace", "is_saved", "doc_version"], params
