"""A call shown with its arguments elided through another module: ``from keras import
utils`` / ``utils.to_categorical(...)`` for a script that calls
``np_utils.to_categorical(y_train, num_classes)``.

Bridges a block statement that is only a call whose arguments are an elision (``(...)``)
and the script's calls of the same function reached another way: those calls take the
answer's way to the function and keep their own arguments. The block's other statements
(the import that binds the new way) are applied as usual; the script's import that only
the rewritten calls read is then dropped by :mod:`gptfix.llm.import_merge`.

A before/after pair that only says how a call is reached ("replace
``np_utils.to_categorical(y)`` with ``to_categorical(y)``", its arguments placeholders) does
the same for the script's calls of that function made the old way, whatever their
arguments; the script's import of the old way's first name then goes when nothing reads it
any more (the answer's own import binds the new way), also when the script never made
such a call.
"""

from __future__ import annotations

import ast
import difflib
import textwrap

from gptfix.index import build_index
from gptfix.llm.patches import TextEdit, callee_tail, span_of


def _elided(node: ast.stmt) -> ast.Call | None:
    """The call of a statement that is only ``Q.f(...)`` (one ``...`` argument), or None."""
    if not isinstance(node, ast.Expr) or not isinstance(node.value, ast.Call):
        return None
    call = node.value
    only = call.args[0] if len(call.args) == 1 and not call.keywords else None
    if isinstance(only, ast.Constant) and only.value is Ellipsis:
        return call
    return None


def requalified(text: str, code: str) -> tuple[str, str, TextEdit] | None:
    """(script with its calls reached the answer's way, the block without those
    statements, the edit), or None when the block has no such call, the script calls the
    function in no other way, or in several."""
    try:
        body = ast.parse(code).body
        tree = ast.parse(text)
    except SyntaxError:
        return None
    wanted = [(s, c) for s in body if (c := _elided(s)) is not None]
    if len(wanted) != 1:
        return None
    stmt, call = wanted[0]
    new_func = ast.unparse(call.func)
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and callee_tail(n) == callee_tail(call)
        and ast.unparse(n.func) != new_func
    ]
    if not calls or len({ast.unparse(n.func) for n in calls}) != 1:
        return None
    old_func = ast.unparse(calls[0].func)
    out = text
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        start, end = span_of(out, node.func)
        out = out[:start] + new_func + out[end:]
    lines = code.split("\n")
    del lines[stmt.lineno - 1 : (stmt.end_lineno or stmt.lineno)]
    first = min(n.lineno for n in calls)
    edit = TextEdit(
        "inline", first, max(n.end_lineno or n.lineno for n in calls),
        f"`{old_func}(...)` now called as `{new_func}(...)` ({len(calls)} call(s))",
    )  # fmt: skip
    return out, "\n".join(lines), edit


