"""Argument lines of a call (``optimizer=Adam(1e-3),``) and where they may go.

An answer's fragment line that is a keyword argument is only an argument inside open
brackets; between statements it would be a new tuple bound to that name. The fragment
applier (:mod:`gptfix.llm.fragments`) asks here where brackets are open and, when the place
the prose names is a whole statement, adds the keywords to that statement's call.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Callable

from gptfix.errors import Refused
from gptfix.llm.occurrence import pick, said_which
from gptfix.llm.patches import TextEdit, callee_tail, short, span_of, with_keyword


def open_lines_of(text: str) -> set[int]:
    """0-based lines that start inside open brackets (a call's argument lines)."""
    inside: set[int] = set()
    depth = 0
    row = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            while row < tok.start[0] - 1:
                row += 1
                if depth > 0:
                    inside.add(row)
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
    except (tokenize.TokenError, SyntaxError):
        return set(range(len(text.split("\n"))))  # unreadable: trust the caller
    return inside


def keyword_items(items: list[str]) -> list[str] | None:
    """``name=value,`` lines as ``name=value`` keywords, or None when any is not one."""
    out = []
    for x in items:
        try:
            call = ast.parse(f"f({x})", mode="eval").body
        except SyntaxError:
            return None
        if not isinstance(call, ast.Call) or call.args or len(call.keywords) != 1:
            return None
        if call.keywords[0].arg is None:
            return None
        out.append(x.strip().rstrip(",").strip())
    return out


def keywords_outside_call(
    text: str, stmt_line: int, items: list[str], prose: str
) -> tuple[str, list[TextEdit]]:
    """Argument lines (``optimizer=Adam(1e-3),``) whose place is between statements: the
    keywords go into the call of the statement at ``stmt_line`` (0-based) -- the one the
    prose names, else its one outermost call; anything else is refused (such a line
    alone would be a new tuple, not an argument)."""
    keys = keyword_items(items)
    what = f"`{short(items[0])}` is part of a call"
    if keys is None:
        raise Refused(f"{what}, but the place the prose names is not inside one")
    tree = ast.parse(text)
    stmts = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.stmt)
        and not isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and n.lineno - 1 <= stmt_line <= (n.end_lineno or n.lineno) - 1
    ]
    if not stmts:
        raise Refused(f"{what}, but the place the prose names is not a call")
    stmt = min(stmts, key=lambda n: (n.end_lineno or n.lineno) - n.lineno)
    calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call)]
    said = set(re.findall(r"`(?:[\w.]*\.)?(\w+)(?:\(\))?`", prose))
    named = [c for c in calls if callee_tail(c) in said]
    outer = [c for c in calls if not any(c is not d and c in ast.walk(d) for d in calls)]
    pick = named if len(named) == 1 else outer
    if len(pick) != 1:
        raise Refused(f"{what}, and the statement at line {stmt_line + 1} has several")
    return _with_keywords(text, pick[0], keys, with_keyword, "added `{}` to")


def _set_keyword(call: str, keyword: str) -> str:
    """The call's source with ``keyword`` (``name=value``) set: its value replaced when the
    call gives it, else added as its last argument."""
    name, value = (x.strip() for x in keyword.split("=", 1))
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call)
    given = [k.value for k in node.keywords if k.arg == name]
    if not given:
        return with_keyword(call, keyword)
    start, end = span_of(call, given[0])
    return call[:start] + value + call[end:]


def keywords_of_one_call(
    text: str, items: list[str], prose: str = ""
) -> tuple[str, list[TextEdit]] | None:
    """Argument lines with no place of their own (``epochs=20,``) set in the script's one
    call the prose names ("put these in your `fit` call"), else in its one call that passes
    any of their keywords; None when neither is found, refused when several calls pass
    them (which one the answer means is not said)."""
    keys = keyword_items(items)
    if keys is None:
        return None
    names = {k.split("=", 1)[0].strip() for k in keys}
    tree = ast.parse(text)
    said = set(re.findall(r"`(?:[\w.]*\.)?(\w+)(?:\(\))?`", prose))
    named = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and callee_tail(n) in said]
    if len(named) == 1:  # "put these in your `fit` call": that call, whatever else passes them
        return _with_keywords(text, named[0], keys, _set_keyword, "set `{}` in")
    tails = {callee_tail(n) for n in named}
    if len(tails) == 1:  # "in both `fit` calls", "in the second `compile`"
        named.sort(key=lambda n: (n.lineno, n.col_offset))
        chosen = pick(list(range(len(named))), said_which(prose, tails.pop()))
        if chosen is not None:
            return _in_calls(text, [named[k] for k in chosen], keys)
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and any(k.arg in names for k in n.keywords)
    ]
    if not calls:
        return None
    tails = {callee_tail(n) for n in calls}
    if len(calls) > 1 and len(tails) == 1:  # "use the sparse metric in both compiles"
        calls.sort(key=lambda n: (n.lineno, n.col_offset))
        chosen = pick(list(range(len(calls))), said_which(prose, tails.pop()))
        if chosen is not None:
            return _in_calls(text, [calls[k] for k in chosen], keys)
    if len(calls) > 1:
        where = " and ".join(str(c.lineno) for c in calls[:4])
        raise Refused(f"`{short(keys[0])}` is an argument of a call, and lines {where} pass it")
    return _with_keywords(text, calls[0], keys, _set_keyword, "set `{}` in")


def _in_calls(text: str, calls: list[ast.Call], keys: list[str]) -> tuple[str, list[TextEdit]]:
    """``text`` with the keywords set in each of ``calls`` (the last first, so the earlier
    calls' places hold); one report line per call."""
    edits: list[TextEdit] = []
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        text, made = _with_keywords(text, node, keys, _set_keyword, "set `{}` in")
        edits = made + edits
    return text, edits


def _with_keywords(
    text: str, node: ast.Call, keys: list[str], put: Callable[[str, str], str], said: str
) -> tuple[str, list[TextEdit]]:
    """``text`` with each keyword put into the call ``node`` by ``put``; its report line
    (``said`` with the first keyword, then "the call on line N")."""
    start, end = span_of(text, node)
    new = text[start:end]
    for key in keys:
        new = put(new, key)
    summary = f"{said.format(short(keys[0]))} the call on line {node.lineno}"
    edit = TextEdit("inline", node.lineno, node.lineno, summary)
    return text[:start] + new + text[end:], [edit]
