"""The warm worker's gptfix side: smoke and build runs forked from a process that imported TF once.

Bridges :func:`gptfix.runner.run_script` and ``_gptfix_boot_worker`` (which runs in the
user's interpreter): one worker per interpreter and environment, started in the
background with credentials removed from its environment, the first time a run asks for
it (that run starts cold meanwhile). A run hands the worker its argv, cwd, environment
and two pipes; the worker forks a child that behaves like a cold start (same boot hook,
same sandbox, same report) and returns its exit status. A run past its timeout, or
cancelled, has its child's process group killed here; the worker stays usable. The
worker ends when gptfix ends (it sees the socket close), and is restarted when the
interpreter, the installed packages (its site-packages folders) or the environment
change. Where forking is not safe (a TensorFlow runtime initialised at import), when
the worker is busy, or on a system other than Linux, :func:`run_warm` returns None and
the caller starts the interpreter cold.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from gptfix import _boot
from gptfix.runner import cleanup
from gptfix.runner.process import GRACE_S, TAIL_CHARS, OnOutput, Outcome, Tail, pump
from gptfix.runner.sandbox import scrub_env

#: the worker program, run in the user's interpreter
WORKER = _boot.BOOT_DIR / "_gptfix_boot_worker.py"
#: seconds the worker may take to import TensorFlow/Keras before it is given up
START_TIMEOUT = 180.0
#: environment variable that turns the warm worker off ("0")
ENV_SWITCH = "GPTFIX_WARM"


def enabled() -> bool:
    """Whether warm runs may be used here: Linux (forking after macOS frameworks loaded is
    not safe, Windows has no fork), unless ``GPTFIX_WARM=0``."""
    return sys.platform.startswith("linux") and os.environ.get(ENV_SWITCH, "1") != "0"


def worker_env(run_env: Mapping[str, str]) -> dict[str, str]:
    """The worker's own environment: the run's, without boot settings and credentials."""
    env = {k: v for k, v in run_env.items() if not k.startswith("GPTFIX_BOOT_")}
    original = run_env.get(_boot.ENV_PYTHONPATH)
    if original is not None:
        if original:
            env["PYTHONPATH"] = original
        else:
            env.pop("PYTHONPATH", None)
    env = scrub_env(env)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _stamp(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


class Worker:
    """One warm worker process and the socket to it."""

    def __init__(self, python: str, env: dict[str, str]) -> None:
        self.python = python
        self.env_hash = _hash(env)
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self.hello: dict[str, object] = {}
        self.stamps: dict[str, float] = {python: _stamp(python)}
        self.dead = False
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock = ours
        self.proc = subprocess.Popen(
            [python, "-u", str(WORKER), str(theirs.fileno())],
            env=env,
            cwd=str(_boot.BOOT_DIR),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(theirs.fileno(),),
            start_new_session=True,
        )
        theirs.close()
        cleanup.track_group(self.proc.pid)  # its own session: killed if gptfix ends abruptly
        self._buffer = b""
        threading.Thread(target=self._await_hello, name="gptfix-warm", daemon=True).start()

    def _await_hello(self) -> None:
        message = self._read(START_TIMEOUT)
        if message is None or not message.get("safe"):
            self.hello = message or {}
            self.close()
        else:
            self.hello = message
            paths = message.get("paths")
            stamps = dict(self.stamps)  # built aside, then swapped in: `stale` reads it meanwhile
            for path in paths if isinstance(paths, list) else []:
                stamps[str(path)] = _stamp(str(path))
            self.stamps = stamps
        self.ready.set()

    def _read(self, timeout: float | None) -> dict[str, object] | None:
        """The next message, or None on end of stream or timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self._buffer:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except (TimeoutError, OSError):
                return None
            if not chunk:
                return None
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        data = json.loads(line)
        return data if isinstance(data, dict) else None

    def usable(self) -> bool:
        return self.ready.is_set() and not self.dead and self.proc.poll() is None

    def stale(self, env_hash: str) -> bool:
        """The interpreter, its packages or the environment changed since the start."""
        if env_hash != self.env_hash:
            return True
        return any(_stamp(path) != stamp for path, stamp in list(self.stamps.items()))

    def close(self) -> None:
        self.dead = True
        cleanup.untrack_group(self.proc.pid)
        try:
            self.sock.close()
        except OSError:
            pass
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def run(
        self,
        argv: Sequence[str],
        cwd: str,
        env: Mapping[str, str],
        timeout: float | None,
        on_output: OnOutput | None,
        cancel: threading.Event | None,
        rewrite: Callable[[str], str] | None,
    ) -> Outcome | None:
        """One forked run; None when the worker failed before the child started."""
        start = time.monotonic()
        out_r, out_w = os.pipe()
        err_r, err_w = os.pipe()
        request = json.dumps({"argv": list(argv), "cwd": cwd, "env": dict(env)}).encode()
        try:
            socket.send_fds(self.sock, [request + b"\n"], [out_w, err_w])
        except OSError:
            for fd in (out_r, out_w, err_r, err_w):
                os.close(fd)
            self.close()
            return None
        os.close(out_w)
        os.close(err_w)
        tails = {"stdout": Tail(TAIL_CHARS), "stderr": Tail(TAIL_CHARS)}
        readers = [
            threading.Thread(
                target=pump,
                args=(os.fdopen(fd, "rb"), name, tails[name], on_output, rewrite),
                name=f"gptfix-warm-{name}",
                daemon=True,
            )
            for name, fd in (("stdout", out_r), ("stderr", err_r))
        ]
        for reader in readers:
            reader.start()
        started = self._read(30.0)
        pid = started.get("pid") if started else None
        if not isinstance(pid, int):
            self.close()
            for reader in readers:
                reader.join(timeout=2.0)
            return None
        deadline = None if timeout is None else start + timeout
        timed_out = cancelled = False
        cleanup.track_group(pid)
        try:
            status = self._await_exit(pid, deadline, cancel)
            if isinstance(status, str):
                timed_out, cancelled = status == "timeout", status == "cancel"
                _kill_group(pid)
                message = self._read(10.0)
                code = message.get("exit") if message else None
                status = code if isinstance(code, int) else None
        except BaseException:  # Ctrl-C in gptfix: stop the script too
            _kill_group(pid)
            raise
        for reader in readers:
            reader.join(timeout=2.0)
        if any(r.is_alive() for r in readers):  # grandchildren hold the pipes open
            _kill_group(pid)
            for reader in readers:
                reader.join(timeout=5.0)
        cleanup.untrack_group(pid)
        if not isinstance(status, int):
            self.close()
            status = -int(signal.SIGKILL)
        return Outcome(
            returncode=128 - status if status < 0 else status,
            timed_out=timed_out,
            cancelled=cancelled,
            duration_s=time.monotonic() - start,
            stdout_tail=tails["stdout"].text(),
            stderr_tail=tails["stderr"].text(),
            output_chars={name: tail.total for name, tail in tails.items()},
        )

    def _await_exit(
        self, pid: int, deadline: float | None, cancel: threading.Event | None
    ) -> int | str | None:
        """The child's exit status; "timeout"/"cancel" when it must be stopped; None: lost."""
        while True:
            message = self._read(0.1)
            if message is not None:
                status = message.get("exit")
                return status if isinstance(status, int) else None
            if self.proc.poll() is not None:
                return None
            if cancel is not None and cancel.is_set():
                return "cancel"
            if deadline is not None and time.monotonic() >= deadline:
                return "timeout"


