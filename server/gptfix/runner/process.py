"""A child process with live output, a bounded tail, a timeout and a process-group kill.

Bridges the operating system and the runner: the script runs in its own session (so
a timeout or a cancel kills it and every child it started), stdout and stderr are
read by two threads that hand each line to a callback and keep only a bounded tail,
so output of any size costs constant memory.
"""

from __future__ import annotations

import codecs
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO

from gptfix.runner import cleanup

#: characters of each stream kept for parsing a traceback when the boot hook wrote nothing
TAIL_CHARS = 256 * 1024
#: longest piece handed to ``on_output`` at once (a line without newline is split)
CHUNK = 64 * 1024
#: seconds between SIGTERM and SIGKILL when stopping the process group
GRACE_S = 1.0

OnOutput = Callable[[str, str], None]


@dataclass
class Outcome:
    """How the process ended, and the last part of what it wrote."""

    returncode: int  #: the exit status; 128 + N when killed by signal N
    timed_out: bool = False
    cancelled: bool = False
    duration_s: float = 0.0
    stdout_tail: str = ""
    stderr_tail: str = ""
    output_chars: dict[str, int] = field(default_factory=dict)  #: total chars per stream


class Tail:
    """The last ``limit`` characters of a stream, kept as a deque of pieces."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.pieces: deque[str] = deque()
        self.size = 0
        self.total = 0

    def add(self, text: str) -> None:
        self.pieces.append(text)
        self.size += len(text)
        self.total += len(text)
        while self.size > self.limit and len(self.pieces) > 1:
            self.size -= len(self.pieces.popleft())

    def text(self) -> str:
        joined = "".join(self.pieces)
        return joined[-self.limit :]


def pump(
    pipe: IO[bytes],
    stream: str,
    tail: Tail,
    on_output: OnOutput | None,
    rewrite: Callable[[str], str] | None,
) -> None:
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    try:
        while True:
            raw = pipe.readline(CHUNK)
            if not raw:
                break
            text = decoder.decode(raw)
            if not text:
                continue
            if rewrite is not None:
                text = rewrite(text)
            tail.add(text)
            if on_output is not None:
                try:
                    on_output(stream, text)
                except Exception:  # noqa: BLE001 - a broken consumer must not hang the child
                    on_output = None
        rest = decoder.decode(b"", final=True)
        if rest:
            tail.add(rest)
            if on_output is not None:
                on_output(stream, rest)
    finally:
        pipe.close()


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM the whole process group, then SIGKILL what is left after a grace period."""
    pgid = proc.pid  # start_new_session: the child leads its own group
    for sig, wait in ((signal.SIGTERM, GRACE_S), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        if sig == signal.SIGTERM:
            try:  # the leader is gone; make sure its children are too
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return


def run_process(
    argv: Sequence[str],
    *,
    cwd: str,
    env: Mapping[str, str],
    timeout: float | None = None,
    on_output: OnOutput | None = None,
    cancel: threading.Event | None = None,
    rewrite: Callable[[str], str] | None = None,
    tail_chars: int = TAIL_CHARS,
) -> Outcome:
    """Run ``argv`` in its own process group; stream, bound, and stop it on time.

    ``on_output(stream, text)`` is called from reader threads with ``stream`` "stdout"
    or "stderr" and ``text`` a line (with its newline) or a piece of a very long line.
    ``rewrite`` maps every piece of output before it is kept or handed on.
    """
    start = time.monotonic()
    proc = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    cleanup.track_group(proc.pid)
    tails = {"stdout": Tail(tail_chars), "stderr": Tail(tail_chars)}
    readers = [
        threading.Thread(
            target=pump,
            args=(pipe, name, tails[name], on_output, rewrite),
            name=f"gptfix-{name}",
            daemon=True,
        )
        for name, pipe in (("stdout", proc.stdout), ("stderr", proc.stderr))
    ]
    for reader in readers:
        reader.start()
    deadline = None if timeout is None else start + timeout
    timed_out = cancelled = False
    try:
        while True:
            try:
                proc.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                pass
            if cancel is not None and cancel.is_set():
                cancelled = True
            elif deadline is not None and time.monotonic() >= deadline:
                timed_out = True
            if timed_out or cancelled:
                _kill_group(proc)
                break
    except BaseException:  # Ctrl-C in gptfix: the script is in its own session, stop it too
        _kill_group(proc)
        raise
    for reader in readers:
        reader.join(timeout=2.0)
    if any(r.is_alive() for r in readers):
        # children of the script still hold the pipes open: end them, as a timeout would
        _kill_group(proc)
        for reader in readers:
            reader.join(timeout=5.0)
    code = proc.wait()
    cleanup.untrack_group(proc.pid)
    return Outcome(
        returncode=128 - code if code < 0 else code,
        timed_out=timed_out,
        cancelled=cancelled,
        duration_s=time.monotonic() - start,
        stdout_tail=tails["stdout"].text(),
        stderr_tail=tails["stderr"].text(),
        output_chars={name: tail.total for name, tail in tails.items()},
    )
