"""Rules for a layer called with values that are not tensors as positional arguments.

Bridges Keras 3's "Only input tensors may be passed as positional arguments. The following
argument value should be passed as a keyword argument: 4 (of type <class 'int'>)" and the
call on the failing line, ``TokensToMap()(tokens, H, W)``, whose layer class the script
defines with ``def call(self, x, H, W)``: the arguments after the inputs are given by the
names its ``call`` gives them, ``TokensToMap()(tokens, H=H, W=W)`` (the same binding).
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import apply_edits, segment, text_offset
from gptfix.repair.rules.base import SAFE, Rule, RuleContext


def script_class(ctx: RuleContext, func: ast.expr) -> ast.ClassDef | None:
    """The script's class of the layer (or model) a call calls: ``Cls(...)(x)``, or ``layer(x)``
    where the program model has ``layer`` bound once, to ``Cls(...)``."""
    name = None
    if isinstance(func, ast.Call) and isinstance(func.func, ast.Name):
        name = func.func.id
    elif isinstance(func, ast.Name):
        made = [b.value for b in ctx.index.bindings if b.name == func.id and b.kind == "assign"]
        if len(made) == 1 and made[0] and "(" in made[0]:
            name = made[0].split("(", 1)[0].strip()
    tree = ctx.index.tree
    classes = (
        [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == name]
        if tree is not None and name
        else []
    )
    return classes[0] if len(classes) == 1 else None


def _call_params(cls: ast.ClassDef) -> list[str] | None:
    """The names ``call`` gives its arguments after ``self`` and the inputs."""
    call = next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "call"), None)
    if call is None or call.args.vararg is not None:
        return None
    names = [a.arg for a in call.args.posonlyargs + call.args.args]
    return names[2:] if len(names) >= 2 else None


def _keyword_arguments(ctx: RuleContext) -> list[Fix]:
    """``TokensToMap()(t, H, W)`` -> ``TokensToMap()(t, H=H, W=W)``."""
    if not ctx.search(r"Only input tensors may be passed as positional arguments"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    text = ctx.script.text
    for node in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(node, ast.Call)
        cls = script_class(ctx, node.func)
        params = _call_params(cls) if cls is not None else None
        extra = node.args[1:]
        if not params or not extra or len(extra) > len(params):
            continue
        if any(isinstance(a, ast.Starred) for a in extra):
            continue
        edits = [
            (
                text_offset(text, a.lineno, a.col_offset),
                text_offset(text, a.end_lineno or a.lineno, a.end_col_offset or 0),
                f"{p}={segment(text, a)}",
            )
            for a, p in zip(extra, params, strict=False)
        ]
        named = ", ".join(params[: len(extra)])
        return ctx.fix(
            "api.layer-call-keywords",
            f"pass {named} to `{cls.name}` by keyword (Keras 3 takes only tensors by position)",  # type: ignore[union-attr]
            apply_edits(text, edits),
            SAFE,
            [
                ctx.message.splitlines()[0][:160],
                f"`{cls.name}.call` names them {named}",  # type: ignore[union-attr]
            ],
        )
    return []


RULES = [
    Rule(
        "api.layer-call-keywords",
        "api",
        "a layer called with non-tensor positional arguments: pass them by keyword",
        _keyword_arguments,
    ),
]
