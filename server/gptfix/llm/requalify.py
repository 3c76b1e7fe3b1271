"""A call shown with its arguments elided through another module: ``from keras import
utils`` / ``utils.to_categorical(...)`` for a script that calls
``np_utils.to_categorical(y_train, num_classes)``.

Bridges a block statement that is only a call whose arguments are an elision (``(...)``)
and the script's calls of the same function reached another way: those calls take the
answer's way to the function and keep their own arguments. The block's other statements
(the import that binds the new way) are applied as usual; the script's import that only
the rewritten calls read is then dropped by :mod:`gptfix.llm.import_merge`.
"""

from __future__ import annotations

import ast
import difflib
import textwrap

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
    (``x = layers.Flatten()(x)`` for a script without ``Flatten``) when no changed line's
    call is one the script makes: the pair is written for other code. None otherwise,
    or when the changed lines are not statements."""
    a, b = before.split("\n"), after.split("\n")
    gone = [
        x
        for op, i1, i2, _, _ in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
        if op in ("replace", "delete")
        for x in a[i1:i2]
        if x.strip()
    ]
    try:
        tree = ast.parse(text)
        calls = [ast.parse(textwrap.dedent(x).strip()) for x in gone]
    except SyntaxError:
        return None
    made = {callee_tail(n) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    theirs = [{callee_tail(n) for n in ast.walk(c) if isinstance(n, ast.Call)} for c in calls]
    if not gone or not all(theirs) or any(t & made for t in theirs):
        return None
    return gone[0].strip()
