"""Follow a failure and its fixes across edits: map lines between two versions of a document.

A run's diagnosis and the fixes computed for it refer to the text the run saw. When
the user types, each diagnosed line either survived unchanged (and maybe moved) or
was edited; this module answers which, by diffing the two versions line by line,
and moves fix edits along when the lines they touch survived.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from gptfix.model import Edit


@dataclass
class LineShift:
    """Where each unchanged line of an old text sits in a new text."""

    mapping: dict[int, int]  #: old 0-based line -> new 0-based line, for unchanged lines
    old_count: int

    def line(self, old: int) -> int | None:
        """The new line of old line ``old``, or None if it was edited or deleted."""
        return self.mapping.get(old)

    def lines(self, first: int, last: int) -> int | None:
        """The new line of ``first`` if lines first..last all survived, unchanged and contiguous."""
        start = self.mapping.get(first)
        if start is None:
            return None
        for i in range(first, last + 1):
            if self.mapping.get(i) != start + (i - first):
                return None
        return start


def line_map(old: str, new: str) -> LineShift:
    """Map the unchanged lines of ``old`` onto ``new``."""
    a = old.splitlines()
    b = new.splitlines()
    if a == b:
        return LineShift({i: i for i in range(len(a))}, len(a))
    mapping: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                mapping[i1 + k] = j1 + k
    return LineShift(mapping, len(a))


def rebase_edits(edits: list[Edit], lmap: LineShift) -> list[Edit] | None:
    """Move edits made against an old text onto the new text, or None if they no longer fit.

    An edit fits when every line it replaces is unchanged in the new text (an insertion
    needs the line it is inserted before, or the one after which it goes, unchanged).
    """
    out = []
    for e in edits:
        if e.start_line == e.end_line and e.start_col == 0 and e.end_col == 0:
            # pure line insertion before line start_line
            at = lmap.line(e.start_line)
            if at is None and e.start_line > 0:
                prev = lmap.line(e.start_line - 1)
                at = None if prev is None else prev + 1
            if at is None and e.start_line >= lmap.old_count:
                at = _after_end(lmap)
            if at is None:
                return None
            out.append(Edit(at, 0, at, 0, e.new_text))
            continue
        last = e.end_line if e.end_col > 0 else e.end_line - 1
        last = min(last, lmap.old_count - 1)
        start = lmap.lines(e.start_line, max(last, e.start_line))
        if start is None:
            return None
        shift = start - e.start_line
        out.append(
            Edit(e.start_line + shift, e.start_col, e.end_line + shift, e.end_col, e.new_text)
        )
    return out


def _after_end(lmap: LineShift) -> int | None:
    last = lmap.line(lmap.old_count - 1)
    return None if last is None else last + 1
