"""Follow a failure and its fixes across edits: map lines between two versions of a document.

A run's diagnosis and the fixes computed for it refer to the text the run saw. When
the user types, each diagnosed line either survived unchanged (and maybe moved) or
was edited; this module answers which, by diffing the two versions line by line,
and moves fix edits along when the lines they touch survived. :func:`follow_failure`
moves a failure itself onto a newer text (a notebook's program after its cells were
edited), so what is sent to the LLM points at the lines as they are now.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from pathlib import Path

from gptfix.errors import GptfixError
from gptfix.model import Edit, Failure


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


def _same_file(a: str | None, b: Path) -> bool:
    return a is not None and Path(a) == b


def follow_failure(failure: Failure, old: str, new: str, path: Path) -> Failure:
    """``failure``, whose lines in ``path`` are those of ``old`` (the text that ran), on
    the lines of ``new`` (the text now). A line that survived unchanged moves with the
    edits; an edited one is found again by its statement's text when that occurs once
    in ``new``. Raises GptfixError naming the failing statement when it cannot be found
    (the user edited it since the run); other frames that cannot be are no longer shown
    as the user's, and a root cause that cannot be is dropped.
    """
    if old == new:
        return failure
    shift = line_map(old, new)
    before, after = old.splitlines(), new.splitlines()

    def moved(line: int) -> int | None:
        to = shift.line(line - 1)
        if to is not None:
            return to + 1
        text = before[line - 1].strip() if 0 < line <= len(before) else ""
        hits = [i for i, t in enumerate(after, 1) if text and t.strip() == text]
        return hits[0] if len(hits) == 1 else None

    out = copy.deepcopy(failure)
    loc = out.location
    if loc is not None and _same_file(loc.path, path):
        line = moved(loc.line)
        if line is None:
            text = before[loc.line - 1].strip() if 0 < loc.line <= len(before) else ""
            raise GptfixError(
                f"the failing line `{text}` was edited since the run and is not in the "
                "code now; run it again"
            )
        if loc.end_line is not None:
            loc.end_line = line + (loc.end_line - loc.line)
        loc.line = line
    for frame in out.frames + [f for cause in out.causes for f in cause.frames]:
        if _same_file(frame.local_path, path):
            line = moved(frame.line)
            if line is None:
                frame.is_user = False  # its line is gone: not shown as the user's code
            else:
                frame.line = line
    frame_fact = out.facts.get("frame") if isinstance(out.facts, dict) else None
    if isinstance(frame_fact, dict) and isinstance(frame_fact.get("line"), int):
        if _same_file(str(frame_fact.get("file")), path):  # where the locals were taken
            line = moved(frame_fact["line"])
            if line is not None:
                frame_fact["line"] = line
    root = out.root_cause
    if root is not None and _same_file(root.location.path, path):
        line = moved(root.location.line)
        if line is None:
            out.root_cause = None
        else:
            if root.location.end_line is not None:
                root.location.end_line = line + (root.location.end_line - root.location.line)
            root.location.line = line
            kept = []
            for also in root.also:
                moved_to = moved(also.line) if _same_file(also.path, path) else also.line
                if moved_to is not None:
                    also.end_line = None if also.end_line is None else moved_to
                    also.line = moved_to
                    kept.append(also)
            root.also = kept
    return out
