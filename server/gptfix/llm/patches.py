"""Text-anchored edits: SEARCH/REPLACE blocks, inline changes and lines the prose quotes.

Bridges the answer's text-level edit formats and the script text. Matching is exact
first, then tolerant of indentation and trailing whitespace, then of runs of spaces
inside lines; a replacement is re-indented to where its anchor sits. An anchor found
at two places is refused with both line numbers ("first match wins" is never used);
diff line numbers (:mod:`gptfix.llm.diffs`) are only a hint, used to choose between
equal matches when one is nearest to the hint. Fragments are applied by
:mod:`gptfix.llm.fragments`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass

from gptfix.errors import Refused, Unclear
from gptfix.llm.answer import is_elision
from gptfix.llm.quoted import elided_statement, statement_run


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


def indent_of_line(line: str) -> str:
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
    spots = locate(lines, needle, hint, what)
    return spots[0], spots[-1] + 1


def locate(
    lines: list[str],
    needle: list[str],
    hint: int | None = None,
    what: str = "anchor",
    skip: Callable[[str], bool] = lambda s: False,
) -> list[int]:
    """The line of ``lines`` each kept line of ``needle`` matches (0-based, in order).

    Blank lines, and lines ``skip`` says to leave out, are ignored on both sides; the
    result has one index per other ``needle`` line. Raises :class:`Refused` as
    :func:`find_lines` does.
    """
    want = [x for x in needle if x.strip() and not skip(x)]
    if not want:
        raise Refused(f"empty {what}: nothing to anchor the change on")
    body = [(i, x) for i, x in enumerate(lines) if x.strip() and not skip(x)]
    for norm in _norms():
        target = [norm(x) for x in want]
        normed = [norm(x) for _, x in body]
        starts = [
            k for k in range(len(body) - len(want) + 1) if normed[k : k + len(want)] == target
        ]
        if not starts:
            continue
        spans = [[body[k + j][0] for j in range(len(want))] for k in starts]
        if len(spans) == 1:
            return spans[0]
        if hint is not None:
            dist = sorted((abs(s[0] - hint), s) for s in spans)
            if dist[0][0] < dist[1][0]:
                return dist[0][1]
        where = " and ".join(str(s[0] + 1) for s in spans[:4])
        raise Refused(f"ambiguous {what}: `{short(want[0])}` matches lines {where}")
    raise Refused(f"{what} not found in the script: `{short(want[0])}`")


def _width(indent: str) -> int:
    """Columns of an indentation, a tab counting as one level of four."""
    return sum(4 if c == "\t" else 1 for c in indent)


def reindent(new: list[str], old_first: str, new_first: str, tabs: bool | None = None) -> list[str]:
    """Shift ``new`` lines so that ``new_first``'s indentation becomes ``old_first``'s.

    Each line keeps its depth relative to ``new_first`` (a line indented less than it
    keeps that difference too); the result is indented with tabs when ``tabs`` (by
    default: when the script's line is), else with spaces, whatever the answer used.
    """
    have, want = indent_of_line(new_first), indent_of_line(old_first)
    tabs = want.startswith("\t") if tabs is None else tabs
    if have == want and ("\t" in "".join(indent_of_line(x) for x in new)) == tabs:
        return new
    delta = _width(want) - _width(have)
    out = []
    for line in new:
        if not line.strip():
            out.append("")
            continue
        col = max(0, _width(indent_of_line(line)) + delta)
        pad = "\t" * (col // 4) + " " * (col % 4) if tabs else " " * col
        out.append(pad + line.lstrip())
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


def apply_search_replace(
    text: str, search: str, replace: str, until_last: bool = False
) -> tuple[str, TextEdit]:
    """Apply one SEARCH/REPLACE block to ``text`` (one already applied changes nothing).

    A SEARCH of two quoted statements around an elision (``A``, ``...``, ``B``) stands for
    the run of statements from ``A`` to ``B`` (to the last ``B`` when ``until_last``)."""
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
        if "not found" not in exc.reason:
            raise
        quoted = [x.strip() for x in search.split("\n") if x.strip()]
        if len(quoted) == 3 and is_elision(quoted[1]):
            span = statement_run(text, quoted[0], quoted[2], until_last)
        elif len(old_line) == 1:
            span = elided_statement(text, old_line[0])
        else:
            raise
        if span is not None:  # ``model = Sequential([...])``: the statement it abbreviates
            start, end = span
            body = replace.strip("\n").split("\n")
            new = reindent(body, lines[start], lines[start].lstrip())
            out = lines[:start] + new + lines[end:]
            edit = TextEdit(
                "search_replace",
                start + 1,
                end,
                f"replaced lines {start + 1}-{end} ({_run_words(quoted, old_line)})",
            )
            return "\n".join(out), edit
        if len(new_line) != 1 or len(old_line) != 1:
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


def _run_words(quoted: list[str], old_line: list[str]) -> str:
    """How the report names what a quote with an elision stood for."""
    if len(quoted) != 3:
        return f"`{short(old_line[0], 40)}`"
    start = {"<model>": "the model's definition", "<compile>": "`compile`", "<fit>": "`fit`"}
    tail = re.match(r"<tail:(\d+)>$", quoted[0])
    if tail is not None:
        n = int(tail.group(1))
        return "the last line" if n == 1 else f"the last {n} statements"
    cells = [re.match(r"<cell(?:end)?:(\w+)>$", q) for q in (quoted[0], quoted[2])]
    if cells[0] and cells[1]:
        a, b = cells[0].group(1), cells[1].group(1)
        return f"the {a} cell" if a == b == "last" else f"cell {a}" if a == b else f"cells {a}-{b}"
    first = start.get(quoted[0], f"`{short(quoted[0], 30)}`")
    last = "the end" if quoted[2] == "<end>" else f"`{short(quoted[2], 30)}`"
    return f"from {first} to {last}"


def apply_inline(text: str, old: str, new: str, every: int | None = None) -> tuple[str, TextEdit]:
    """Replace the one occurrence of ``old`` (from "change `old` to `new`" in prose), or
    every one when the prose says so (``every``: the count it gives, 0 for none)."""
    # whole words at the ends: ``learning_rate=CFG.lr`` is not inside ``initial_learning_rate=``
    lead = r"(?<!\w)" if re.match(r"\w", old) else ""
    tail = r"(?!\w)" if re.search(r"\w$", old) else ""
    spots = [m.start() for m in re.finditer(lead + re.escape(old) + tail, text)]
    if not spots and new in text:
        return text, TextEdit("inline", 0, -1, "already in the script")
    if not spots:
        raise Refused(f"`{short(old)}` is not in the script")
    if every is not None and len(spots) > 1:
        if every and every != len(spots):
            raise Refused(
                f"the prose counts {every} places for `{short(old)}`, the script has {len(spots)}"
            )
        lines = sorted({text.count("\n", 0, p) + 1 for p in spots})
        edit = TextEdit(
            "inline",
            lines[0],
            lines[-1],
            f"replaced `{short(old, 30)}` at all {len(spots)} places (lines "
            + ", ".join(map(str, lines[:6]))
            + ")",
        )
        for p in reversed(spots):
            text = text[:p] + new + text[p + len(old) :]
        return text, edit
    if len(spots) > 1:
        where = " and ".join(str(text.count("\n", 0, p) + 1) for p in spots[:4])
        raise Refused(f"ambiguous anchor: `{short(old)}` matches lines {where}")
    line = text.count("\n", 0, spots[0]) + 1
    edit = TextEdit("inline", line, line, f"replaced `{short(old, 30)}` on line {line}")
    return text[: spots[0]] + new + text[spots[0] + len(old) :], edit


def same_call(text: str, new: str) -> str:
    """The source of the script's one call of the function ``new`` calls (what a change
    quoting only its new call replaces); refused when there is none or several."""
    func = ast.unparse(ast.parse(new, mode="eval").body.func)  # type: ignore[attr-defined]
    tree = ast.parse(text)
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and (
            ast.unparse(n.func) == func
            or ast.unparse(n.func).rsplit(".", 1)[-1] == func.rsplit(".", 1)[-1]
        )
    ]
    if len(calls) != 1:
        kind = Unclear if len(calls) > 1 else Refused
        raise kind(
            f"the prose changes a call of `{func}`, which the script makes {len(calls)} times"
        )
    return ast.get_source_segment(text, calls[0]) or ""


def nth_call(text: str, func: str, which: str) -> str | None:
    """The source of the script's first or last call of ``func`` (by its last dotted part),
    in source order; None when the script makes none."""
    tail = func.rsplit(".", 1)[-1]
    calls = sorted(
        (
            n
            for n in ast.walk(ast.parse(text))
            if isinstance(n, ast.Call) and callee_tail(n) == tail
        ),
        key=lambda n: (n.lineno, n.col_offset),
    )
    if not calls:
        return None
    return ast.get_source_segment(text, calls[-1] if which == "last" else calls[0]) or None


def quoted_call(text: str, quote: str) -> str | None:
    """The source of the script's one call written as ``quote`` (``Dense(N, activation="softmax")``
    among three ``Dense`` calls), compared as code; None when none or several are."""
    try:
        node = ast.parse(quote.strip(), mode="eval").body
        tree = ast.parse(text)
    except SyntaxError:
        return None
    if not isinstance(node, ast.Call):
        return None

    def said(call: ast.Call) -> tuple[str, str]:  # ``layers.Dense(...)`` is ``Dense(...)``
        args = ast.dump(ast.Tuple([*call.args, *(k.value for k in call.keywords)]))
        keys = ",".join(str(k.arg) for k in call.keywords)
        return ast.unparse(call.func).rsplit(".", 1)[-1], args + keys

    want = said(node)
    found = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and said(n) == want]
    return ast.get_source_segment(text, found[0]) if len(found) == 1 else None


def with_keyword(call: str, keyword: str, beside: str = "", *, replace: bool = False) -> str:
    """The call's source with ``keyword`` (``name=value``) added as its last argument, or
    next to the keyword ``beside`` names (``-verbose``: before it, ``+verbose``: after it);
    refused when the call already gives that keyword, unless ``replace`` ("in `compile`
    use `optimizer=...`"): then its value is replaced."""
    name = keyword.split("=", 1)[0].strip()
    node = ast.parse(call, mode="eval").body
    given_kw = node.keywords if isinstance(node, ast.Call) else []
    there = [k for k in given_kw if k.arg == beside[1:]]
    if beside and there and not any(k.arg == name for k in given_kw):
        k = there[0]
        if beside[0] == "-":
            at = offset_of(call, k.lineno, k.col_offset)
            return f"{call[:at]}{keyword}, {call[at:]}"
        at = offset_of(call, k.end_lineno or k.lineno, k.end_col_offset or 0)
        return f"{call[:at]}, {keyword}{call[at:]}"
    given = [k for k in node.keywords if k.arg == name] if isinstance(node, ast.Call) else []
    if given:
        # "add it to the callbacks: `callbacks=[es, ckpt]`" for ``callbacks=[es]``: a list
        # that keeps every item the call gives is the call's list grown; else refused
        new = ast.parse(keyword.split("=", 1)[1].strip(), mode="eval").body
        old = given[0].value
        if replace:
            start, end = span_of(call, old)
            return call[:start] + keyword.split("=", 1)[1].strip() + call[end:]
        if not (
            isinstance(old, ast.List)
            and isinstance(new, ast.List)
            and {ast.dump(e) for e in old.elts} < {ast.dump(e) for e in new.elts}
        ):
            raise Refused(f"the call already gives `{name}=`")
        start = offset_of(call, old.lineno, old.col_offset)
        end = offset_of(call, old.end_lineno or old.lineno, old.end_col_offset or 0)
        return call[:start] + ast.unparse(new) + call[end:]
    rows = call.rstrip().split("\n")
    if len(rows) > 2 and rows[-1].strip() == ")":  # one argument a line: the new one too
        body = "\n".join(rows[:-1]).rstrip()
        indent = rows[-2][: len(rows[-2]) - len(rows[-2].lstrip())]
        return f"{body if body.endswith(',') else body + ','}\n{indent}{keyword},\n{rows[-1]}"
    inner = call.rstrip()[:-1].rstrip()
    sep = "" if inner.endswith("(") else " " if inner.endswith(",") else ", "
    return f"{inner}{sep}{keyword})"


def offset_of(text: str, line: int, col: int) -> int:
    """The character offset of an ``ast`` position (1-based line, UTF-8 column) in ``text``."""
    rows = text.split("\n")
    head = sum(len(r) + 1 for r in rows[: line - 1])
    return head + len(rows[line - 1].encode()[:col].decode())


def span_of(text: str, node: ast.expr | ast.stmt) -> tuple[int, int]:
    """Character offsets (start, end) of an ``ast`` node of ``text``."""
    start = offset_of(text, node.lineno, node.col_offset)
    return start, offset_of(text, node.end_lineno or node.lineno, node.end_col_offset or 0)


def callee_tail(call: ast.Call) -> str:
    """The last dotted part of the function a call makes (``Dense`` of ``layers.Dense(...)``)."""
    return ast.unparse(call.func).rsplit(".", 1)[-1]
