"""The undo journal: a backup of the script before every change gptfix writes.

Kept beside the script in ``.gptfix/journal/<script name>/``; ``gptfix undo`` restores
the newest backup byte for byte. Every writer (``run --fix``, ``apply``, ``recipe
apply``) goes through :func:`write_with_backup`, so nothing is overwritten without one.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from gptfix.errors import EXIT_NOTHING_TO_UNDO, EXIT_READ_ONLY, GptfixError


def journal_dir(script: Path) -> Path:
    return script.resolve().parent / ".gptfix" / "journal" / script.name


def _check_writable(script: Path) -> None:
    if script.exists() and not os.access(script, os.W_OK):
        raise GptfixError(f"{script}: the script is read-only; nothing was changed", EXIT_READ_ONLY)
    if not os.access(script.resolve().parent, os.W_OK):
        raise GptfixError(
            f"{script.parent}: the folder is read-only (gptfix keeps its undo journal there); "
            "nothing was changed",
            EXIT_READ_ONLY,
        )


def write_with_backup(script: Path, new_text: str, reason: str) -> Path:
    """Back up the current bytes of ``script``, then write ``new_text``; returns the backup."""
    _check_writable(script)
    jdir = journal_dir(script)
    jdir.mkdir(parents=True, exist_ok=True)
    old = script.read_bytes()
    stamp = f"{time.time_ns():020d}"
    backup = jdir / f"{stamp}.bak"
    backup.write_bytes(old)
    (jdir / f"{stamp}.json").write_text(json.dumps({"reason": reason, "time": time.time()}))
    tmp = script.with_name(f".{script.name}.gptfix-tmp")
    tmp.write_bytes(new_text.encode("utf-8"))
    os.replace(tmp, script)
    return backup


def entries(script: Path) -> list[tuple[Path, str]]:
    """Journal entries, newest last: (backup path, reason)."""
    jdir = journal_dir(script)
    if not jdir.is_dir():
        return []
    out = []
    for bak in sorted(jdir.glob("*.bak")):
        meta = bak.with_suffix(".json")
        reason = json.loads(meta.read_text()).get("reason", "") if meta.exists() else ""
        out.append((bak, reason))
    return out


def undo(script: Path) -> str:
    """Restore the newest backup of ``script``; returns the reason of the undone change."""
    items = entries(script)
    if not items:
        raise GptfixError(f"{script}: nothing to undo (no gptfix journal)", EXIT_NOTHING_TO_UNDO)
    _check_writable(script)
    bak, reason = items[-1]
    tmp = script.with_name(f".{script.name}.gptfix-tmp")
    tmp.write_bytes(bak.read_bytes())
    os.replace(tmp, script)
    bak.unlink()
    bak.with_suffix(".json").unlink(missing_ok=True)
    return reason
