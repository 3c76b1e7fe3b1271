"""Protocol hygiene of `gptfix lsp`, byte by byte over its real stdio.

A raw client (no LSP library to smooth things over) sends what a buggy or hostile
client might: a wrong Content-Length, a negative position, a command before
`initialize`; every request must be answered, without a traceback in `error.data`,
and the server must keep serving afterwards.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import SERVER

pytestmark = [pytest.mark.e2e]


class RawClient:
    """`gptfix lsp` in a subprocess, spoken to in bytes; replies collected by a thread."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd
        )
        self.replies: queue.Queue[dict[str, Any]] = queue.Queue()
        self.log: list[bytes] = []  #: the server's stderr, drained so it can never block
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        err = self.proc.stderr
        assert err is not None
        for line in iter(err.readline, b""):
            self.log.append(line)

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                if line == b"\r\n" and length is not None:
                    break
            self.replies.put(json.loads(out.read(length)))

    def send_bytes(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any], length_delta: int = 0) -> None:
        body = json.dumps(message).encode()
        self.send_bytes(b"Content-Length: %d\r\n\r\n%s" % (len(body) + length_delta, body))

    def request(self, msg_id: Any, method: str, params: Any) -> None:
        self.send({"jsonrpc": "2.0", "id": msg_id, "method": method, "params": params})

    def reply(self, msg_id: Any, timeout: float = 30) -> dict[str, Any]:
        """The response to ``msg_id`` (notifications and other replies are skipped)."""
        while True:
            message = self.replies.get(timeout=timeout)
            if "method" not in message and message.get("id") == msg_id:
                return message

    def initialize(self) -> None:
        self.request(1, "initialize", {"capabilities": {}, "processId": None})
        assert "result" in self.reply(1)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=30)


@pytest.fixture
def raw(tmp_path: Path):  # type: ignore[no-untyped-def]
    client = RawClient(tmp_path)
    yield client
    client.close()


def assert_clean_error(reply: dict[str, Any], code: int) -> str:
    assert "error" in reply, reply
    assert reply["error"]["code"] == code, reply
    assert "traceback" not in json.dumps(reply).lower(), reply
    return str(reply["error"]["message"])


def still_serving(raw: RawClient, msg_id: int) -> None:
    raw.request(msg_id, "workspace/executeCommand", {"command": "gptfix.setApiKey"})
    assert raw.reply(msg_id)["result"]["configured"] is False


def test_a_command_before_initialize_is_refused_and_not_run(raw: RawClient, tmp_path: Path):
    script = tmp_path / "train.py"
    marker = tmp_path / "ran"
    script.write_text(f"open({str(marker)!r}, 'w').write('x')\n")
    raw.request(
        7,
        "workspace/executeCommand",
        {"command": "gptfix.run", "arguments": [script.as_uri(), {}]},
    )
    assert "not initialized" in assert_clean_error(raw.reply(7), -32002)
    raw.initialize()
    still_serving(raw, 8)
    assert not marker.exists()


@pytest.mark.parametrize("delta", [-9, 40])
def test_a_wrong_content_length_is_answered_and_the_server_keeps_listening(
    raw: RawClient, delta: int
):
    raw.initialize()
    command = {"command": "gptfix.setApiKey", "arguments": ["sk-abc"]}
    raw.send(
        {"jsonrpc": "2.0", "id": 5, "method": "workspace/executeCommand", "params": command},
        length_delta=delta,
    )
    raw.request(6, "workspace/executeCommand", {"command": "gptfix.setApiKey"})
    if delta < 0:  # cut short: not JSON, answered as a parse error
        assert "parse error" in assert_clean_error(raw.reply(5), -32700)
    else:  # too long: cut where the next header starts, and served
        assert raw.reply(5)["result"]["configured"] is True
    assert "result" in raw.reply(6)
    still_serving(raw, 9)


def test_a_body_shorter_than_announced_is_served_once_complete(raw: RawClient):
    raw.initialize()
    raw.send(
        {
            "jsonrpc": "2.0",
            "id": 4,
            "method": "workspace/executeCommand",
            "params": {"command": "gptfix.setApiKey"},
        },
        length_delta=25,
    )
    assert raw.reply(4)["result"]["configured"] is False


def test_a_negative_position_is_answered_with_invalid_params(raw: RawClient, tmp_path: Path):
    raw.initialize()
    script = tmp_path / "train.py"
    script.write_text("x = 1\n")
    uri = script.as_uri()
    raw.send(
        {
            "jsonrpc": "2.0",
            "method": "textDocument/didOpen",
            "params": {
                "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": "x=1\n"}
            },
        }
    )
    position = {"line": -1, "character": 0}
    raw.request(
        3,
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": position, "end": position},
            "context": {"diagnostics": []},
        },
    )
    message = assert_clean_error(raw.reply(3), -32602)
    assert "textDocument/codeAction" in message
    still_serving(raw, 10)


def test_unexpected_errors_carry_no_traceback(raw: RawClient, tmp_path: Path):
    raw.initialize()
    missing = (tmp_path / "gone.py").as_uri()
    position = {"line": 0, "character": 0}
    raw.request(
        11,
        "textDocument/codeAction",
        {
            "textDocument": {"uri": missing},
            "range": {"start": position, "end": position},
            "context": {"diagnostics": []},
        },
    )
    message = assert_clean_error(raw.reply(11), -32603)  # a document that is not there
    assert "gone.py" in message and "\n" not in message
    still_serving(raw, 12)


def test_a_script_that_is_not_utf8_gets_a_one_line_error(raw: RawClient, tmp_path: Path):
    raw.initialize()
    script = tmp_path / "latin.py"
    script.write_bytes(b"# caf\xe9\nprint('x')\n")
    raw.request(
        13,
        "workspace/executeCommand",
        {"command": "gptfix.run", "arguments": [script.as_uri(), {}]},
    )
    message = assert_clean_error(raw.reply(13), -32602)
    assert "UTF-8" in message and "\n" not in message
    still_serving(raw, 14)


def test_busy_and_bad_ports_end_in_one_line(tmp_path: Path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for address in (f"127.0.0.1:{port}", "no-such-host.invalid:2087"):
            done = subprocess.run(
                [sys.executable, "-m", "gptfix", "lsp", "--tcp", address],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert done.returncode == 2, done
            assert done.stderr.startswith("gptfix: cannot listen on "), done.stderr
            assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
