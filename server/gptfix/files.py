"""The one way gptfix changes a user's file: read a snapshot, write only if nothing moved.

Every writer (``run --fix``, ``apply``, ``recipe apply``, ``undo``, notebooks) reads the
file with :func:`read_for_edit` and writes with :func:`write_checked` (through the undo
journal). A write:

- refuses when the file's bytes are no longer those read (someone edited it meanwhile);
  the change is kept as a diff file and named in the one-line error;
- refuses read-only files and folders by their mode bits, even for root;
- goes through a symlink to its target and keeps hard links (written in place when the
  file has more than one link);
- keeps the BOM, the line endings (CRLF stays CRLF), the file mode and the owner.

Also home to the helpers that keep gptfix's own state private (0700 folders, 0600 files).
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from gptfix.errors import (
    EXIT_CHANGED,
    EXIT_NO_SCRIPT,
    EXIT_NOT_PYTHON,
    EXIT_READ_ONLY,
    GptfixError,
)

_BOM = b"\xef\xbb\xbf"
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


@dataclass(frozen=True)
class Snapshot:
    """A file as gptfix read it before editing: the exact bytes and how to write it back."""

    path: Path  #: the path as the user gave it (may be a symlink)
    target: Path  #: the real file behind it (symlinks resolved)
    raw: bytes  #: the bytes read
    text: str  #: decoded text: BOM dropped, line endings as ``\n``
    bom: bool  #: the file started with a UTF-8 BOM
    newline: str  #: the file's line ending: ``"\n"``, ``"\r\n"`` or ``"\r"``
    mode: int  #: permission bits of the target

    @property
    def sha256(self) -> str:
        return digest(self.raw)

    def encode(self, text: str) -> bytes:
        """``text`` (any line endings) as this file's bytes: same BOM and line endings."""
        return encode_like(text, bom=self.bom, newline=self.newline)


class FileChangedError(GptfixError):
    """The file changed on disk since gptfix read it; nothing was written."""

    def __init__(self, message: str, kept: Path | None = None) -> None:
        super().__init__(message, EXIT_CHANGED)
        self.kept = kept  #: where the unwritten change was kept as a diff, if it could be


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def detect_newline(raw: bytes) -> str:
    """The dominant line ending of ``raw`` (``\\n`` when it has none)."""
    crlf = raw.count(b"\r\n")
    lf = raw.count(b"\n") - crlf
    cr = raw.count(b"\r") - crlf
    if crlf and crlf >= lf and crlf >= cr:
        return "\r\n"
    if cr > lf:
        return "\r"
    return "\n"


def encode_like(text: str, *, bom: bool, newline: str) -> bytes:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if newline != "\n":
        text = text.replace("\n", newline)
    return (_BOM if bom else b"") + text.encode("utf-8")


def decode(raw: bytes, path: Path | str = "file") -> str:
    """UTF-8 text of ``raw`` with the BOM dropped and line endings as ``\\n``."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GptfixError(f"{path}: not UTF-8 text; nothing was changed", EXIT_NOT_PYTHON) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_for_edit(path: str | Path) -> Snapshot:
    """Read ``path`` (through symlinks) as the base of an edit."""
    given = Path(path)
    target = given.resolve()
    try:
        raw = target.read_bytes()
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        raise GptfixError(f"{given}: no such file", EXIT_NO_SCRIPT) from None
    except OSError as exc:
        raise GptfixError(f"{given}: cannot read ({exc.strerror})", EXIT_READ_ONLY) from None
    return Snapshot(
        path=given,
        target=target,
        raw=raw,
        text=decode(raw, given),
        bom=raw.startswith(_BOM),
        newline=detect_newline(raw),
        mode=mode,
    )


def writable(path: Path) -> bool:
    """Writable for us *and* not marked read-only by its mode bits (which root ignores)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & _WRITE_BITS)


def check_writable(path: Path, doing: str = "gptfix cannot change it") -> None:
    """Refuse up front when ``path`` (a file, through symlinks) or its folder is read-only."""
    target = Path(path).resolve()
    if target.exists() and not writable(target):
        raise GptfixError(f"{path}: the script is read-only; {doing}", EXIT_READ_ONLY)
    if not writable(target.parent):
        raise GptfixError(
            f"{target.parent}: the folder is read-only (gptfix keeps its undo journal there); "
            f"{doing}",
            EXIT_READ_ONLY,
        )


def changed_since(snapshot: Snapshot) -> bool:
    """True when the file's bytes are no longer those of ``snapshot``."""
    try:
        return snapshot.target.read_bytes() != snapshot.raw
    except OSError:
        return True


def replace_bytes(target: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` over the real file ``target``, keeping links, mode and owner.

    A file with several hard links is written in place (every link sees the change);
    otherwise a temporary file beside it takes its mode and owner and replaces it, so a
    crash never leaves half a file.
    """
    st = target.stat()
    keep_mode = stat.S_IMODE(st.st_mode) if mode is None else mode
    if st.st_nlink > 1:
        with open(target, "r+b") as fh:
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(target, keep_mode)
        return
    tmp = target.with_name(f".{target.name}.gptfix-tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, keep_mode)
        if hasattr(os, "chown") and (st.st_uid, st.st_gid) != (os.getuid(), os.getgid()):
            try:
                os.chown(tmp, st.st_uid, st.st_gid)
            except OSError:
                pass  # not ours to give away; the content and mode still hold
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_checked(snapshot: Snapshot, new_text: str, reason: str) -> Path:
    """Write ``new_text`` over the file of ``snapshot`` with an undo backup; returns it.

    Raises :class:`FileChangedError` (exit code ``EXIT_CHANGED``) when the file changed
    since ``snapshot`` was read, keeping the change as a diff; and ``EXIT_READ_ONLY``
    when the file or its folder is read-only.
    """
    from gptfix import journal

    check_writable(snapshot.path, "nothing was changed")
    data = snapshot.encode(new_text)
    if changed_since(snapshot):
        kept = journal.keep_rejected(snapshot, new_text)
        where = f"; the change is kept in {kept}" if kept else ""
        raise FileChangedError(
            f"{snapshot.path} changed on disk since gptfix read it; nothing was written{where}",
            kept,
        )
    return journal.record_and_write(snapshot, data, reason)


# --- gptfix's own private state ---------------------------------------------------------


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) readable by the user only (0700)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if stat.S_IMODE(path.stat().st_mode) != 0o700:
        os.chmod(path, 0o700)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically as a 0600 file in a 0700 folder."""
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
