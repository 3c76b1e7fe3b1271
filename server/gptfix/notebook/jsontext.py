"""Byte-preserving edits of cell sources in a notebook's JSON text.

Bridges a notebook file as some tool wrote it (Jupyter's 1-space indent and sorted
keys, VS Code's, Kaggle's one-line JSON with its own key order, ``\\uXXXX`` escapes or
raw UTF-8) and new cell sources: it finds where each cell's ``"source"`` value lies in
the text and replaces only those spans, written in the style of the value it replaces
(a list of lines or one string, the same separators and indentation, the file's
``ensure_ascii`` style). Everything else (other cells, outputs, metadata, ids, key
order, the trailing newline) keeps its bytes; :func:`edit_sources` proves it by
re-reading the result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class JsonLayoutError(ValueError):
    """The text is JSON but not a notebook whose cells can be edited in place."""


@dataclass(frozen=True)
class SourceSpan:
    """Where one cell's ``"source"`` value lies in the notebook text."""

    cell: int  #: 0-based index in ``cells``
    start: int
    end: int
    key_line_indent: str  #: whitespace before the ``"source"`` key on its line


def _skip(text: str, i: int) -> int:
    m = _WS.match(text, i)
    return m.end() if m else i


def _value_end(text: str, i: int) -> int:
    _, end = _DECODER.raw_decode(text, i)
    return int(end)


def _members(text: str, i: int) -> list[tuple[str, int, int]]:
    """(key, value start, value end) of the JSON object starting at ``text[i]``."""
    if text[i] != "{":
        raise JsonLayoutError("expected an object")
    out: list[tuple[str, int, int]] = []
    i = _skip(text, i + 1)
    if text[i] == "}":
        return out
    while True:
        if text[i] != '"':
            raise JsonLayoutError("expected a key")
        key, i = _DECODER.raw_decode(text, i)
        i = _skip(text, i)
        if text[i] != ":":
            raise JsonLayoutError("expected ':'")
        start = _skip(text, i + 1)
        end = _value_end(text, start)
        out.append((key, start, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
        elif text[i] == "}":
            return out
        else:
            raise JsonLayoutError("expected ',' or '}'")


def _items(text: str, i: int) -> list[tuple[int, int]]:
    """(start, end) of each item of the JSON array starting at ``text[i]``."""
    if text[i] != "[":
        raise JsonLayoutError("expected an array")
    out: list[tuple[int, int]] = []
    i = _skip(text, i + 1)
    if text[i] == "]":
        return out
    while True:
        end = _value_end(text, i)
        out.append((i, end))
        i = _skip(text, end)
        if text[i] == ",":
            i = _skip(text, i + 1)
        elif text[i] == "]":
            return out
        else:
            raise JsonLayoutError("expected ',' or ']'")


def source_spans(text: str) -> list[SourceSpan | None]:
    """The span of each cell's source value, by cell index (None: the cell has none)."""
    root = _skip(text, 1 if text.startswith("\ufeff") else 0)
    cells = [m for m in _members(text, root) if m[0] == "cells"]
    if not cells:
        raise JsonLayoutError("no cells")
    out: list[SourceSpan | None] = []
    for index, (start, _end) in enumerate(_items(text, cells[-1][1])):
        span = None
        for key, vstart, vend in _members(text, start):
            if key == "source":
                line_start = text.rfind("\n", 0, vstart) + 1
                indent = re.match(r"[ \t]*", text[line_start:vstart])
                span = SourceSpan(index, vstart, vend, indent.group(0) if indent else "")
        out.append(span)
    return out


def ensure_ascii_style(text: str) -> bool:
    """Whether the file escapes non-ASCII characters (``\\u00e9``) rather than writing them."""
    if any(ord(ch) > 127 for ch in text.lstrip("\ufeff")):
        return False
    return bool(re.search(r"\\u(?:00[89a-fA-F]|0[1-9a-fA-F]|[1-9a-fA-F])[0-9a-fA-F]{2}", text))


def _indent_unit(text: str) -> str:
    m = re.search(r"\n([ \t]+)\S", text)
    return m.group(1) if m else ""


def render_source(text: str, span: SourceSpan, new_source: str, ascii_only: bool) -> str:
    """``new_source`` written like the value at ``span`` (a list of lines or one string)."""
    old = text[span.start : span.end]

    def enc(s: str) -> str:
        return json.dumps(s, ensure_ascii=ascii_only)

    if not old.startswith("["):
        return enc(new_source)
    parts = re.findall(r"[^\n]*\n|[^\n]+$", new_source)
    if not parts:
        return "[]"
    items = _items(text, span.start)
    if items:
        lead = text[span.start + 1 : items[0][0]]
        tail = text[items[-1][1] : span.end - 1]
        sep = text[items[0][1] : items[1][0]] if len(items) > 1 else "," + lead
    elif "\n" in text:
        unit = _indent_unit(text)
        lead = "\n" + span.key_line_indent + unit
        tail = "\n" + span.key_line_indent
        sep = "," + lead
    else:
        lead = tail = ""
        sep = ","
    return "[" + lead + sep.join(enc(p) for p in parts) + tail + "]"


def edit_sources(text: str, new_sources: dict[int, str]) -> str:
    """``text`` with the sources of the cells in ``new_sources`` (by index) replaced.

    Only the replaced values' spans change. The result is re-read and compared with
    the original JSON with those sources swapped; a mismatch raises JsonLayoutError.
    """
    spans = source_spans(text)
    ascii_only = ensure_ascii_style(text)
    out = text
    for index in sorted(new_sources, reverse=True):  # from the end: earlier offsets hold
        span = spans[index] if 0 <= index < len(spans) else None
        if span is None:
            raise JsonLayoutError(f"cell {index + 1} has no source to edit")
        value = render_source(text, span, new_sources[index], ascii_only)
        out = out[: span.start] + value + out[span.end :]
    _check(text, out, new_sources)
    return out


def _check(old: str, new: str, new_sources: dict[int, str]) -> None:
    before: Any = json.loads(old.lstrip("\ufeff"))
    after: Any = json.loads(new.lstrip("\ufeff"))
    for index, source in new_sources.items():
        got = after["cells"][index]["source"]
        if ("".join(got) if isinstance(got, list) else got) != source:
            raise JsonLayoutError(f"cell {index + 1}: the written source does not read back")
        before["cells"][index]["source"] = got
    if before != after:
        raise JsonLayoutError("the edit changed more than the cells' sources")
