"""Log files as written by other machines -> the plain text a terminal would have shown.

Bridges the formats logs arrive in (plain text, ``nohup.out``, UTF-16 from a Windows
shell, Kaggle's JSON array of ``{"stream_name", "time", "data"}`` records, a log copied
from Kaggle's viewer with its time and row columns, ANSI colour
codes, ``\\r``/``\\b`` progress-bar rewrites) and the traceback parser, which wants
plain lines.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any

from gptfix.errors import EXIT_UNREADABLE, GptfixError

#: CSI sequences (colours, cursor moves, erase-line), OSC sequences (titles, links) and
#: the remaining two-character escapes.
_ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC ... BEL / ST
    r"|\x1b[@-Z\\-_]"  # two-character escapes
)
#: a Kaggle log: its JSON array, or records one per line (``kaggle kernels logs``
#: streamed, or lines copied out of the array, each then starting with ``,``)
_KAGGLE_START = re.compile(r'^\s*[\[,]?\s*\{\s*"(stream_name|time|data)"')


def strip_ansi(text: str) -> str:
    """Remove ANSI escape sequences (colours, cursor movement, hyperlinks)."""
    return _ANSI.sub("", text)


def _overlay(shown: str, segment: str) -> str:
    """Write ``segment`` from column 0 over ``shown``, as a terminal does after ``\\r``."""
    if "\b" not in segment:
        return segment + shown[len(segment) :]
    buf = list(shown)
    col = 0
    for ch in segment:
        if ch == "\b":
            col = max(0, col - 1)
            continue
        if col < len(buf):
            buf[col] = ch
        else:
            buf.append(ch)
        col += 1
    return "".join(buf)


def _render_line(line: str) -> str:
    """What a terminal shows for one line holding ``\\r`` and ``\\b`` rewrites."""
    if "\r" not in line and "\b" not in line:
        return line
    segments = line.split("\r")
    shown = ""
    for index, segment in enumerate(segments):
        if index < len(segments) - 1:
            segment = segment.rstrip("\b")  # backspaces right before a \r change nothing
        shown = _overlay(shown, segment)
    return shown.rstrip()


def collapse_rewrites(text: str) -> str:
    """Collapse ``\\r`` / ``\\b`` progress-bar rewrites to the final text of each line."""
    text = text.replace("\r\n", "\n")
    if "\r" not in text and "\b" not in text:
        return text
    return "\n".join(_render_line(line) for line in text.split("\n"))


def clean_text(text: str) -> str:
    """Plain text of a terminal log: ANSI codes stripped, rewrites collapsed."""
    return collapse_rewrites(strip_ansi(text))


def _kaggle_records(text: str) -> list[dict[str, Any]] | None:
    """The records of a Kaggle JSON log, or None when ``text`` is not one.

    A log downloaded while the kernel still runs may be cut off; the records decoded
    before the cut are kept. Records one per line (no array around them) are read too.
    """
    if not _KAGGLE_START.match(text):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        data = _decode_prefix(text)
    if not isinstance(data, list):
        return None
    records = [r for r in data if isinstance(r, dict) and isinstance(r.get("data"), str)]
    return records if records or not data else None


def _decode_prefix(text: str) -> list[Any]:
    """Decode the records of a truncated JSON array one by one, up to the cut."""
    decoder = json.JSONDecoder()
    out: list[Any] = []
    pos = text.index("{")
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text) or text[pos] == "]":
            return out
        try:
            obj, pos = decoder.raw_decode(text, pos)
        except ValueError:
            return out
        out.append(obj)


def kaggle_to_text(records: list[dict[str, Any]]) -> str:
    """Concatenate the ``data`` of Kaggle log records in time order (stable for ties)."""

    def when(rec: dict[str, Any]) -> float:
        t = rec.get("time")
        return float(t) if isinstance(t, int | float) else 0.0

    return "".join(r["data"] for r in sorted(records, key=when))


def decode_log(raw: bytes) -> str:
    """Bytes of a log file -> its plain text (BOMs honoured, bad bytes replaced)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = raw.decode("utf-16", errors="replace")
    elif len(raw) >= 4 and raw[1] == 0 and raw[3] == 0 and raw[0] != 0:
        text = raw.decode("utf-16-le", errors="replace")  # UTF-16 written without a BOM
    else:
        text = raw.decode("utf-8-sig", errors="replace")
    return plain_text(text)


#: a row of Kaggle's log viewer copied as text: "45.6s<TAB>12<TAB>  File ..."
_KAGGLE_ROW = re.compile(r"^[ \t]*\d+(?:\.\d+)?s\t+\d+\t", re.M)
_KAGGLE_HEADER = re.compile(r"^[ \t]*Time\t+#\t+Log Message[ \t]*$", re.M)


def strip_kaggle_columns(text: str) -> str:
    """Drop the time and row-number columns of a log copied from Kaggle's log viewer.

    Only when most lines carry them, so a log that merely mentions such a line stays.
    """
    rows = len(_KAGGLE_ROW.findall(text))
    lines = sum(1 for line in text.splitlines() if line.strip())
    if rows < 2 or rows * 2 < lines:
        return text
    return _KAGGLE_ROW.sub("", _KAGGLE_HEADER.sub("", text))


def plain_text(text: str) -> str:
    """A log's text as a terminal showed it: Kaggle JSON unpacked, ANSI and rewrites gone."""
    records = _kaggle_records(text)
    if records is not None:
        text = kaggle_to_text(records)
    return strip_kaggle_columns(clean_text(text))


def read_log(path: Path | str) -> str:
    """Read a log file as plain text (Kaggle JSON, ANSI and ``\\r`` bars handled).

    Raises :class:`GptfixError` with ``EXIT_UNREADABLE`` when the file is missing,
    is a folder, or cannot be read.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise GptfixError(f"cannot read log {p}: no such file", EXIT_UNREADABLE) from None
    except IsADirectoryError:
        raise GptfixError(f"cannot read log {p}: it is a folder", EXIT_UNREADABLE) from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise GptfixError(f"cannot read log {p}: {reason}", EXIT_UNREADABLE) from None
    return decode_log(raw)
