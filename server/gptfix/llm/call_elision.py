"""An elision marker among a re-pasted call's arguments: ``history = model.fit(`` /
``X[tr], y[tr],`` / ``...`` / ``callbacks=callbacks,`` / ``)``.

Bridges a statement whose call the answer shows in part and the script's statement it
replaces: the marker stands for the script's arguments of that call which the answer does
not give itself (by keyword name; positionals by position), and they are put back in its
place, each as the script writes it. The answer's own arguments stay as it writes them.
None when the two calls cannot be lined up (arguments sharing a line with the marker's
neighbours in a way that cannot be cut, no call of the same function in the script's
statement): the caller refuses, as before.
"""

from __future__ import annotations

import ast

from gptfix.llm.stmts import SENTINEL, Stmt


def _is_marker(e: ast.expr) -> bool:
    """An elision among a call's arguments: a marker line, or ``...`` written beside
    other arguments (``model.fit(train_ds, ..., callbacks=[es])``)."""
    inner = e.value if isinstance(e, ast.Starred) else e
    return (isinstance(inner, ast.Name) and inner.id == SENTINEL) or (
        isinstance(inner, ast.Constant) and inner.value is Ellipsis
    )


def elided_among(node: ast.stmt) -> bool:
    """Whether a statement's call has ``...`` standing beside arguments it gives (the
    script's other arguments, kept), as opposed to ``f(...)`` (all of them)."""
    return _elided_call(node) is not None and not args_left_out(node)


def _elided_call(node: ast.AST) -> ast.Call | None:
    """The one call of ``node`` that has an elision marker among its arguments."""
    found = [
        n for n in ast.walk(node) if isinstance(n, ast.Call) and any(_is_marker(a) for a in n.args)
    ]
    return found[0] if len(found) == 1 else None


def _lines_of(script_lines: list[str], e: ast.AST, indent: str) -> list[str] | None:
    """The script's text of one argument, on lines of its own, re-indented, with a comma."""
    lineno, end = getattr(e, "lineno", None), getattr(e, "end_lineno", None)
    col, end_col = getattr(e, "col_offset", 0), getattr(e, "end_col_offset", 0)
    if lineno is None or end is None:
        return None
    chunk = script_lines[lineno - 1 : end]
    chunk = [*chunk[:-1], chunk[-1][:end_col]] if len(chunk) > 1 else [chunk[0][col:end_col]]
    if len(chunk) > 1:
        chunk[0] = chunk[0][col:]
        base = len(chunk[1]) - len(chunk[1].lstrip())
        chunk = [chunk[0]] + [x[base:] if x[:base].strip() == "" else x.lstrip() for x in chunk[1:]]
    text = [indent + chunk[0]] + [indent + "    " + x for x in chunk[1:]]
    text[-1] = text[-1].rstrip() + ","
    return text


def expand_call_elision(
    script_lines: list[str], old: Stmt, block_lines: list[str], new: Stmt
) -> list[str] | None:
    """The block's lines of ``new`` with its call's marker replaced by the script's
    arguments it stands for, or None. Lines keep the block's indentation."""
    call = _elided_call(new.node)
    if call is None:
        return None
    name = ast.unparse(call.func)
    theirs = [
        n for n in ast.walk(old.node) if isinstance(n, ast.Call) and ast.unparse(n.func) == name
    ]
    if len(theirs) != 1:
        return None
    script = theirs[0]
    at = next(i for i, a in enumerate(call.args) if _is_marker(a))
    marker = call.args[at]
    given = {k.arg for k in call.keywords if k.arg}
    before_kw = [
        k for k in call.keywords if (k.lineno, k.col_offset) < (marker.lineno, marker.col_offset)
    ]
    positional = [a for a in script.args[at:] if not isinstance(a, ast.Starred)]
    if before_kw and positional:
        return None  # the script's positionals cannot follow the answer's keywords
    if len(call.args) - 1 > at and positional:
        return None  # positionals on both sides of the marker: which ones it stands for is unclear
    kept = [*positional, *[k for k in script.keywords if k.arg is None or k.arg not in given]]
    if any(
        getattr(x, "end_lineno", 0) == marker.lineno or getattr(x, "lineno", 0) == marker.lineno
        for x in [*call.args, *call.keywords]
        if x is not marker
    ):  # ``model.fit(train_ds, ..., callbacks=[es])``: the call written anew on its line
        return _one_line(script_lines, block_lines, new, call, marker, kept)
    row = marker.lineno - 1 - new.start
    out = list(block_lines[new.start : new.end])
    line = out[row]
    indent = line[: len(line) - len(line.lstrip())]
    text: list[str] = []
    for item in kept:  # a keyword's node spans ``name=value`` (``**kw`` too)
        piece = _lines_of(script_lines, item, indent)
        if piece is None:
            return None
        text += piece
    out[row : row + 1] = text
    return out


def _one_line(
    script_lines: list[str],
    block_lines: list[str],
    new: Stmt,
    call: ast.Call,
    marker: ast.expr,
    kept: list[ast.AST],
) -> list[str] | None:
    """The block's lines of ``new`` with a call written on one line given the script's
    arguments in its marker's place (``fit(train_ds, ..., callbacks=[es])``), or None when
    the call spans lines."""
    if call.lineno != call.end_lineno or not call.args + call.keywords:
        return None
    line = block_lines[call.lineno - 1]
    items: list[ast.expr | ast.keyword] = sorted(
        [*call.args, *call.keywords], key=lambda x: (x.lineno, x.col_offset)
    )
    parts: list[str] = []
    for item in items:
        if item is marker:
            for mine in kept:
                seg = _segment(script_lines, mine)
                if seg is None:
                    return None
                parts.append(seg)
        else:
            parts.append(line[item.col_offset : item.end_col_offset])
    first, last = items[0], items[-1]
    row = call.lineno - 1 - new.start
    out = list(block_lines[new.start : new.end])
    out[row] = line[: first.col_offset] + ", ".join(parts) + line[last.end_col_offset :]
    return out


def _segment(script_lines: list[str], e: ast.AST) -> str | None:
    """One of the script's arguments as it writes it, when it is on one line."""
    row, end = getattr(e, "lineno", None), getattr(e, "end_lineno", None)
    col, end_col = getattr(e, "col_offset", None), getattr(e, "end_col_offset", None)
    if row is None or row != end or col is None or end_col is None:
        return None
    return script_lines[row - 1][col:end_col]


def args_left_out(node: ast.stmt) -> bool:
    """``model.compile(...)``: a call given with its arguments left out, the script's own."""
    value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
    return (
        isinstance(value, ast.Call)
        and not value.keywords
        and len(value.args) == 1
        and isinstance(value.args[0], ast.Constant)
        and value.args[0].value is Ellipsis
    )