def _kill_group(pid: int) -> None:
    """SIGTERM the child's process group, then SIGKILL what is left after a grace period."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            return
        if sig == signal.SIGTERM:
            time.sleep(GRACE_S)


def _hash(env: Mapping[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(env.items())).encode()).hexdigest()


_WORKERS: dict[str, Worker] = {}
_GUARD = threading.Lock()


def get(python: str, run_env: Mapping[str, str], *, start: bool = True) -> Worker | None:
    """The ready worker for ``python`` and this environment; starts one (``start``) if none."""
    if not enabled():
        return None
    env = worker_env(run_env)
    env_hash = _hash(env)
    key = str(Path(python))
    with _GUARD:
        worker = _WORKERS.get(key)
        stale = worker is not None and worker.stale(env_hash)
        if worker is not None and (stale or (worker.ready.is_set() and not worker.usable())):
            if not stale and worker.hello.get("safe") is not True:
                return None  # unsafe to fork, or it never started here: stay cold
            worker.close()
            worker = None
        if worker is None and not start:
            return None
        if worker is None:
            try:
                worker = _WORKERS[key] = Worker(python, env)
            except OSError:
                return None
    return worker if worker.usable() else None


def prewarm(python: str | None = None, env: Mapping[str, str] | None = None) -> None:
    """Start the worker now (for a server that expects smoke runs soon)."""
    get(python or sys.executable, os.environ if env is None else env)


def run_warm(
    python: str,
    argv: Sequence[str],
    *,
    cwd: str,
    env: Mapping[str, str],
    timeout: float | None,
    on_output: OnOutput | None,
    cancel: threading.Event | None,
    rewrite: Callable[[str], str] | None,
    start: bool = True,
) -> Outcome | None:
    """``argv`` forked from the warm worker, or None (then start cold) when none is ready.

    ``start``: start a worker for later runs when there is none (this run goes cold).
    """
    worker = get(python, env, start=start)
    if worker is None or not worker.lock.acquire(blocking=False):
        return None
    try:
        return worker.run(argv, cwd, env, timeout, on_output, cancel, rewrite)
    finally:
        worker.lock.release()


def run_program(
    python: str,
    code: str,
    stdin: str = "",
    *,
    args: Sequence[str] = (),
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> str | None:
    """Run a small program (``python -c code *args`` with ``stdin``) forked from the worker.

    For probes that import the script's libraries: its stdout, or None when no worker is
    ready (then run it cold). As with ``-c``, the current folder comes first on sys.path.
    """
    base = dict(os.environ if env is None else env)
    try:
        folder = cleanup.temp_folder("gptfix-probe-")
    except OSError:
        return None
    try:
        program = folder / "probe.py"
        program.write_text(
            "import io, sys\n"
            f"sys.path[0] = ''\nsys.argv[1:] = {list(args)!r}\n"
            f"sys.stdin = io.StringIO({stdin!r})\n{code}",
            encoding="utf-8",
        )
        outcome = run_warm(
            python,
            [str(program)],
            cwd=os.getcwd(),
            env=base,
            timeout=timeout,
            on_output=None,
            cancel=None,
            rewrite=None,
            start=False,  # a probe alone is not worth a worker; use one that is there
        )
    finally:
        cleanup.remove(folder)
        cleanup.untrack_folder(folder)
    if outcome is None or outcome.timed_out:
        return None
    return outcome.stdout_tail


def shutdown() -> None:
    """Stop every worker (also done by the operating system when gptfix exits)."""
    with _GUARD:
        for worker in _WORKERS.values():
            worker.close()
        _WORKERS.clear()


atexit.register(shutdown)

__all__ = ["Worker", "enabled", "get", "prewarm", "run_program", "run_warm", "shutdown"]
