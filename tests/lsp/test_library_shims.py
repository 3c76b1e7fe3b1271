"""The places gptfix reaches into pygls and pylsp internals still fit the installed libraries.

Each test fails loudly (naming what changed) when an upgrade moves what
:mod:`gptfix.lsp.pygls_compat` or :mod:`gptfix.lsp.pylsp_compat` relies on.
"""

from __future__ import annotations

import inspect
import io
import threading
from concurrent.futures import Future
from typing import Any

from pygls.protocol import LanguageServerProtocol
from pylsp import hookspecs
from pylsp.python_lsp import PythonLSPServer
from pylsp_jsonrpc.endpoint import Endpoint

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


def test_pylsp_hands_the_command_hooks_answer_to_the_endpoint_as_it_is() -> None:
    spec = getattr(hookspecs.pylsp_execute_command, "pylsp_spec", None)
    assert spec is not None and spec.get("firstresult"), "pylsp_execute_command changed"
    server = PythonLSPServer(io.BytesIO(), io.BytesIO())
    server.m_initialize(processId=None, rootUri="file:///tmp", initializationOptions={})
    answer = server.m_workspace__execute_command(command="gptfix.setApiKey", arguments=[None])
    assert isinstance(answer, Future), f"pylsp wrapped the plugin's answer: {answer!r}"
    assert answer.result(timeout=10) == {"ok": True, "configured": False}


def test_a_cancel_from_the_client_stops_a_command_and_is_answered() -> None:
    """What pylsp's endpoint does with ``$/cancelRequest`` reaches a running command."""
    started, stopped = threading.Event(), threading.Event()

    def work(cancel: threading.Event) -> str:
        started.set()
        if cancel.wait(10):
            stopped.set()
        return "finished anyway"

    sent: list[dict[str, Any]] = []
    handler = {"workspace/executeCommand": lambda _params: pylsp_compat.cancellable(work)}
    endpoint = Endpoint(handler, sent.append)
    endpoint.consume({"jsonrpc": "2.0", "id": 7, "method": "workspace/executeCommand"})
    assert started.wait(5)
    assert sent == []  # still running: not answered yet
    endpoint.consume({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 7}})
    assert stopped.wait(5), "python-lsp-jsonrpc no longer cancels a pending future answer"
    assert [m.get("error", {}).get("code") for m in sent] == [-32800], sent
    assert sent[0]["id"] == 7


def test_a_command_that_ends_is_answered_with_its_result_or_error() -> None:
    sent: list[dict[str, Any]] = []

    def fails(_cancel: threading.Event) -> None:
        raise ValueError("bad")

    answers = iter([pylsp_compat.cancellable(lambda _c: {"x": 1}), pylsp_compat.cancellable(fails)])
    endpoint = Endpoint({"workspace/executeCommand": lambda _p: next(answers)}, sent.append)
    endpoint.consume({"jsonrpc": "2.0", "id": 1, "method": "workspace/executeCommand"})
    endpoint.consume({"jsonrpc": "2.0", "id": 2, "method": "workspace/executeCommand"})
    for _ in range(100):
        if len(sent) == 2:
            break
        threading.Event().wait(0.05)
    by_id = {m["id"]: m for m in sent}
    assert by_id[1]["result"] == {"x": 1}
    assert "bad" in by_id[2]["error"]["message"], by_id[2]
