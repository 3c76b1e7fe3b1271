"""Statements an answer quotes in its prose with an elision, found in the script.

Bridges a quote such as ``model = Sequential([...])``, ``fit(...)`` or a run "from `A`
down to the last `B`" (or "from the model definition down") and the script's syntax tree:
the one statement, or the run of statements of one body, that the quote stands for. Used
by :func:`gptfix.llm.patches.apply_search_replace` when a quoted SEARCH text is not in the
script word for word.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.cells import cells


def _squeeze(code: str) -> str:
    return re.sub(r"\s+", "", "\n".join(x.split("  #")[0] for x in code.split("\n")))


def _quotes(seg: str, quoted: str) -> bool:
    """Whether statement source ``seg`` is what ``quoted`` quotes: its text, an elided
    form of it (``model = Sequential([...])``), or its head (``print``, ``model.fit``)."""
    head, mark, tail = quoted.replace("\u2026", "...").partition("...")
    sq, head, tail = _squeeze(seg), _squeeze(head), _squeeze(tail)
    if mark and re.fullmatch(r"[A-Za-z_][\w.]*\(", head):
        # ``model.fit(...)`` quotes ``history = model.fit(...)`` too
        sq = re.sub(r"^[\w.,]+=(?!=)", "", sq)
    if not head or not sq.startswith(head) or (mark and not sq.endswith(tail)):
        return False
    return (
        mark != "" or len(sq) == len(head) or not (head[-1:].isalnum() and sq[len(head)].isalnum())
    )


def _made_by(stmt: ast.stmt, quoted: str) -> bool:
    """Whether a bare quoted name (``Embedding``, ``layers.Flatten``) is the function the
    statement's value is first made by: "the `Embedding` and `Flatten` lines" name
    ``x = layers.Embedding(n, 4)(ids)`` and ``x = layers.Flatten()(x)``."""
    if not re.fullmatch(r"[A-Za-z_][\w.]*", quoted) or not isinstance(stmt, ast.Assign | ast.Expr):
        return False
    value = stmt.value
    while isinstance(value, ast.Call) and isinstance(value.func, ast.Call):
        value = value.func
    if not isinstance(value, ast.Call):
        return False
    made = ast.unparse(value.func)
    return made == quoted or made.endswith("." + quoted.rsplit(".", 1)[-1])


_STARTS = {
    "<model>": re.compile(
        r"^[\w.]+=(?:[\w.]*\.)?(?:Sequential|Model|(?i:(?:build|create|make|get)_?\w*?"
        r"(?:model|net|network|classifier|cnn|rnn|lstm)\w*))\("
    ),
    "<compile>": re.compile(r"^(?:[\w.]+=)?[\w.]*\.compile\("),
    "<fit>": re.compile(r"^(?:[\w.]+=)?[\w.]*\.fit\("),
}


#: ``<cell:7>`` / ``<cell:last>`` / ``<cell:last-1>`` (a cell's first statement),
#: ``<cellend:...>`` (its last)
_CELL_REF = re.compile(
    r"^<cell(?P<end>end)?:(?P<label>\d+|last(?:-\d+)?|fit|evaluate|predict|compile)>$"
)


def _cell_run(text: str, tree: ast.Module, first: str, last: str) -> tuple[int, int] | None:
    """The top-level statements from the first of one cell to the last of another."""
    a, b = _CELL_REF.match(first), _CELL_REF.match(last)
    if a is None or b is None or a["end"] or not b["end"]:
        return None
    lines = text.split("\n")
    found = cells(lines)
    stmts = [(s.lineno - 1, s.end_lineno or s.lineno) for s in tree.body]
    with_code = [c for c in found if any(c[1] <= s < c[2] for s, _ in stmts)]

    def cell(label: str) -> tuple[str, int, int] | None:
        if label in ("fit", "evaluate", "predict", "compile"):  # the one cell that calls it
            doing = [
                c
                for c in with_code
                if any(c[1] <= s < c[2] and f".{label}(" in "\n".join(lines[s:e]) for s, e in stmts)
            ]
            return doing[0] if len(doing) == 1 else None
        if label.startswith("last"):  # ``last-1``: the one before the last
            back = int(label[5:] or 0)
            return with_code[-1 - back] if back < len(with_code) else None
        found = [c for c in with_code if c[0] == label]
        return found[0] if len(found) == 1 else None

    start, end = cell(a["label"]), cell(b["label"])
    if start is None or end is None or end[1] < start[1]:
        return None
    inside = [(s, e) for s, e in stmts if start[1] <= s < end[2]]
    return (inside[0][0], inside[-1][1]) if inside else None


def statement_run(text: str, first: str, last: str, until_last: bool) -> tuple[int, int] | None:
    """Lines (0-based start, end) of the run of statements from the one ``first`` quotes
    to the one ``last`` quotes after it in the same body (the last such when
    ``until_last``; the body's end for ``<end>``); None when either is missing or
    ambiguous. ``first`` may be a described statement: ``<model>`` (the first that builds
    a model), ``<compile>``, ``<fit>``; a run of notebook cells is ``<cell:N>`` to
    ``<cellend:M>`` (``last`` for the last cell with code)."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    if first.startswith("<cell:"):
        return _cell_run(text, tree, first, last)
    tail = re.fullmatch(r"<tail:(\d+)>", first)
    if tail is not None:  # the script's last N top-level statements
        n = int(tail.group(1))
        if not 0 < n <= len(tree.body):
            return None
        run = tree.body[-n:]
        return run[0].lineno - 1, run[-1].end_lineno or run[-1].lineno
    starts = []
    for node in ast.walk(tree):
        for body in (getattr(node, f, None) for f in ("body", "orelse", "finalbody")):
            if not isinstance(body, list):
                continue
            for k, stmt in enumerate(body):
                seg = ast.get_source_segment(text, stmt) if isinstance(stmt, ast.stmt) else None
                if seg is None:
                    continue
                if first in _STARTS and node is tree:
                    if _STARTS[first].match(_squeeze(seg)):
                        starts.append((body, k))
                elif _quotes(seg, first) or _made_by(stmt, first):
                    starts.append((body, k))
    if first in _STARTS:
        starts = starts[:1]  # the first statement that builds (compiles, fits) a model
    if len(starts) != 1:
        return None
    body, k = starts[0]
    if last == "<end>":
        return body[k].lineno - 1, body[-1].end_lineno or body[-1].lineno
    ends = [
        s
        for s in body[k:]
        if (seg := ast.get_source_segment(text, s)) is not None
        and (_quotes(seg, last) or _made_by(s, last))
    ]
    if not ends or (len(ends) > 1 and not until_last):
        return None
    return body[k].lineno - 1, ends[-1].end_lineno or ends[-1].lineno


def elided_statement(text: str, quoted: str) -> tuple[int, int] | None:
    """The one statement of ``text`` that a one-line quote with an elision abbreviates
    (``model = Sequential([...])``, ``model.fit(...)``): it starts with what the quote
    writes before ``...`` and ends with what it writes after. 0-based start, end lines."""
    head, mark, tail = quoted.replace("\u2026", "...").partition("...")
    head, tail = _squeeze(head), _squeeze(tail)
    if not mark or (len(head) < 4 and not re.fullmatch(r"[A-Za-z_]\w*=", head)):
        return None  # too short to say which statement, unless it names what it assigns
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    # ``fit(...)`` quotes ``history = model.fit(...)`` too: a call head after "." or "="
    called = re.escape(head) if re.fullmatch(r"[A-Za-z_][\w.]*\(", head) else None
    found = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.Expr | ast.Return)
        and (seg := ast.get_source_segment(text, node)) is not None
        and (
            _squeeze(seg).startswith(head)
            or (
                called is not None
                and re.match(rf"(?:[\w.]+=)?[\w.]*?(?<![\w])\.?{called}", _squeeze(seg)) is not None
            )
        )
        and _squeeze(seg).endswith(tail)
    ]
    if len(found) != 1:
        return None
    return found[0].lineno - 1, found[0].end_lineno or found[0].lineno
