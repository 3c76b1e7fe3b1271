"""`gptfix lsp --tcp HOST:PORT` serves the same protocol on a socket (for debugging)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest

pytestmark = [pytest.mark.e2e]


def test_tcp_mode_serves_lsp_and_bad_addresses_are_refused():

    bad = subprocess.run(
        [sys.executable, "-m", "gptfix", "lsp", "--tcp", "nowhere"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "HOST:PORT" in bad.stderr

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "gptfix", "lsp", "--tcp", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            try:
                conn = socket.create_connection(("127.0.0.1", port), timeout=30)
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise AssertionError("the server never listened")
        body = json.dumps(
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
        ).encode()
        conn.sendall(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        data = b""
        reply: dict = {}
        while reply.get("id") != 1:  # log messages may come before the answer
            while b"\r\n\r\n" not in data:
                data += conn.recv(4096)
            head, _, data = data.partition(b"\r\n\r\n")
            headers = dict(line.split(b":", 1) for line in head.split(b"\r\n"))
            length = int(headers[b"Content-Length"])
            while len(data) < length:
                data += conn.recv(4096)
            reply, data = json.loads(data[:length]), data[length:]
        assert reply["result"]["serverInfo"]["name"] == "gptfix"
        assert "gptfix.run" in reply["result"]["capabilities"]["executeCommandProvider"]["commands"]
        conn.close()
    finally:
        server.kill()
        server.wait(timeout=30)
