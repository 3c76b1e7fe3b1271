"""Bridges ``ast`` positions (UTF-8 byte columns) and editor positions (code points).

``ast`` reports ``col_offset``/``end_col_offset`` as UTF-8 byte offsets within a line;
everything else in gptfix counts columns in Unicode code points (see
:mod:`gptfix.model`). Training scripts often carry Chinese comments and strings, so a
byte column past a non-ASCII character is not the code-point column.
"""

from __future__ import annotations

import ast

from gptfix.index.facts import Span


class LineMap:
    """Converts between UTF-8 byte columns, code-point columns and text offsets.

    Lines are 1-based, columns 0-based (as ``ast`` reports them).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self._starts = [0]
        for line in self.lines:
            self._starts.append(self._starts[-1] + len(line))
        # Lines that are pure ASCII need no conversion; remember which ones are not.
        self._non_ascii = {i + 1 for i, line in enumerate(self.lines) if not line.isascii()}

    def line_text(self, line: int) -> str:
        """The text of 1-based ``line`` without its line break ('' past the end)."""
        if 1 <= line <= len(self.lines):
            return self.lines[line - 1].rstrip("\r\n")
        return ""

    def char_col(self, line: int, byte_col: int) -> int:
        """Code-point column of a UTF-8 byte column on 1-based ``line``."""
        if line not in self._non_ascii:
            return byte_col
        raw = self.line_text(line).encode("utf-8")
        return len(raw[:byte_col].decode("utf-8", errors="ignore"))

    def byte_col(self, line: int, char_col: int) -> int:
        """UTF-8 byte column of a code-point column on 1-based ``line``."""
        if line not in self._non_ascii:
            return char_col
        return len(self.line_text(line)[:char_col].encode("utf-8"))

    def utf16_col(self, line: int, char_col: int) -> int:
        """UTF-16 code-unit column (what most LSP clients count) of a code-point column."""
        if line not in self._non_ascii:
            return char_col
        head = self.line_text(line)[:char_col]
        return sum(2 if ord(ch) > 0xFFFF else 1 for ch in head)

    def offset(self, line: int, char_col: int) -> int:
        """Offset into the text of (1-based line, code-point column)."""
        if line < 1:
            return 0
        if line > len(self.lines):
            return len(self.text)
        return self._starts[line - 1] + char_col

    def position(self, offset: int) -> tuple[int, int]:
        """(1-based line, code-point column) of a text offset."""
        import bisect

        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self._starts, offset) - 1
        idx = min(idx, max(len(self.lines) - 1, 0))
        return idx + 1, offset - self._starts[idx]

    def span(self, node: ast.AST) -> Span:
        """The code-point range of an ``ast`` node."""
        line = getattr(node, "lineno", 1)
        end_line = getattr(node, "end_lineno", None) or line
        end = getattr(node, "end_col_offset", None)
        return Span(
            line,
            self.char_col(line, getattr(node, "col_offset", 0)),
            end_line,
            self.char_col(end_line, end if end is not None else getattr(node, "col_offset", 0)),
        )

    def node_text(self, node: ast.AST) -> str:
        """The source text of an ``ast`` node (empty for nodes without positions)."""
        line = getattr(node, "lineno", None)
        if line is None:
            return ""
        col = getattr(node, "col_offset", 0)
        end_line = getattr(node, "end_lineno", None) or line
        end_col = getattr(node, "end_col_offset", None)
        return self.segment(line, col, end_line, col if end_col is None else end_col)

    def segment(self, line: int, byte_col: int, end_line: int, end_byte_col: int) -> str:
        """The source text between two ``ast`` positions (byte columns)."""
        start = self.offset(line, self.char_col(line, byte_col))
        end = self.offset(end_line, self.char_col(end_line, end_byte_col))
        return self.text[start:end]


_VALUE_CHARS = 160


def short(text: str, limit: int = _VALUE_CHARS) -> str:
    """One-line, shortened source text."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def find_word(text: str, word: str) -> int:
    """Index of ``word`` as a whole identifier in ``text`` (-1 if absent)."""
    start = 0
    while True:
        idx = text.find(word, start)
        if idx < 0:
            return -1
        before = text[idx - 1] if idx else " "
        after = text[idx + len(word)] if idx + len(word) < len(text) else " "
        if not (before.isidentifier() or before.isdigit()) and not (
            after.isidentifier() or after.isdigit()
        ):
            return idx
        start = idx + 1
