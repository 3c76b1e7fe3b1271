"""A custom layer or model whose ``__init__`` never calls the parent's: Keras 3 stops at the
first call of the object ("In layer 'ReduceLayer', you forgot to call `super().__init__()`
as the first statement in the `__init__()` method"). The fix makes that call the first
statement of ``__init__``, handing it the ``**kwargs`` the method takes (``name=``,
``dtype=``...), as the Keras guides write it.

Bridges the failure's class name and the program model: the index's scopes give the class
and its ``__init__`` (a method scope named ``Class.__init__``); the method must not call
an ``__init__`` of a parent already (``super().__init__`` or ``Base.__init__(self)``).
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch


def _calls_parent_init(fn: ast.FunctionDef) -> bool:
    return any(
        isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "__init__"
        for n in ast.walk(fn)
    )


def _missing_super_init(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"In (?:layer|model) '(?P<cls>\w+)', you forgot to call `super\(\)\.__init__\(\)`"
    )
    if not m:
        return []
    cls = m.group("cls")
    scope = next(
        (s for s in ctx.index.scopes if s.kind == "function" and s.qualname == f"{cls}.__init__"),
        None,
    )
    fn = next(
        (
            n
            for n in ast.walk(ctx.src.tree)
            if isinstance(n, ast.FunctionDef) and scope is not None and n.lineno == scope.line
        ),
        None,
    )
    if fn is None or not fn.body or _calls_parent_init(fn):
        return []
    first = fn.body[0]
    if (
        isinstance(first, ast.Expr)
        and isinstance(first.value, ast.Constant)
        and isinstance(first.value.value, str)
        and len(fn.body) > 1
    ):
        first = fn.body[1]  # after the docstring
    kwargs = fn.args.kwarg.arg if fn.args.kwarg is not None else None
    call = f"super().__init__(**{kwargs})" if kwargs else "super().__init__()"
    row = ctx.src.lines[first.lineno - 1]
    pad = row[: len(row) - len(row.lstrip())]
    s, _ = ctx.src.span(first)
    patch = Patch(ctx.src.text)
    patch.replace(s, s, f"{call}\n{pad}")
    return ctx.fix(
        "api.super-init-missing",
        f"call `{call}` first in `{cls}.__init__` (line {fn.lineno})",
        patch.apply(),
        SAFE,
        [ctx.failure.message.split("\n")[0][:200], f"`{cls}.__init__` at line {fn.lineno}"],
    )


RULES = [
    Rule(
        "api.super-init-missing",
        "api",
        "a custom layer or model whose `__init__` never calls `super().__init__()`: call it "
        "first, with the `**kwargs` the method takes",
        _missing_super_init,
    ),
]
