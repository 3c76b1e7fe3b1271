"""The warm worker: a long-lived process in the user's interpreter that forks one child per run.

Bridges ``gptfix.runner.worker`` (over a Unix socket handed over as a file descriptor)
and the user's interpreter: it imports TensorFlow/Keras once (or the modules listed in
``GPTFIX_WARM_MODULES``, comma-separated; never the user's code),
checks that no TensorFlow runtime was initialised by that import (forking after one is
not safe), says hello with the folders whose change means "restart me", then serves
one request at a time: the request brings the run's argv, cwd and environment, and the
two pipes for its stdout and stderr. The forked child starts a new session, sets up
what the boot hook would have (sandbox, recorder, smoke/build patches), runs the script
as ``__main__`` and exits with the code a cold ``python script.py`` would. The worker
reports the child's pid, then its exit status, and exits itself when gptfix closes the
socket (gptfix ended), killing a child still running. Standard library only.
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import importlib
import json
import os
import select
import signal
import socket
import sys
import traceback
import types
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
PR_SET_PDEATHSIG = 1
BOOT_KEYS = (
    "GPTFIX_BOOT_REPORT",
    "GPTFIX_BOOT_MODE",
    "GPTFIX_BOOT_STEPS",
    "GPTFIX_BOOT_EAGER",
    "GPTFIX_BOOT_USER_DIR",
    "GPTFIX_BOOT_SANDBOX",
)


def _send(sock: socket.socket, data: dict[str, Any]) -> None:
    sock.sendall(json.dumps(data).encode() + b"\n")


def _warm_up() -> dict[str, Any]:
    """Import the heavy packages once; whether forking after that is still safe."""
    imported, safe, why = [], True, ""
    wanted = os.environ.get("GPTFIX_WARM_MODULES", "tensorflow,keras")
    for name in [n.strip() for n in wanted.split(",") if n.strip()]:
        try:
            importlib.import_module(name)
            imported.append(name)
        except Exception:  # noqa: BLE001 - a missing or broken package: nothing to warm
            continue
    if "tensorflow" in imported:
        try:
            from tensorflow.python.eager import context

            ctx = context._context  # noqa: SLF001 - the only way to ask without creating one
            if ctx is not None and getattr(ctx, "_context_handle", None) is not None:
                safe, why = False, "a TensorFlow runtime was initialised at import"
        except Exception as err:  # noqa: BLE001
            safe, why = False, f"cannot tell whether TensorFlow initialised: {err}"
    paths = sorted({p for p in sys.path if p and ("-packages" in p) and os.path.isdir(p)})
    return {"imported": imported, "safe": safe, "why": why, "paths": paths, "pid": os.getpid()}


def _exit_code(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def _boot(env: dict[str, str], cwd: str) -> None:
    """What ``sitecustomize`` does at a cold start, for this forked child."""
    os.environ.clear()
    os.environ.update(env)
    config = {key: os.environ.pop(key, None) for key in BOOT_KEYS}
    original = os.environ.pop("GPTFIX_BOOT_PYTHONPATH", None)
    if original:
        os.environ["PYTHONPATH"] = original
    elif original is not None:
        os.environ.pop("PYTHONPATH", None)
    os.chdir(cwd)
    if config["GPTFIX_BOOT_SANDBOX"]:
        sandbox: Any = importlib.import_module("_gptfix_boot_sandbox")
        request = sandbox.config_from(config["GPTFIX_BOOT_SANDBOX"])
        if request is not None:
            sandbox.enter(request)
    if config["GPTFIX_BOOT_REPORT"]:
        recorder: Any = importlib.import_module("_gptfix_boot_recorder")
        recorder.install(config)


def _child(request: dict[str, Any], fds: list[int]) -> int:
    """Run the request's script as ``__main__`` in this forked child; its exit code."""
    os.setsid()
    libc_name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and libc_name:
        ctypes.CDLL(libc_name).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(fds[0], 1)
    os.dup2(fds[1], 2)
    for fd in (null, *fds):
        os.close(fd)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    argv = [str(a) for a in request["argv"]]
    _boot({str(k): str(v) for k, v in request["env"].items()}, str(request["cwd"]))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != HERE]
    sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
    sys.argv = argv
    main = types.ModuleType("__main__")
    main.__file__ = argv[0]
    main.__builtins__ = __builtins__  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    code = 0
    try:
        with open(argv[0], "rb") as fh:
            source = fh.read()
        exec(compile(source, argv[0], "exec"), main.__dict__)  # noqa: S102 - the user's script
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException as exc:  # noqa: BLE001 - printed and recorded as Python would
        tb = exc.__traceback__
        sys.excepthook(type(exc), exc, tb.tb_next if tb is not None else None)
        code = 1
    return _finish(code)


def _finish(code: int) -> int:
    """Python's own shutdown: wait for threads, run atexit, flush."""
    try:
        import threading

        threading._shutdown()  # type: ignore[attr-defined]  # noqa: SLF001
    except Exception:  # noqa: BLE001
        pass
    try:
        atexit._run_exitfuncs()  # noqa: SLF001
    except Exception:  # noqa: BLE001
        pass
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: BLE001
            pass
    return code


def _wait(sock: socket.socket, pid: int) -> int | None:
    """The child's exit status, or None when gptfix went away meanwhile."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        readable, _, _ = select.select([sock], [], [], 0.05)
        if readable and not sock.recv(1, socket.MSG_PEEK):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
            os.waitpid(pid, 0)
            return None


def serve(sock: socket.socket) -> None:
    _send(sock, _warm_up())
    buffer = b""
    while True:
        data, fds, _, _ = socket.recv_fds(sock, 1 << 20, 4)
        if not data:
            return
        buffer += data
        if not buffer.endswith(b"\n"):
            continue
        request, buffer = json.loads(buffer), b""
        pid = os.fork()
        if pid == 0:
            sock.close()
            try:
                code = _child(request, fds)
            except BaseException:  # noqa: BLE001 - never return into the worker's loop
                traceback.print_exc()
                code = 70
            os._exit(code)
        for fd in fds:
            os.close(fd)
        _send(sock, {"pid": pid})
        status = _wait(sock, pid)
        if status is None:
            return
        _send(sock, {"exit": status})


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))
