"""Rules for adding (or multiplying) two tensors whose channel counts differ.

Bridges "Dimensions must be equal, but are 32 and 16 ... with input shapes:
[16,32,32,32], [16,32,32,16]" (or Keras' ``Add`` layer's "incompatible shapes") at
``x + shortcut`` and the layers that produced each operand: each side is traced back
through assignments, ``self.<layer>`` attributes and wrapping layers to the
Conv/Dense that set its channel count; a hard-coded count on one side is replaced by
the other side's (usually the block's ``filters`` parameter).
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, Source, arg_or_kw, call_name, dotted

_CHANNEL_LAYERS = re.compile(
    r"^(Conv[123]D|Conv[123]DTranspose|SeparableConv[12]D|Dense|Convolution2D)$"
)
_WIDTH_KW = {"Dense": "units"}


def _enclosing(src: Source, node: ast.AST, kind: type) -> ast.AST | None:
    best = None
    for n in src.walk():
        if isinstance(n, kind) and n.lineno <= node.lineno <= (n.end_lineno or 0):  # type: ignore[attr-defined]
            if best is None or n.lineno >= best.lineno:  # type: ignore[attr-defined]
                best = n
    return best


def _layer_ctor(
    src: Source, func: ast.AST, cls: ast.AST | None, fn: ast.AST | None
) -> ast.Call | None:
    """The constructor call of the layer that ``func`` (``self.x`` / a name) refers to."""
    if isinstance(func, ast.Call):
        return func
    scopes = [s for s in (fn, cls, src.tree) if s is not None]
    for scope in scopes:
        for n in ast.walk(scope):
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call):
                for t in n.targets:
                    if dotted(t) is not None and dotted(t) == dotted(func):
                        return n.value
    return None


def _width_source(
    src: Source, expr: ast.AST, cls: ast.AST | None, fn: ast.AST | None, depth: int = 0
) -> ast.expr | None:
    """The argument that sets the channel count of ``expr``'s value, when traceable."""
    if depth > 10:
        return None
    if isinstance(expr, ast.Name):
        assigns = [
            n
            for n in ast.walk(fn if fn is not None else src.tree)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == expr.id for t in n.targets)
            and n.lineno < expr.lineno
        ]
        if assigns:
            return _width_source(src, assigns[-1].value, cls, fn, depth + 1)
        return None
    if isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Attribute) and expr.func.attr in (
            "relu",
            "sigmoid",
            "tanh",
            "gelu",
            "swish",
        ):
            return _width_source(src, expr.args[0], cls, fn, depth + 1) if expr.args else None
        ctor = _layer_ctor(src, expr.func, cls, fn)
        if ctor is not None and _CHANNEL_LAYERS.match(call_name(ctor)):
            return arg_or_kw(ctor, 0, _WIDTH_KW.get(call_name(ctor), "filters"))
        if expr.args:
            return _width_source(src, expr.args[0], cls, fn, depth + 1)
    return None


def _channels(ctx: RuleContext) -> list[Fix]:
    m = (
        ctx.search(r"with input shapes: \[([\d,?]+)\], \[([\d,?]+)\]")
        or ctx.search(r"Incompatible shapes: \[([\d,?]+)\] vs\. \[([\d,?]+)\]")
        or ctx.search(
            r"[Ii]nputs? (?:have|with) incompatible shapes.*?\(([^)]*)\) and \(([^)]*)\)", re.S
        )
    )
    if not m or not re.search(r"Dimensions must be equal|incompatible shapes", ctx.message, re.I):
        return []
    a_dims = [d.strip() for d in m.group(1).split(",")]
    b_dims = [d.strip() for d in m.group(2).split(",")]
    if len(a_dims) != len(b_dims) or a_dims[-1] == b_dims[-1]:
        return []
    dims = (a_dims[-1], b_dims[-1])
    for node in ctx.nodes_on_user_lines(ast.BinOp) + ctx.nodes_on_user_lines(ast.List):
        operands = [node.left, node.right] if isinstance(node, ast.BinOp) else list(node.elts)  # type: ignore[attr-defined]
        if len(operands) != 2:
            continue
        fn = _enclosing(ctx.src, node, ast.FunctionDef)
        cls = _enclosing(ctx.src, node, ast.ClassDef)
        sources = [_width_source(ctx.src, op, cls, fn) for op in operands]
        if sources.count(None) == 2:
            continue
        fixes: list[Fix] = []
        for i in (1, 0):
            mine, other = sources[i], sources[1 - i]
            if not (isinstance(mine, ast.Constant) and str(mine.value) == dims[i]):
                continue
            if other is None and not dims[1 - i].isdigit():
                continue
            # the other side is no layer of the script (an ``Input``): its count, as the
            # error gives it
            new = ctx.src.segment(other) if other is not None else dims[1 - i]
            s, e = ctx.src.span(mine)
            fixes += ctx.fix(
                "shape.residual-channels",
                f"give line {mine.lineno}'s layer `{new}` channels, like the other branch",
                Patch(ctx.src.text).replace(s, e, new).apply(),
                UNSAFE,
                [
                    f"the two sides of the sum have {dims[0]} and {dims[1]} channels",
                    f"line {mine.lineno} hard-codes {dims[i]}; the other branch uses `{new}`",
                ],
            )
        if fixes:
            return fixes
    return []


RULES = [
    Rule(
        "shape.residual-channels",
        "shape",
        "a sum of two branches with different channel counts: make the hard-coded side match",
        _channels,
    ),
]
