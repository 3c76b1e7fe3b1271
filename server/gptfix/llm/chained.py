"""What a removal the prose asks for takes with it.

A chained call it removes ("remove the `.prefetch(...)`", "quita el `.cache()`", "去掉
`.shuffle(...)`"): the one call of that method in the script is dropped from its chain
(``ds.batch(32).prefetch(AUTOTUNE)`` becomes ``ds.batch(32)``), the rest of the statement
as it was; a chain link on a line of its own goes with its line (the text from the end of
its receiver to the end of the call is what is cut). A line it deletes whose name is read
only as an item of lists (``rlr = ReduceLROnPlateau(...)`` in ``callbacks=[es, rlr]``):
the name leaves those lists too, else the deletion would leave an unbound name."""

from __future__ import annotations

import ast
import re

from gptfix.edits import parses
from gptfix.llm.patches import TextEdit, span_of

_LINK = re.compile(r"\.([A-Za-z_]\w*)\s*(?:\(.*\))?")


def remove_chained(text: str, quoted: str) -> tuple[str, TextEdit] | None:
    """``text`` without the one chained call ``quoted`` names (``.prefetch(...)``), and its
    edit; None when the quote is no chained call or the script makes that call not exactly
    once on a receiver."""
    m = _LINK.fullmatch(quoted.strip())
    if m is None:
        return None
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == m[1]
    ]
    if len(calls) != 1 or not isinstance(calls[0].func, ast.Attribute):
        return None
    assert isinstance(calls[0].func, ast.Attribute)
    call, func = calls[0], calls[0].func
    receiver = func.value
    if not isinstance(receiver, ast.Call):
        return None  # ``model.fit(...)`` on a name is no link of a chain: nothing to cut
    if receiver.end_lineno is None or call.end_lineno is None or call.end_col_offset is None:
        return None
    start = span_of(text, receiver)[1]  # from the end of its receiver to the end of the call
    end = span_of(text, call)[1]
    new = text[:start] + text[end:]
    if parses(new) is not None:
        return None
    line = call.end_lineno
    return new, TextEdit("inline", line, line, f"removed `.{m[1]}(...)` on line {line} as asked")


def without_list_reads(text: str, statement: str) -> str | None:
    """``text`` where the names ``statement`` binds (``rlr = ReduceLROnPlateau(...)``, a
    line the prose deletes) are dropped from the list literals that are their only reads
    (``callbacks=[es, rlr]`` becomes ``callbacks=[es]``); None when a name is read any
    other way, is a list's only item, or nothing changes."""
    try:
        node = ast.parse(statement.strip()).body[0]
        tree = ast.parse(text)
    except (SyntaxError, IndexError):
        return None
    if not isinstance(node, ast.Assign):
        return None
    names = {t.id for t in node.targets if isinstance(t, ast.Name)}
    if not names:
        return None
    items: list[tuple[ast.List | ast.Tuple, ast.Name]] = []
    for lst in ast.walk(tree):
        if isinstance(lst, ast.List | ast.Tuple):
            items += [(lst, e) for e in lst.elts if isinstance(e, ast.Name) and e.id in names]
    reads = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Load)
    ]
    if not items or len(items) != len(reads) or any(len(lst.elts) < 2 for lst, _ in items):
        return None
    lines = text.split("\n")
    for lst, elt in sorted(items, key=lambda t: (t[1].lineno, t[1].col_offset), reverse=True):
        k = lst.elts.index(elt)
        row = lines[elt.lineno - 1]
        if elt.lineno != (lst.elts[k - 1] if k else lst.elts[1]).lineno:
            return None  # items over several lines: left to the answer's own code
        if k:  # ", rlr" after the one before it
            prev = lst.elts[k - 1]
            cut = (_char(row, prev.end_col_offset or 0), _char(row, elt.end_col_offset or 0))
        else:  # "rlr, " before the next one
            cut = (_char(row, elt.col_offset), _char(row, lst.elts[1].col_offset))
        lines[elt.lineno - 1] = row[: cut[0]] + row[cut[1] :]
    new = "\n".join(lines)
    return new if new != text and parses(new) is None else None


def _char(row: str, col: int) -> int:
    """The character index of an ``ast`` column (UTF-8 bytes) in ``row``."""
    return len(row.encode()[:col].decode(errors="ignore"))
