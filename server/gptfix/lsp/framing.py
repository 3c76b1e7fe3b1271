"""The server's stdio streams, hardened: bad framing answered, no tracebacks to the client.

pygls reads stdio through ``readline()`` and ``read(n)`` of the stdin object it is
given and writes whole messages to the stdout object; :func:`streams` wraps both:

- :class:`FramedStdin`: a ``Content-Length`` that is too small or too large no longer
  leaves the server deaf. A body that is not JSON is answered with a -32700 "parse
  error" (to its ``id`` when one can be read from it, else to ``null``) and dropped;
  a header glued after garbage is found again; a body shorter than announced is taken
  as it is once it is complete JSON and nothing more arrives.
- :class:`CleanStdout`: an error response never carries a traceback in ``error.data``
  (pygls puts one there for unexpected exceptions; it goes to the server log instead).
"""

from __future__ import annotations

import json
import logging
import os
import re
import select
import threading
from typing import Any, BinaryIO

log = logging.getLogger(__name__)

HEADER = re.compile(rb"Content-Length: *\d+\r\n")
_ID = re.compile(rb'"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,18})')
#: what pygls gets in place of a dropped body (an unknown "$/" notification is ignored)
DROPPED = b'{"jsonrpc": "2.0", "method": "$/gptfix/dropped"}'
#: seconds to wait for the rest of a body that is already complete JSON
SHORT_BODY_WAIT_S = 0.5
PARSE_ERROR = -32700


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def error_response(msg_id: Any, code: int, message: str) -> bytes:
    """A framed JSON-RPC error response."""
    return frame({"jsonrpc": "2.0", "id": msg_id, "error": {"code": code, "message": message}})


class CleanStdout:
    """stdout for pygls: one lock per message, tracebacks stripped from error responses."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.lock = threading.Lock()

    def write(self, data: bytes) -> int:
        if b'"error"' in data and b"traceback" in data.lower():
            data = _without_traceback(data)
        with self.lock:
            written = self.raw.write(data)
            self.raw.flush()
        return written

    def flush(self) -> None:
        with self.lock:
            self.raw.flush()

    def close(self) -> None:
        self.raw.close()


def _without_traceback(data: bytes) -> bytes:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return data
    try:
        message = json.loads(body)
    except ValueError:
        return data
    error = message.get("error") if isinstance(message, dict) else None
    if isinstance(error, dict) and "data" in error:
        log.info("error answered without its traceback: %s", error.get("data"))
        del error["data"]
        return frame(message)
    return data


class FramedStdin:
    """stdin for pygls that survives framing errors (see the module docstring).

    pygls calls :meth:`readline` and :meth:`read` one at a time from its reader
    thread. ``answer`` sends a framed message to the client (thread-safe).
    """

    def __init__(self, raw: BinaryIO, answer: CleanStdout) -> None:
        self.fd = raw.fileno()
        self.answer = answer
        self.buffer = bytearray()
        self.eof = False

    def _fill(self, timeout: float | None = None) -> bool:
        """Read what is available; False when nothing came within ``timeout`` or at EOF."""
        if self.eof:
            return False
        if timeout is not None:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return False
        chunk = os.read(self.fd, 65536)
        if not chunk:
            self.eof = True
            return False
        self.buffer += chunk
        return True

    def readline(self) -> bytes:
        while b"\n" not in self.buffer:
            if not self._fill():
                line, self.buffer = bytes(self.buffer), bytearray()
                return line
        end = self.buffer.index(b"\n") + 1
        line = bytes(self.buffer[:end])
        del self.buffer[:end]
        found = HEADER.search(line)
        if found is not None and found.start() > 0:
            # the rest of a body longer than announced, glued to the next header
            self._drop(line[: found.start()], "data outside any message")
            return line[found.start() :]
        return line

    def read(self, n: int) -> bytes:
        while True:
            found = HEADER.search(self.buffer, 0, n + 64)
            if found is not None and found.start() < n:
                # the next message's header inside this body: its length was too large
                return self._body(found.start())
            if len(self.buffer) >= n:
                return self._body(n)
            if _is_json(self.buffer):  # complete already: wait briefly for more, then take it
                if self._fill(SHORT_BODY_WAIT_S):
                    continue  # more came (the next message, or the rest of this one): look again
                log.warning(
                    "message shorter than its Content-Length (%d < %d)", len(self.buffer), n
                )
                return self._body(len(self.buffer))
            if not self._fill():
                return self._body(len(self.buffer)) if self.buffer else b""

    def _body(self, size: int) -> bytes:
        body = bytes(self.buffer[:size])
        del self.buffer[:size]
        if _is_json(body):
            return body
        self._drop(body, "the message is not valid JSON (is its Content-Length right?)")
        return DROPPED

    def _drop(self, data: bytes, why: str) -> None:
        """Answer a broken message with a parse error (to its id when it shows one)."""
        if not data.strip():
            return
        found = _ID.search(data)
        msg_id = json.loads(found.group(1)) if found else None
        log.warning("dropped %d bytes: %s", len(data), why)
        self.answer.write(error_response(msg_id, PARSE_ERROR, f"parse error: {why}"))


def _is_json(data: bytes | bytearray) -> bool:
    if not data.rstrip().endswith(b"}"):
        return False
    try:
        return isinstance(json.loads(data), dict)
    except ValueError:
        return False


def streams(stdin: BinaryIO, stdout: BinaryIO) -> tuple[FramedStdin, CleanStdout]:
    """The stdin and stdout objects to hand to pygls' ``start_io``."""
    out = CleanStdout(stdout)
    return FramedStdin(stdin, out), out
