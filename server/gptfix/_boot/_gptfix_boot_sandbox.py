"""Isolation entered by a verification run inside the user's interpreter, before any script code.

Bridges ``gptfix.runner.sandbox`` (which prepares a temporary working copy and asks for
isolation through ``GPTFIX_BOOT_SANDBOX``) and the kernel: on Linux the process enters
new user, mount and network namespaces (no network: only a loopback that is down), and
mounts an overlay whose lower layer is the script's folder (read-only: writes and
deletions land in a temporary upper layer) over the working copy, with the patched
script in the upper layer. Where the kernel refuses, the working copy keeps the
symlinks the runner made and nothing else is changed. What applied is written to a
file beside the report. Must run while the process has a single thread (at interpreter
start, or in a freshly forked child). Standard library only.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as fh:
        fh.write(text)


def _enter_namespaces(libc: ctypes.CDLL) -> bool:
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) != 0:
        return False
    try:  # keep the same ids inside, so files keep their owner
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    except OSError:
        pass
    return True


def _mount_overlay(libc: ctypes.CDLL, config: dict[str, str]) -> bool:
    options = (
        f"lowerdir={config['lower']},upperdir={config['upper']},workdir={config['work']}"
    ).encode()
    target = config["root"].encode()
    return libc.mount(b"overlay", target, b"overlay", 0, options) == 0


def enter(config: dict[str, str]) -> list[str]:
    """Isolate this process as ``config`` asks; the protections that applied."""
    applied: list[str] = []
    libc = _libc() if sys.platform.startswith("linux") else None
    if libc is not None and config.get("isolate") == "1" and _enter_namespaces(libc):
        applied.append("no-network")
        if _mount_overlay(libc, config):
            applied.append("folder-read-only")
    try:
        os.chdir(config["root"])  # after the mount, so the working copy is the merged view
    except OSError:
        pass
    try:
        _write(config["result"], json.dumps(applied))
    except OSError:
        pass
    return applied


def config_from(raw: str | None) -> dict[str, str] | None:
    """The sandbox request the runner put in ``GPTFIX_BOOT_SANDBOX`` (JSON), if any."""
    if not raw:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else None
