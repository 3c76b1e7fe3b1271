"""A local OpenAI-compatible chat completions server for tests (stdlib only).

Speaks ``POST /v1/chat/completions``, plain JSON or streamed as server-sent events,
serving scripted replies in order (one per round; a reply may require text the round's
request must carry). Each reply can be an answer, an HTTP error (with
``retry-after-ms``), a delay (to trigger client timeouts), a slow stream (for
cancellation) or garbage. Every request body is recorded for assertions.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    text: str = "OK"
    status: int = 200
    delay: float = 0.0  #: seconds before the response starts
    chunk_delay: float = 0.0  #: seconds between streamed chunks
    garbage: bool = False  #: send a body that is not what the API promises
    usage: tuple[int, int] = (120, 40)
    #: a scripted round: answer only a request whose last message contains this (else 400),
    #: so a second-round answer proves the second request carried the first round's problem
    expect: str | None = None


@dataclass
class FakeOpenAI:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    default: Reply = field(default_factory=Reply)
    reject_stream_options: bool = False  #: answer 400 to ``stream_options`` (older servers)
    server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def next_reply(self) -> Reply:
        return self.replies.pop(0) if self.replies else self.default

    def start(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                return

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                fake.requests.append(body)
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                if fake.reject_stream_options and "stream_options" in body:
                    self._send(400, {"error": {"message": "unknown field: stream_options"}})
                    return
                reply = fake.next_reply()
                last = str(((body.get("messages") or [{}])[-1]).get("content", ""))
                if reply.expect is not None and reply.expect not in last:
                    message = f"scripted round expected {reply.expect!r} in the request"
                    self._send(400, {"error": {"message": message, "type": "fake"}})
                    return
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    self._send(
                        reply.status,
                        {"error": {"message": f"scripted {reply.status}", "type": "fake"}},
                        {"retry-after-ms": "10"},
                    )
                    return
                if reply.garbage:
                    data = b"<html>502 Bad Gateway from a proxy</html>"
                    self.send_response(200)
                    ctype = "text/event-stream" if body.get("stream") else "application/json"
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._send(200, _completion(body, reply))

            def _send(self, status: int, payload: Any, extra: dict[str, str] | None = None) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict[str, Any], reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                pieces = [reply.text[i : i + 16] for i in range(0, len(reply.text), 16)]
                try:
                    for i, piece in enumerate(pieces):
                        delta = {"content": piece, **({"role": "assistant"} if i == 0 else {})}
                        self._chunk(_chunk(body, delta, None))
                        if reply.chunk_delay:
                            time.sleep(reply.chunk_delay)
                    self._chunk(_chunk(body, {}, "stop"))
                    if (body.get("stream_options") or {}).get("include_usage"):
                        usage_chunk = _chunk(body, None, None)
                        usage_chunk["usage"] = _usage(reply)
                        self._chunk(usage_chunk)
                    self._raw(b"data: [DONE]\n\n")
                    self._raw(b"")
                except (BrokenPipeError, ConnectionResetError):
                    return

            def _chunk(self, payload: dict[str, Any]) -> None:
                self._raw(b"data: " + json.dumps(payload).encode() + b"\n\n")

            def _raw(self, data: bytes) -> None:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _usage(reply: Reply) -> dict[str, int]:
    p, c = reply.usage
    return {"prompt_tokens": p, "completion_tokens": c, "total_tokens": p + c}


def _completion(body: dict[str, Any], reply: Reply) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": reply.text},
                "finish_reason": "stop",
            }
        ],
        "usage": _usage(reply),
    }


def _chunk(
    body: dict[str, Any], delta: dict[str, Any] | None, finish: str | None
) -> dict[str, Any]:
    choices = [] if delta is None else [{"index": 0, "delta": delta, "finish_reason": finish}]
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": choices,
    }
