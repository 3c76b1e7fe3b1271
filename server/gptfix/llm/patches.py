"""Text-anchored edits: SEARCH/REPLACE blocks and unified diffs applied by their context.

Bridges the answer's text-level edit formats and the script text. Matching is exact
first, then tolerant of indentation and trailing whitespace, then of runs of spaces
inside lines; a replacement is re-indented to where its anchor sits. An anchor found
at two places is refused with both line numbers ("first match wins" is never used);
diff line numbers are only a hint, used to choose between equal matches when one is
nearest to the hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from gptfix.errors import Refused
from gptfix.llm.answer import is_elision


@dataclass
class TextEdit:
    """A line-range change made by one block, for reporting (1-based, inclusive)."""

    kind: str  #: "search_replace", "diff_hunk", "replace_statement", ...
    start_line: int  #: first line of the original text that changed
    end_line: int  #: last line of the original text that changed (start-1 for pure inserts)
    summary: str  #: one line, e.g. "replaced `model.compile(...)` at line 40"


_Norm = Callable[[str], str]


def _norms() -> list[_Norm]:
    """Ever looser ways two lines count as the same: trailing blanks, indentation, inner
    spacing and quote style, then a trailing comment (``# shuffle the files``) too."""
    return [
        lambda s: s.rstrip(),
        lambda s: s.strip(),
        lambda s: re.sub(r"\s+", " ", s.strip()).replace("'", '"'),
        lambda s: re.sub(r"\s+", "", strip_comment(s)).replace("'", '"'),
    ]


def strip_comment(line: str) -> str:
    """``line`` without its trailing ``# comment`` (a ``#`` inside a string is kept)."""
    quote = ""
    i = 0
    while i < len(line):
        c = line[i]
        if quote:
            if c == "\\":
                i += 1
            elif line.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif c in "\"'":
            quote = line[i : i + 3] if line[i : i + 3] in ('"""', "'''") else c
            i += len(quote) - 1
        elif c == "#":
            return line[:i].rstrip()
        i += 1
    return line.rstrip()


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def short(line: str, width: int = 60) -> str:
    """The first non-blank line of ``line``, cut to ``width`` (for one-line messages)."""
    s = next((x.strip() for x in line.split("\n") if x.strip()), "")
    return s if len(s) <= width else s[: width - 3] + "..."


def find_lines(
    lines: list[str], needle: list[str], hint: int | None = None, what: str = "anchor"
) -> tuple[int, int]:
    """Where ``needle`` (lines) occurs in ``lines``: (start, end) 0-based, end exclusive.

    Blank lines are ignored on both sides. Raises :class:`Refused` when it is missing
    or ambiguous (unless ``hint``, a 0-based line, singles out the nearest match).
    """
    want = [x for x in needle if x.strip()]
    if not want:
        raise Refused(f"empty {what}: nothing to anchor the change on")
    body = [(i, x) for i, x in enumerate(lines) if x.strip()]
    for norm in _norms():
        target = [norm(x) for x in want]
        normed = [norm(x) for _, x in body]
        starts = [
            k for k in range(len(body) - len(want) + 1) if normed[k : k + len(want)] == target
        ]
        if not starts:
            continue
        spans = [(body[k][0], body[k + len(want) - 1][0] + 1) for k in starts]
        if len(spans) == 1:
            return spans[0]
        if hint is not None:
            dist = sorted((abs(s - hint), (s, e)) for s, e in spans)
            if dist[0][0] < dist[1][0]:
                return dist[0][1]
        where = " and ".join(str(s + 1) for s, _ in spans[:4])
        raise Refused(f"ambiguous {what}: `{short(want[0])}` matches lines {where}")
    raise Refused(f"{what} not found in the script: `{short(want[0])}`")


def reindent(new: list[str], old_first: str, new_first: str) -> list[str]:
    """Shift ``new`` lines so that ``new_first``'s indentation becomes ``old_first``'s."""
    have, want = _indent(new_first), _indent(old_first)
    if have == want:
        return new
    out = []
    for line in new:
        if not line.strip():
            out.append("")
        elif line.startswith(have):
            out.append(want + line[len(have) :])
        else:
            out.append(want + line.lstrip())
    return out


def already_applied(lines: list[str], old: list[str], new: list[str]) -> bool:
    """True when an edit's old side is gone and its new side is there (applied before)."""
    try:
        find_lines(lines, old)
    except Refused:
        try:
            find_lines(lines, new)
        except Refused:
            return False
        return True
    return False


def _drop_markers(lines: list[str]) -> list[str]:
    """Elision markers in SEARCH/REPLACE text stand for nothing to change: leave them out."""
    return [x for x in lines if not is_elision(x)]


def apply_search_replace(text: str, search: str, replace: str) -> tuple[str, TextEdit]:
    """Apply one SEARCH/REPLACE block to ``text`` (one already applied changes nothing)."""
    lines = text.split("\n")
    needle = _drop_markers(search.split("\n"))
    replace = "\n".join(_drop_markers(replace.split("\n")))
    if already_applied(lines, needle, replace.split("\n")):
        return text, TextEdit("search_replace", 0, -1, "already in the script")
    try:
        start, end = find_lines(lines, needle, what="SEARCH text")
    except Refused as exc:
        # one line quoted from inside a statement (``optimizer=Adam(lr=CFG.lr)``, its
        # comma left out): replace it where it occurs once
        old_line = [x.strip() for x in needle if x.strip()]
        new_line = [x.strip() for x in replace.split("\n") if x.strip()]
        if "not found" not in exc.reason or len(old_line) != 1 or len(new_line) != 1:
            raise
        try:
            return apply_inline(text, old_line[0], new_line[0])
        except Refused:
            raise exc from None
    first_old = next(x for x in lines[start:end] if x.strip())
    first_needle = next(x for x in needle if x.strip())
    repl = replace.split("\n") if replace.strip() else []
    while repl and not repl[-1].strip():
        repl.pop()
    while repl and not repl[0].strip():
        repl.pop(0)
    new = reindent(repl, first_old, first_needle)
    out = lines[:start] + new + lines[end:]
    edit = TextEdit(
        "search_replace", start + 1, end, f"replaced lines {start + 1}-{end} (SEARCH/REPLACE)"
    )
    return "\n".join(out), edit


@dataclass
class _Hunk:
    old: list[str]
    new: list[str]
    hint: int | None


def _parse_diff(body: str) -> list[_Hunk]:
    hunks: list[_Hunk] = []
    cur: _Hunk | None = None
    for raw in body.split("\n"):
        if raw.startswith(("--- ", "+++ ", "diff ", "index ")) and (cur is None or not cur.old):
            continue
        m = re.match(r"^@@\s*(?:-(\d+)(?:,\d+)?\s+\+\d+(?:,\d+)?)?\s*@@", raw)
        if m or raw.startswith("@@"):
            cur = _Hunk([], [], int(m.group(1)) - 1 if m and m.group(1) else None)
            hunks.append(cur)
            continue
        if raw.startswith("\\"):
            continue
        if cur is None:
            cur = _Hunk([], [], None)
            hunks.append(cur)
        if raw.startswith("+"):
            cur.new.append(raw[1:])
        elif raw.startswith("-"):
            cur.old.append(raw[1:])
        else:
            ctx = raw[1:] if raw.startswith(" ") else raw
            cur.old.append(ctx)
            cur.new.append(ctx)
    for h in hunks:
        # blank context at either end: the match ignores blank lines, so drop them
        while h.old and h.new and not h.old[-1].strip() and not h.new[-1].strip():
            h.old.pop()
            h.new.pop()
        while h.old and h.new and not h.old[0].strip() and not h.new[0].strip():
            h.old.pop(0)
            h.new.pop(0)
    return [h for h in hunks if h.old != h.new]


def apply_diff(text: str, body: str) -> tuple[str, list[TextEdit]]:
    """Apply a unified diff by its context lines; line numbers are only a hint."""
    hunks = _parse_diff(body)
    if not hunks:
        raise Refused("the diff changes nothing")
    edits = []
    for hunk in hunks:
        if not any(x.strip() for x in hunk.old):
            raise Refused("diff hunk has no context lines to anchor it")
        lines = text.split("\n")
        if already_applied(lines, hunk.old, hunk.new):
            continue
        start, end = find_lines(lines, hunk.old, hunk.hint, what="diff context")
        old_nonblank = [x for x in hunk.old if x.strip()]
        new = reindent(hunk.new, next(x for x in lines[start:end] if x.strip()), old_nonblank[0])
        lines[start:end] = new
        text = "\n".join(lines)
        edits.append(TextEdit("diff_hunk", start + 1, end, f"diff hunk at lines {start + 1}-{end}"))
    return text, edits


def apply_inline(text: str, old: str, new: str) -> tuple[str, TextEdit]:
    """Replace the one occurrence of ``old`` (from "change `old` to `new`" in prose)."""
    spots = [m.start() for m in re.finditer(re.escape(old), text)]
    if not spots:
        raise Refused(f"`{short(old)}` is not in the script")
    if len(spots) > 1:
        where = " and ".join(str(text.count("\n", 0, p) + 1) for p in spots[:4])
        raise Refused(f"ambiguous anchor: `{short(old)}` matches lines {where}")
    line = text.count("\n", 0, spots[0]) + 1
    edit = TextEdit("inline", line, line, f"replaced `{short(old, 30)}` on line {line}")
    return text[: spots[0]] + new + text[spots[0] + len(old) :], edit


_LINE_KEY = re.compile(r"^\s*([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*(=(?!=)|\()")


def _line_key(line: str) -> str | None:
    """What a code line sets: ``loss=`` / ``x =`` (a keyword or a target) or a call head."""
    m = _LINE_KEY.match(line)
    return f"{m.group(1)}{m.group(2)}" if m else None


def _norm_line(line: str) -> str:
    return re.sub(r"\s+", " ", line.strip()).replace("'", '"')


def _depth(line: str) -> int:
    """Brackets opened minus closed on a line (strings and comments ignored, roughly)."""
    code = re.sub(r"(\"[^\"]*\"|'[^']*')", "", line.split("#")[0])
    return sum(code.count(c) for c in "([{") - sum(code.count(c) for c in ")]}")


def _closing_only(line: str) -> bool:
    return bool(re.fullmatch(r"[\s)\]},:]*", line))


def _extended(normed: list[str], line: str) -> list[int]:
    """The one script line this line extends with more items (``x, y, epochs=2`` re-pasted
    as ``x, y, epochs=2, callbacks=[cb]``): it replaces that line."""
    spots = [
        j
        for j, x in enumerate(normed)
        if len(x) >= 16 and line != x and line.startswith(x.rstrip(",") + ",")
    ]
    return spots if len(spots) == 1 else []


def prose_anchor(lines: list[str], prose: str) -> tuple[int, bool] | None:
    """A script line quoted in the prose ("add it after `x = ...`"): (0-based line, before?)."""
    for m in reversed(list(re.finditer(r"`([^`\n]{4,})`", prose))):
        try:
            start, _ = find_lines(lines, [m.group(1)])
        except Refused:
            # a call named by its callee ("just before `model.compile`"), made on one line
            call = re.fullmatch(r"([A-Za-z_][\w.]*)(?:\(\))?", m.group(1).strip())
            if call is None:
                continue
            head = re.compile(rf"^\s*(?:[\w.,\s]+=\s*)?{re.escape(call.group(1))}\(")
            spots = [k for k, line in enumerate(lines) if head.match(line)]
            if len(spots) != 1:
                continue
            start = spots[0]
        around = prose[max(0, m.start() - 40) : m.start()]
        before = bool(re.search(r"(?i)\b(before|above|prior to)\b|之前|前面|上方|前", around))
        return start, before and not re.search(r"(?i)\bafter\b|之后|后面|后", around)
    return None


def apply_fragment(
    text: str, fragment: str, is_elision: Callable[[str], bool], prose: str = ""
) -> tuple[str, list[TextEdit]]:
    """Apply code that is not whole statements (``loss="mse",``, list items) line by line.

    A line equal to one script line anchors (equal to several: the one between its
    neighbours); a line that sets the same thing as a script line (``loss=``, ``x =``,
    a call head) replaces it, keeping its indentation; an opening line
    (``model = keras.Sequential([``) only anchors; closing brackets and elision markers
    are skipped; other lines are inserted after the line before them.
    """
    lines = text.split("\n")
    normed = [_norm_line(x) for x in lines]
    want = [x for x in fragment.split("\n") if x.strip()]
    kind: list[str] = []
    cands: list[list[int]] = []
    for line in want:
        s = line.strip()
        if is_elision(line) or _closing_only(s) or s.startswith("#"):
            kind.append("skip")
            cands.append([])
            continue
        same = [j for j, x in enumerate(normed) if x == _norm_line(s)]
        if same:
            kind.append("anchor")
            cands.append(same)
            continue
        key = _line_key(s)
        keyed = [j for j, x in enumerate(lines) if key and _line_key(x) == key]
        if not keyed:
            keyed = _extended(normed, _norm_line(s))
        kind.append("anchor" if keyed and _depth(s) > 0 else "replace" if keyed else "new")
        cands.append(keyed)
    pos: list[int | None] = [c[0] if len(c) == 1 else None for c in cands]
    if all(k in ("new", "skip") for k in kind):
        hint = prose_anchor(lines, prose)
        if hint is not None:
            spot, put_before = hint
            added = [
                _indent(lines[spot]) + x.strip()
                for x, k in zip(want, kind, strict=True)
                if k == "new"
            ]
            cut = spot if put_before else spot + 1
            summary = f"inserted {len(added)} line(s) at line {cut + 1}"
            return "\n".join(lines[:cut] + added + lines[cut:]), [
                TextEdit("insert_line", cut + 1, cut, summary)
            ]
    for _ in range(len(want)):  # narrow ambiguous lines by their resolved neighbours
        changed = False
        for i, c in enumerate(cands):
            if pos[i] is not None or len(c) < 2:
                continue
            before = [k for k in range(i) if pos[k] is not None]
            after = [k for k in range(i + 1, len(want)) if pos[k] is not None]
            lo = pos[before[-1]] if before else -1
            hi = pos[after[0]] if after else len(lines)
            assert lo is not None and hi is not None
            inside = [j for j in c if lo < j < hi]
            if len(inside) == 1 or (inside and (before or after)):
                # stick to the neighbour not separated from this line by an elision
                cut_before = not before or any(is_elision(want[k]) for k in range(before[-1], i))
                cut_after = not after or any(is_elision(want[k]) for k in range(i, after[0]))
                use_next = cut_before and not cut_after
                pos[i] = max(inside) if use_next else min(inside)
                changed = True
        if not changed:
            break
    for i, c in enumerate(cands):
        if pos[i] is None and len(c) > 1:
            where = " and ".join(str(j + 1) for j in c[:4])
            raise Refused(f"ambiguous anchor: `{short(want[i])}` matches lines {where}")
    ops: dict[int, str] = {}
    inserts: dict[int, list[str]] = {}
    edits: list[TextEdit] = []
    for i, line in enumerate(want):
        at = pos[i]
        if kind[i] == "replace" and at is not None:
            ops[at] = _indent(lines[at]) + line.strip()
            edits.append(TextEdit("replace_line", at + 1, at + 1, f"replaced line {at + 1}"))
        elif kind[i] == "new":
            prev = next((p for p in reversed(pos[:i]) if p is not None), None)
            nxt = next((p for p in pos[i + 1 :] if p is not None), None)
            if prev is None and nxt is None:
                raise Refused(
                    f"no anchor for `{short(line)}`: no line of the answer matches the script"
                )
            if prev is not None:
                ref = (
                    lines[prev + 1]
                    if _depth(lines[prev]) > 0 and prev + 1 < len(lines)
                    else lines[prev]
                )
                at_line = prev + 1
            else:
                assert nxt is not None
                ref, at_line = lines[nxt], nxt
            inserts.setdefault(at_line, []).append(_indent(ref) + line.strip())
            edits.append(TextEdit("insert_line", at_line + 1, at_line, f"inserted `{short(line)}`"))
    ops = {k: v for k, v in ops.items() if v != lines[k]}
    if not ops and not inserts:
        return text, []  # only lines already in the script (a "before" quote)
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(inserts.get(i, []))
        out.append(ops.get(i, line))
    out.extend(inserts.get(len(lines), []))
    return "\n".join(out), edits
