"""Text changes as minimal edits: old/new source to :class:`~gptfix.model.Edit` lists and back.

Every producer of a fix (rules, recipes, LLM answers) hands over the whole patched
text; this module is the one place that turns it into the smallest edits an editor
applies, and refuses results that do not parse.
"""

from __future__ import annotations

import ast
import difflib

from gptfix.model import Edit


def parses(text: str) -> str | None:
    """Return None if ``text`` is valid Python, else a one-line reason with its line."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return f"line {exc.lineno}: {exc.msg}"
    return None


def minimal_edits(old: str, new: str) -> list[Edit]:
    """The smallest line-based edits that turn ``old`` into ``new`` (0-based positions)."""
    a = old.splitlines(keepends=True)
    b = new.splitlines(keepends=True)
    edits: list[Edit] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start = _pos(a, i1)
        end = _pos(a, i2)
        edits.append(Edit(start[0], start[1], end[0], end[1], "".join(b[j1:j2])))
    return edits


def _pos(lines: list[str], index: int) -> tuple[int, int]:
    """Position of the start of line ``index`` (which may be one past the end)."""
    if index < len(lines):
        return index, 0
    if not lines:
        return 0, 0
    last = lines[-1]
    if last.endswith(("\n", "\r")):
        return len(lines), 0
    return len(lines) - 1, len(last)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply edits (non-overlapping, any order) to ``text``; positions in code points."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(line: int, col: int) -> int:
        if line >= len(lines):
            return len(text)
        return offsets[line] + col

    out = text
    for e in sorted(edits, key=lambda e: (e.start_line, e.start_col), reverse=True):
        s, t = offset(e.start_line, e.start_col), offset(e.end_line, e.end_col)
        out = out[:s] + e.new_text + out[t:]
    return out


def unified_diff(old: str, new: str, path: str = "script.py", color: bool = False) -> str:
    """A unified diff of two versions of a script, optionally with ANSI colours."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n"
        if color:
            if line.startswith("+") and not line.startswith("+++"):
                line = f"\x1b[32m{line[:-1]}\x1b[0m\n"
            elif line.startswith("-") and not line.startswith("---"):
                line = f"\x1b[31m{line[:-1]}\x1b[0m\n"
            elif line.startswith("@@"):
                line = f"\x1b[36m{line[:-1]}\x1b[0m\n"
        out.append(line)
    return "".join(out)
