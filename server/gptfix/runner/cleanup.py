"""What the runner leaves behind if gptfix stops mid-run: child process groups and working copies.

Bridges the runner and the end of gptfix's process: every running child's process
group and every sandbox working copy is registered while it exists; at interpreter
exit (a normal end, a server shutdown, a SIGTERM turned into an exit by
:func:`stop_on_sigterm`) the groups still registered are killed and the copies
removed, so no script keeps running and no patched copy stays on disk.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from types import FrameType

_LOCK = threading.Lock()
_GROUPS: set[int] = set()
_FOLDERS: set[Path] = set()
_CLOSED = False  #: set by cleanup_all: the process is ending, nothing new is made


def temp_folder(prefix: str) -> Path:
    """A fresh temporary folder, registered for removal in the same step.

    Raises OSError once :func:`cleanup_all` ran (the process is ending), so a thread
    still working then leaves nothing behind.
    """
    with _LOCK:
        if _CLOSED:
            raise OSError("gptfix is shutting down")
        path = Path(tempfile.mkdtemp(prefix=prefix))
        _FOLDERS.add(path)
    return path


def track_group(pgid: int) -> None:
    """Register a running child's process group (killed at once when gptfix is ending)."""
    with _LOCK:
        closed = _CLOSED
        if not closed:
            _GROUPS.add(pgid)
    if closed:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass


def untrack_group(pgid: int) -> None:
    with _LOCK:
        _GROUPS.discard(pgid)


def track_folder(path: Path) -> None:
    with _LOCK:
        _FOLDERS.add(path)


def untrack_folder(path: Path) -> None:
    with _LOCK:
        _FOLDERS.discard(path)


def remove(base: Path) -> None:
    """Remove a working copy, including the overlay's work folder (created with mode 000)."""
    for folder, dirs, _ in os.walk(base, followlinks=False):
        for name in dirs:
            path = os.path.join(folder, name)
            if not os.path.islink(path):
                try:
                    os.chmod(path, 0o700)
                except OSError:
                    pass
    shutil.rmtree(base, ignore_errors=True)


def cleanup_all() -> None:
    """Kill every registered process group and remove every registered working copy."""
    global _CLOSED
    with _LOCK:
        _CLOSED = True
        groups, folders = list(_GROUPS), list(_FOLDERS)
        _GROUPS.clear()
        _FOLDERS.clear()
    for pgid in groups:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass
    for folder in folders:
        remove(folder)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def stop_on_sigterm() -> None:
    """Make SIGTERM end gptfix like Ctrl-C does (cleanup runs) where nobody else handles it."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _exit_on_sigterm)


atexit.register(cleanup_all)
