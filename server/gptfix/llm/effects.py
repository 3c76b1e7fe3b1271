"""Statements an edit adds that do nothing: an object built and thrown away.

A list item pasted outside its list (``layers.RandomTranslation(0.1, 0.1),`` as a line of
its own parses as a one-element tuple) or a layer constructed but never applied nor
added to a model is valid Python that changes nothing: the edit would be reported as
applied while the script trains exactly as before. :func:`discarded_object` finds such a
statement among those the edit adds and returns the one-line refusal.
"""

from __future__ import annotations

import ast
from collections import Counter


def _callee(call: ast.Call) -> str:
    f = call.func
    if isinstance(f, ast.Name):
        return f.id
    if isinstance(f, ast.Attribute):
        return f.attr
    return ""


def _constructs(node: ast.expr, own_classes: set[str]) -> bool:
    """A call of a class (``layers.Dense(3)``, ``EarlyStopping()``) whose object nothing
    keeps; a class the script defines may do its work when built, so it is not judged."""
    if not isinstance(node, ast.Call):
        return False
    name = _callee(node)
    return bool(name[:1].isupper()) and not name.isupper() and name not in own_classes


def _discards(stmt: ast.stmt, own_classes: set[str]) -> bool:
    if not isinstance(stmt, ast.Expr):
        return False
    value = stmt.value
    if isinstance(value, ast.Tuple | ast.List):
        return bool(value.elts) and all(_constructs(e, own_classes) for e in value.elts)
    return _constructs(value, own_classes)


def discarded_object(original: str, new: str) -> str | None:
    """The refusal for a statement the edit adds that builds an object and discards it."""
    try:
        old_tree, new_tree = ast.parse(original), ast.parse(new)
    except SyntaxError:
        return None
    own = {n.name for n in ast.walk(new_tree) if isinstance(n, ast.ClassDef)}
    before = Counter(
        ast.dump(s) for s in ast.walk(old_tree) if isinstance(s, ast.stmt) and _discards(s, own)
    )
    for stmt in ast.walk(new_tree):
        if not isinstance(stmt, ast.stmt) or not _discards(stmt, own):
            continue
        key = ast.dump(stmt)
        if before[key]:
            before[key] -= 1
            continue
        code = ast.unparse(stmt).split("\n")[0][:70]
        return (
            f"`{code}` at line {stmt.lineno} would build an object and throw it away (a list "
            "item or a layer outside any list or model): it does nothing there, so the "
            "answer is refused"
        )
    return None
