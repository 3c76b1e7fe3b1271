"""The undo journal: a backup of the script before every change gptfix writes.

Kept beside the (real, symlink-resolved) script in ``.gptfix/journal/<script name>/``,
private to the user (0700 folders, 0600 files). Each entry holds the bytes before the
change, their mode, and the sha256 of the bytes gptfix wrote. Writers go through
:func:`gptfix.files.write_checked`, which calls :func:`record_and_write` here.

``gptfix undo`` restores the newest backup byte for byte (and its mode) only while the
file is still exactly what gptfix wrote; otherwise it refuses, keeps the entry and offers
the reverse patch, so later edits are never lost.
"""

from __future__ import annotations

import json
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gptfix.errors import EXIT_CHANGED, EXIT_NOTHING_TO_UNDO, GptfixError

if TYPE_CHECKING:
    from gptfix.files import Snapshot


def journal_dir(script: Path) -> Path:
    target = Path(script).resolve()
    return target.parent / ".gptfix" / "journal" / target.name


def _private_journal_dir(script: Path) -> Path:
    from gptfix.files import private_dir

    jdir = journal_dir(script)
    for folder in (jdir.parent.parent, jdir.parent, jdir):
        private_dir(folder)
    return jdir


@dataclass(frozen=True)
class Entry:
    """One journal entry: the backup of the bytes before a change and what was written."""

    backup: Path
    reason: str
    mode: int | None  #: mode of the file before the change (None in old journals)
    written: str | None  #: sha256 of the bytes gptfix wrote (None in old journals)

    @property
    def meta(self) -> Path:
        return self.backup.with_suffix(".json")


def record_and_write(snapshot: Snapshot, data: bytes, reason: str) -> Path:
    """Back up ``snapshot``'s bytes, then write ``data`` over its file; returns the backup."""
    from gptfix.edits import unified_diff
    from gptfix.files import decode, digest, replace_bytes, write_private

    jdir = _private_journal_dir(snapshot.target)
    stamp = f"{time.time_ns():020d}"
    backup = jdir / f"{stamp}.bak"
    write_private(backup, snapshot.raw)
    meta = {
        "reason": reason,
        "time": time.time(),
        "mode": snapshot.mode,
        "before": snapshot.sha256,
        "written": digest(data),
    }
    write_private(backup.with_suffix(".json"), json.dumps(meta).encode("utf-8"))
    change = unified_diff(snapshot.text, decode(data), snapshot.target.name)
    write_private(backup.with_suffix(".diff"), change.encode("utf-8"))
    try:
        replace_bytes(snapshot.target, data)
    except BaseException:
        for suffix in (".bak", ".json", ".diff"):
            backup.with_suffix(suffix).unlink(missing_ok=True)
        raise
    return backup


def write_with_backup(script: Path, new_text: str, reason: str) -> Path:
    """Read ``script`` now and write ``new_text`` over it through the checked writer."""
    from gptfix.files import read_for_edit, write_checked

    return write_checked(read_for_edit(script), new_text, reason)


def keep_rejected(snapshot: Snapshot, new_text: str) -> Path | None:
    """Keep a change that could not be written as a diff in the journal; None if impossible."""
    from gptfix.edits import unified_diff
    from gptfix.files import write_private

    try:
        out = _private_journal_dir(snapshot.target) / f"{time.time_ns():020d}.rejected.diff"
        write_private(out, unified_diff(snapshot.text, new_text, snapshot.path.name).encode())
    except OSError:
        return None
    return out


def _read_meta(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def entries(script: Path) -> list[Entry]:
    """Journal entries, newest last."""
    jdir = journal_dir(script)
    if not jdir.is_dir():
        return []
    out = []
    for bak in sorted(jdir.glob("*.bak")):
        meta = _read_meta(bak.with_suffix(".json"))
        mode = meta.get("mode")
        written = meta.get("written")
        out.append(
            Entry(
                backup=bak,
                reason=str(meta.get("reason", "")),
                mode=mode if isinstance(mode, int) else None,
                written=written if isinstance(written, str) else None,
            )
        )
    return out


def undo(script: Path) -> str:
    """Restore the newest backup of ``script``; returns the reason of the undone change.

    Refuses (``EXIT_CHANGED``) when the file is no longer what gptfix wrote: the entry is
    kept and the message names the change's diff (kept since the write), to reverse by
    hand with ``patch -R``. Entries from journals without the hash are restored as is.
    """
    from gptfix.files import check_writable, read_for_edit, replace_bytes

    items = entries(script)
    if not items:
        raise GptfixError(f"{script}: nothing to undo (no gptfix journal)", EXIT_NOTHING_TO_UNDO)
    check_writable(script, "nothing was undone")
    entry = items[-1]
    current = read_for_edit(script)
    before = entry.backup.read_bytes()
    if entry.written is not None and current.sha256 != entry.written:
        raise GptfixError(
            f"{script} changed since gptfix wrote it; nothing was undone and the journal entry "
            f"is kept. {_reverse_hint(script, entry)}",
            EXIT_CHANGED,
        )
    mode = entry.mode if entry.mode is not None else current.mode
    replace_bytes(current.target, before, mode=stat.S_IMODE(mode))
    if current.target.read_bytes() != before:
        raise GptfixError(f"{script}: the backup could not be restored", EXIT_CHANGED)
    for suffix in (".bak", ".json", ".diff"):
        entry.backup.with_suffix(suffix).unlink(missing_ok=True)
    return entry.reason


def _reverse_hint(script: Path, entry: Entry) -> str:
    """How to take back only gptfix's change: its diff, reversed."""
    change = entry.backup.with_suffix(".diff")
    if change.is_file():
        return f"To take back only gptfix's change: patch -R {script} {change}"
    return f"The file before gptfix's change is {entry.backup}"
