"""Static values of simple expressions in a script: constants, config attributes, tuples.

Bridges shapes as written (``(IMG_SIZE, IMG_SIZE, 1)``, ``(*CFG.image_size, 3)``,
``len(CFG.features)``) and the numbers in error messages, so rules can tell which
``Input`` or layer a message is about without running anything.
"""

from __future__ import annotations

import ast
from typing import Any

from gptfix.repair.rules.text import Source, dotted

_MISSING = object()


def _bindings(src: Source) -> dict[str, ast.expr]:
    """Module-level ``NAME = value`` and ``Class.attr`` (class bodies) bindings, last wins."""
    out: dict[str, ast.expr] = {}
    for stmt in src.tree.body:
        if isinstance(stmt, ast.Assign):
            for t in stmt.targets:
                name = dotted(t)
                if name:
                    out[name] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            name = dotted(stmt.target)
            if name:
                out[name] = stmt.value
        elif isinstance(stmt, ast.ClassDef):
            for inner in stmt.body:
                if isinstance(inner, ast.Assign):
                    for t in inner.targets:
                        if isinstance(t, ast.Name):
                            out[f"{stmt.name}.{t.id}"] = inner.value
                elif (
                    isinstance(inner, ast.AnnAssign)
                    and inner.value is not None
                    and isinstance(inner.target, ast.Name)
                ):
                    out[f"{stmt.name}.{inner.target.id}"] = inner.value
    return out


def evaluate(src: Source, node: ast.AST | None, depth: int = 0) -> Any:
    """The value of ``node`` when it is built from literals and module constants, else None."""
    if node is None or depth > 8:
        return None
    value = _eval(src, node, _bindings(src), depth)
    return None if value is _MISSING else value


def _eval(src: Source, node: ast.AST, env: dict[str, ast.expr], depth: int) -> Any:
    if depth > 8:
        return _MISSING
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Tuple | ast.List):
        items: list[Any] = []
        for el in node.elts:
            if isinstance(el, ast.Starred):
                inner = _eval(src, el.value, env, depth + 1)
                if not isinstance(inner, list | tuple):
                    return _MISSING
                items.extend(inner)
            else:
                v = _eval(src, el, env, depth + 1)
                if v is _MISSING:
                    return _MISSING
                items.append(v)
        return tuple(items) if isinstance(node, ast.Tuple) else items
    name = dotted(node)
    if name is not None:
        if name in env:
            return _eval(src, env[name], env, depth + 1)
        return _MISSING
    if isinstance(node, ast.BinOp):
        a, b = _eval(src, node.left, env, depth + 1), _eval(src, node.right, env, depth + 1)
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
            key = _eval(src, k, env, depth + 1) if k is not None else _MISSING
            val = _eval(src, v, env, depth + 1)
            if key is _MISSING or val is _MISSING:
                return _MISSING
            out[key] = val
        return out
    if isinstance(node, ast.Subscript):
        base = _eval(src, node.value, env, depth + 1)
        key = _eval(src, node.slice, env, depth + 1)
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
        v = _eval(src, node.args[0], env, depth + 1)
        return len(v) if isinstance(v, list | tuple | str) else _MISSING
    return _MISSING


def definition(src: Source, node: ast.AST | None) -> ast.expr | None:
    """The expression a module constant / config attribute / config dict entry is bound to
    (``LOSS = "mse"`` -> the ``"mse"`` node), following chains of names; None when ``node``
    is not such a name."""
    env = _bindings(src)
    out: ast.expr | None = None
    for _ in range(8):
        if node is None:
            break
        name = dotted(node)
        if name is not None:
            node = env.get(name)
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            base: ast.expr | None = node.value
            while base is not None and (bname := dotted(base)) is not None:
                base = env.get(bname)
            if not isinstance(base, ast.Dict):
                break
            key = node.slice.value
            node = next(
                (
                    v
                    for k, v in zip(base.keys, base.values, strict=True)
                    if isinstance(k, ast.Constant) and k.value == key
                ),
                None,
            )
        else:
            break
        if node is not None:
            out = node  # type: ignore[assignment]
    return out


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
    env = _bindings(src)
    names = {
        n
        for n, v in env.items()
        if "." not in n
        and isinstance(v, ast.Constant)
        and v.value == value
        and type(v.value) is int
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
