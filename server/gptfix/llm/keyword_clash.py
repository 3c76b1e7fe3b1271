"""Two versions of one call an answer writes in two blocks, judged keyword by keyword.

Bridges the statements two blocks of one answer wrote for the same call and the script's
own call: step 1 gives ``model.compile(loss=keras.losses.Huber(delta=5.0), metrics=["mae"])``,
step 3 ("your compile call should then look like this") ``model.compile(loss="mae",
metrics=["mse"])``. A keyword the earlier block changed from the script's value that the later
block sets to yet another value is a contradiction; a later block that keeps the earlier
block's values and changes other keywords (``learning_rate=3e-4``) builds on it. Used by
:func:`gptfix.llm.contradiction.rewritten`.
"""

from __future__ import annotations

import ast

from gptfix.llm.stmts import stmt_key


def _call(node: ast.stmt) -> ast.Call | None:
    value = node.value if isinstance(node, ast.Expr | ast.Assign) else None
    return value if isinstance(value, ast.Call) else None


def _keywords(call: ast.Call) -> dict[str, str]:
    return {k.arg: ast.dump(k.value) for k in call.keywords if k.arg is not None}


def makes_same_call(first: ast.stmt, later: ast.stmt) -> bool:
    """Whether two statements make the same call (``model.compile``, ``x = Dense``)."""
    key = stmt_key(first)
    return key is not None and key == stmt_key(later) and None not in (_call(first), _call(later))


def clashing_keyword(script: list[ast.stmt], first: ast.stmt, later: ast.stmt) -> str | None:
    """The keyword that ``first`` (an earlier block's call) changed from the script's one
    call of the same kind and ``later`` sets to another value; "" when there is none (the
    later block builds on the earlier one); None when the statements cannot be judged so
    (not the same call, no keywords, the script makes that call more than once)."""
    one, two = _call(first), _call(later)
    key = stmt_key(first)
    origins = [c for n in script if stmt_key(n) == key and (c := _call(n)) is not None]
    if one is None or two is None or key != stmt_key(later) or len(origins) != 1:
        return None
    if ast.dump(one.func) != ast.dump(two.func) or len(one.args) != len(two.args):
        return None
    if any(ast.dump(a) != ast.dump(b) for a, b in zip(one.args, two.args, strict=True)):
        return None  # positional values changed: the literal comparison judges those
    mine, theirs, now = _keywords(one), _keywords(origins[0]), _keywords(two)
    if not mine and not now:
        return None
    for name, value in mine.items():
        if name in now and now[name] != value and theirs.get(name) != value:
            return name
    return ""


def keyword_source(node: ast.stmt, name: str) -> str:
    """``name=value`` as the call of ``node`` writes it ("" when it has no such keyword)."""
    call = _call(node)
    found = [k for k in (call.keywords if call else []) if k.arg == name]
    return f"{name}={ast.unparse(found[0].value)}" if found else ""