def changed_elsewhere(before: str, after: str, text: str) -> str | None:
    """The first line a before/after pair changes whose call the script never makes
    (``x = layers.Flatten()(x)`` for a script without ``Flatten``, the first line of a
    ``model.fit_generator(`` call written one argument a line) when no changed line's call
    is one the script makes: the pair is written for other code. None otherwise, or when a
    changed line starts no call."""
    a, b = before.split("\n"), after.split("\n")
    gone = [
        i
        for op, i1, i2, _, _ in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op in ("replace", "delete")
        for i in range(i1, i2)
        if a[i].strip()
    ]
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    made = {callee_tail(n) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    starts: dict[int, set[str]] = {}  # the calls each line of the pair's code starts
    for first, code in _parsed(before, gone):
        for n in ast.walk(code):
            if isinstance(n, ast.Call):
                starts.setdefault(first + n.lineno - 1, set()).add(callee_tail(n))
    theirs = [starts.get(i, set()) for i in gone]
    if not gone or not all(theirs) or any(t & made for t in theirs):
        return None
    return a[gone[0]].strip()


def _parsed(before: str, lines: list[int]) -> list[tuple[int, ast.Module]]:
    """The pair's "before" code parsed whole, or (when it does not parse) each of the
    given lines by itself, with the index of the line each parse starts at."""
    try:
        return [(0, ast.parse(textwrap.dedent(before)))]
    except SyntaxError:
        pass
    out = []
    for i in lines:
        try:
            out.append((i, ast.parse(textwrap.dedent(before.split("\n")[i]).strip())))
        except SyntaxError:
            return []
    return out


def _respelling(before: str, after: str) -> tuple[ast.Call, ast.Call] | None:
    """The two calls of a pair that differ only in the way the function is reached (same
    last name, same arguments, another qualifier), or None."""
    try:
        old = ast.parse(textwrap.dedent(before).strip()).body
        new = ast.parse(textwrap.dedent(after).strip()).body
    except SyntaxError:
        return None
    if len(old) != 1 or len(new) != 1:
        return None
    a = old[0].value if isinstance(old[0], ast.Expr | ast.Assign) else None
    b = new[0].value if isinstance(new[0], ast.Expr | ast.Assign) else None
    if not isinstance(a, ast.Call) or not isinstance(b, ast.Call):
        return None
    if type(old[0]) is not type(new[0]) or (
        isinstance(old[0], ast.Assign)
        and isinstance(new[0], ast.Assign)
        and [ast.dump(t) for t in old[0].targets] != [ast.dump(t) for t in new[0].targets]
    ):
        return None
    same_args = ast.dump(ast.Tuple(a.args + [k.value for k in a.keywords], ast.Load())) == ast.dump(
        ast.Tuple(b.args + [k.value for k in b.keywords], ast.Load())
    ) and [k.arg for k in a.keywords] == [k.arg for k in b.keywords]
    if not same_args or callee_tail(a) != callee_tail(b) or ast.dump(a.func) == ast.dump(b.func):
        return None
    return a, b


def _root(func: ast.expr) -> str | None:
    while isinstance(func, ast.Attribute):
        func = func.value
    return func.id if isinstance(func, ast.Name) else None


def _without_import(text: str, name: str, instead: str | None) -> tuple[str, int] | None:
    """``text`` without its one top-level import of ``name`` (the name only, when the line
    imports others too; a later one-line import of ``instead`` takes the place of a line
    that goes) and that import's line, or None when the script does not import it exactly
    once at the top level."""
    index = build_index(text)
    bound = [b for b in index.bindings if b.kind == "import" and b.scope == 0 and b.name == name]
    if len(bound) != 1:
        return None
    tree = ast.parse(text)
    later = [
        n
        for n in tree.body
        if isinstance(n, ast.Import | ast.ImportFrom)
        and n.lineno == n.end_lineno
        and instead in {a.asname or a.name.split(".")[0] for a in n.names}
    ]
    hits = [
        (n, a)
        for n in tree.body
        if isinstance(n, ast.Import | ast.ImportFrom)
        and n.lineno <= bound[0].line <= (n.end_lineno or n.lineno)
        for a in n.names
        if (a.asname or a.name.split(".")[0]) == name
    ]
    if len(hits) != 1:
        return None
    node, alias = hits[0]
    lines = text.split("\n")
    first, end = node.lineno, node.end_lineno or node.lineno
    rest = [a for a in node.names if a is not alias]
    if rest:
        kept = ast.Import(rest) if isinstance(node, ast.Import) else ast.ImportFrom(
            node.module, rest, node.level
        )  # fmt: skip
        indent = lines[first - 1][: len(lines[first - 1]) - len(lines[first - 1].lstrip())]
        lines[first - 1 : end] = [indent + ast.unparse(kept)]
    elif later and later[0].lineno > end:
        lines[first - 1 : end] = [lines.pop(later[0].lineno - 1)]
    else:
        lines[first - 1 : end] = []
    return "\n".join(lines), first


def respelled(text: str, before: str, after: str) -> tuple[str, TextEdit] | None:
    """The script with the calls a pair respells reached its new way, and the import of
    the old way's first name dropped when nothing reads it any more (see the module doc);
    None when the pair does more than respell a call, or the script has neither such a
    call nor an import the respelling leaves unread."""
    pair = _respelling(before, after)
    if pair is None:
        return None
    old, new = pair
    old_func, new_func = ast.unparse(old.func), ast.unparse(new.func)
    tree = ast.parse(text)
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and ast.unparse(n.func) == old_func
    ]  # fmt: skip
    out = text
    for node in sorted(calls, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        start, end = span_of(out, node.func)
        out = out[:start] + new_func + out[end:]
    root = _root(old.func)
    reads = {
        n.id for n in ast.walk(ast.parse(out)) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }  # fmt: skip
    dropped = (
        _without_import(out, root, _root(new.func))
        if root and root != _root(new.func) and root not in reads
        else None
    )
    if dropped is not None:
        out = dropped[0]
    if not calls and dropped is None:
        return None
    lines = [n.lineno for n in calls] + ([dropped[1]] if dropped else [])
    said = (
        f"`{old_func}(...)` now called as `{new_func}(...)` ({len(calls)} call(s))"
        if calls
        else f"the script makes no `{old_func}(...)` call"
    )
    if dropped is not None:
        said += f"; the import of `{root}` at line {dropped[1]}, no longer read, removed"
    return out, TextEdit("inline", min(lines), max(lines), said)
