"""Unified diffs applied by their context lines, the way chat answers write them.

A hunk's context and removed lines are located in the script with the tolerant matching
of :func:`gptfix.llm.patches.locate` (line numbers are only a hint); the script's own
context lines are kept (a diff's drifted comment or spacing is never pasted in), added
lines are re-indented to the script, and hunks for other files the diff names
(``requirements.txt``) are left out and reported.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from gptfix.errors import Refused
from gptfix.llm.patches import TextEdit, already_applied, locate, reindent


def _comment_only(line: str) -> bool:
    return line.strip().startswith("#")


@dataclass
class _Hunk:
    ops: list[tuple[str, str]]  #: (" " context, "-" removed or "+" added, the line)
    hint: int | None

    @property
    def old(self) -> list[str]:
        return [x for k, x in self.ops if k != "+"]

    @property
    def new(self) -> list[str]:
        return [x for k, x in self.ops if k != "-"]


#: files a diff may also touch that are not the script (``requirements.txt``, ``README.md``)
_OTHER_FILE = re.compile(r"\.(?!pyw?\b|ipynb\b)[A-Za-z0-9]+$|(?:^|/)(?:Dockerfile|Makefile)$")


def _diff_file(raw: str) -> str | None:
    """The file a ``+++ b/path`` / ``--- a/path`` / ``diff --git`` header names."""
    m = re.match(r"^(?:\+\+\+|---)\s+(?:[ab]/)?(\S+)", raw) or re.match(
        r"^diff --git a/\S+ b/(\S+)", raw
    )
    return None if m is None or m.group(1) == "/dev/null" else m.group(1)


def _parse_diff(body: str) -> tuple[list[_Hunk], list[str]]:
    """The hunks for the script, and the other files the diff changes (skipped)."""
    hunks: list[_Hunk] = []
    others: list[str] = []
    cur: _Hunk | None = None
    other = False
    raws = body.split("\n")
    for i, raw in enumerate(raws):
        nxt = raws[i + 1] if i + 1 < len(raws) else ""
        pair = raw.startswith("--- ") and nxt.startswith("+++ ")
        header = (
            raw.startswith("diff ")
            or pair
            or (raw.startswith("+++ ") and i > 0 and raws[i - 1].startswith("--- "))
            or (raw.startswith(("--- ", "+++ ", "index ")) and (cur is None or not cur.old))
        )
        if header:
            name = _diff_file(raw)
            if name is not None:
                other = bool(_OTHER_FILE.search(name))
                if other and name not in others:
                    others.append(name)
            cur = None
            continue
        m = re.match(r"^@@\s*(?:-(\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?)?\s*@@", raw)
        if m or raw.startswith("@@"):
            cur = _Hunk([], int(m.group(1)) - 1 if m and m.group(1) else None)
            if not other:
                hunks.append(cur)
            continue
        if raw.startswith("\\"):
            continue
        if cur is None:
            cur = _Hunk([], None)
            if not other:
                hunks.append(cur)
        if raw.startswith(("+", "-")):
            cur.ops.append((raw[0], raw[1:]))
        else:
            cur.ops.append((" ", raw[1:] if raw.startswith(" ") else raw))
    for h in hunks:
        # blank context at either end: the match ignores blank lines, so drop them
        while h.ops and h.ops[-1][0] == " " and not h.ops[-1][1].strip():
            h.ops.pop()
        while h.ops and h.ops[0][0] == " " and not h.ops[0][1].strip():
            h.ops.pop(0)
    return [h for h in hunks if h.old != h.new], others


def _splice(
    lines: list[str], hunk: _Hunk, spots: list[int], skip: Callable[[str], bool]
) -> list[str]:
    """The script lines the hunk's region becomes: its context lines stay the script's own
    (a drifted comment or spacing in the diff is not pasted in), removed lines go, added
    lines come in re-indented to the script; script lines the match skipped (blank lines,
    comments) stay where they are."""
    kept = [(k, x) for k, x in hunk.ops if k != "+" and x.strip() and not skip(x)]
    where = dict(zip(range(len(kept)), spots, strict=True))
    added = reindent([x for k, x in hunk.ops if k == "+"], lines[spots[0]], kept[0][1])
    out: list[str] = []
    cur = spots[0]
    n = 0
    for kind, line in hunk.ops:
        if kind == "+":
            out.append(added.pop(0))
            continue
        if not line.strip() or skip(line):
            continue
        at = where[n]
        n += 1
        out.extend(lines[cur:at])
        if kind == " ":
            out.append(lines[at])
        cur = at + 1
    return out


def _statement_run(text: str, hunk: _Hunk) -> tuple[int, int, list[str]] | None:
    """Where a hunk whose lines are not the script's still names the script's code: its
    old side, read as statements, equal to one run of consecutive statements of the script
    (0-based first line, end line, and the new side's lines at that run's indentation)."""
    try:
        old = ast.parse(textwrap.dedent("\n".join(hunk.old))).body
        new = textwrap.dedent("\n".join(hunk.new))
        ast.parse(new)
        tree = ast.parse(text)
    except SyntaxError:
        return None
    want = [ast.dump(st) for st in old]
    if not want:
        return None
    runs = []
    for node in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            body = getattr(node, field, None)
            if not isinstance(body, list) or not body or not isinstance(body[0], ast.stmt):
                continue
            dumps = [ast.dump(st) for st in body]
            for k in range(len(body) - len(want) + 1):
                if dumps[k : k + len(want)] == want:
                    runs.append((body[k], body[k + len(want) - 1]))
    if len(runs) != 1:
        return None
    first, last = runs[0]
    indent = " " * first.col_offset
    rows = [indent + x if x.strip() else x for x in new.rstrip("\n").split("\n")]
    return first.lineno - 1, last.end_lineno or last.lineno, rows


def apply_diff(text: str, body: str) -> tuple[str, list[TextEdit]]:
    """Apply a unified diff by its context lines; line numbers are only a hint.

    Hunks for other files the diff names (``requirements.txt``) are left out and
    reported; context lines that are comments in only one of diff and script are
    tolerated when the exact context is not found.
    """
    hunks, others = _parse_diff(body)
    if not hunks:
        if others:
            raise Refused(
                f"the diff changes only other files ({', '.join(others)}), not the script"
            )
        raise Refused("the diff changes nothing")
    edits = []
    for hunk in hunks:
        if not any(x.strip() for x in hunk.old):
            raise Refused("diff hunk has no context lines to anchor it")
        lines = text.split("\n")
        if already_applied(lines, hunk.old, hunk.new):
            continue
        skip: Callable[[str], bool] = lambda s: False  # noqa: E731
        try:
            spots = locate(lines, hunk.old, hunk.hint, what="diff context")
        except Refused as exc:
            if "not found" not in exc.reason:
                raise
            skip = _comment_only
            try:
                spots = locate(lines, hunk.old, hunk.hint, what="diff context", skip=skip)
            except Refused:
                run = _statement_run(text, hunk)
                if run is None:
                    raise exc from None
                # the same statements split over other lines: replaced as statements
                start, end, new = run
                lines[start:end] = new
                text = "\n".join(lines)
                edits.append(
                    TextEdit("diff_hunk", start + 1, end, f"diff hunk at lines {start + 1}-{end}")
                )
                continue
        start, end = spots[0], spots[-1] + 1
        lines[start:end] = _splice(lines, hunk, spots, skip) + lines[end:end]
        text = "\n".join(lines)
        edits.append(TextEdit("diff_hunk", start + 1, end, f"diff hunk at lines {start + 1}-{end}"))
    if others:
        edits.append(
            TextEdit(
                "skipped", 0, -1, f"left out the hunks for {', '.join(others)} (not the script)"
            )
        )
    return text, edits
