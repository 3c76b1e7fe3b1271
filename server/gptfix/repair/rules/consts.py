"""Static values of simple expressions in a script: constants, config attributes, tuples.

Bridges shapes as written (``(IMG_SIZE, IMG_SIZE, 1)``, ``(*CFG.image_size, 3)``,
``len(CFG.features)``) and the numbers in error messages, so rules can tell which
``Input`` or layer a message is about without running anything. Names are followed to
their definitions by the program model (:meth:`gptfix.index.ScriptIndex.origin`).
"""

from __future__ import annotations

import ast
from typing import Any

from gptfix.repair.rules.text import Source, dotted

_MISSING = object()


def _defining(src: Source, node: ast.AST) -> ast.expr | None:
    """The expression that defines the value ``node`` reads, from the program model
    (:meth:`gptfix.index.ScriptIndex.origin`); None when ``node`` is not a read it follows."""
    if not isinstance(node, ast.Name | ast.Attribute | ast.Subscript):
        return None
    found = src.index.origin(node)
    if found is None or found.span is None or len(found.chain) < 2:
        return None
    return src.index.expr_at(found.span)


def evaluate(src: Source, node: ast.AST | None, depth: int = 0) -> Any:
    """The value of ``node`` when it is built from literals and module constants, else None."""
    if node is None or depth > 8:
        return None
    value = _eval(src, node, depth)
    return None if value is _MISSING else value


def _eval(src: Source, node: ast.AST, depth: int) -> Any:
    if depth > 8:
        return _MISSING
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        items: list[Any] = []
        for el in node.elts:
            if isinstance(el, ast.Starred):
                inner = _eval(src, el.value, depth + 1)
                if not isinstance(inner, list | tuple):
                    return _MISSING
                items.extend(inner)
            else:
                v = _eval(src, el, depth + 1)
                if v is _MISSING:
                    return _MISSING
                items.append(v)
        return tuple(items) if isinstance(node, ast.Tuple) else items
    defined = _defining(src, node)
    if defined is not None:
        return _eval(src, defined, depth + 1)
    if dotted(node) is not None:
        return _MISSING
    if isinstance(node, ast.BinOp):
        a, b = _eval(src, node.left, depth + 1), _eval(src, node.right, depth + 1)
        if a is _MISSING or b is _MISSING:
            return _MISSING
        try:
            if isinstance(node.op, ast.Mult):
                return a * b
            if isinstance(node.op, ast.Add):
                return a + b
            if isinstance(node.op, ast.Sub):
                return a - b
            if isinstance(node.op, ast.FloorDiv):
                return a // b
        except TypeError:
            return _MISSING
        return _MISSING
    if isinstance(node, ast.Dict):
        out: dict[Any, Any] = {}
        for k, v in zip(node.keys, node.values, strict=True):
            key = _eval(src, k, depth + 1) if k is not None else _MISSING
            val = _eval(src, v, depth + 1)
            if key is _MISSING or val is _MISSING:
                return _MISSING
            out[key] = val
        return out
    if isinstance(node, ast.Subscript):
        base = _eval(src, node.value, depth + 1)
        key = _eval(src, node.slice, depth + 1)
        try:
            return base[key] if base is not _MISSING and key is not _MISSING else _MISSING
        except (KeyError, IndexError, TypeError):
            return _MISSING
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "len"
        and node.args
    ):
        v = _eval(src, node.args[0], depth + 1)
        return len(v) if isinstance(v, list | tuple | str) else _MISSING
    return _MISSING


def definition(src: Source, node: ast.AST | None) -> ast.expr | None:
    """The expression a module constant / config attribute / config dict entry is bound to
    (``LOSS = "mse"`` -> the ``"mse"`` node), following chains of names; None when ``node``
    is not such a name."""
    return _defining(src, node) if node is not None else None


def expression_for(src: Source, value: int) -> str | None:
    """A ``len(...)`` the script already writes that evaluates to ``value`` (the width of a
    feature list, say), to spell a derived number the way the script derives it."""
    for node in src.walk():
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "len"
            and evaluate(src, node) == value
        ):
            return ast.unparse(node)
    return None


def shape_constant(src: Source, value: int) -> str | None:
    """The one module constant equal to ``value`` that the script uses in shape arithmetic
    (``WINDOW * SENSORS``, ``(n, SENSORS)``), to write a derived dimension by its name.
    None when no constant or several fit (``EPOCHS = 3`` is not a dimension)."""
    names = {
        b.name
        for b in src.index.bindings
        if b.scope == 0 and b.kind in ("assign", "annassign") and b.value == str(value)
    }
    used: set[str] = set()
    for node in src.walk():
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            parts = [node.left, node.right]
        elif isinstance(node, ast.Tuple) and len(node.elts) >= 2:
            parts = list(node.elts)
        else:
            continue
        used |= {p.id for p in parts if isinstance(p, ast.Name) and p.id in names}
    return used.pop() if len(used) == 1 else None
