"""Rules for an ``Input`` declared one axis short of what its first layer needs.

Bridges Keras' build-time check "Input 0 ... of layer 'conv2d' is incompatible with the
layer: expected min_ndim=4, found ndim=3. Full shape received: (None, 28, 28)" (no data
has arrived yet, so the message has no data shape) and the ``Input(shape=...)`` /
``input_shape=`` the failing layer is applied to: the shape gets the missing trailing
channel axis. The channel size is read from arrays of that rank written in the script
(``rng.random((n, 28, 28, 1))``), else 1 and then 3 are offered; the verifying run of
the patched script decides.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import SUGGESTION, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, arg_or_kw, call_name, calls, kwvalue

_INPUTS = ("Input", "InputLayer")


def _shape_node(call: ast.Call) -> ast.expr | None:
    if call_name(call) in _INPUTS:
        return arg_or_kw(call, 0, "shape") or kwvalue(call, "input_shape")
    return kwvalue(call, "input_shape")


def input_call_of(ctx: RuleContext, name: str, before: int) -> ast.Call | None:
    """The ``Input(...)`` call last bound to ``name`` before line ``before``."""
    best: ast.Call | None = None
    for st in ctx.src.walk():
        if (
            isinstance(st, ast.Assign)
            and st.lineno <= before
            and isinstance(st.value, ast.Call)
            and call_name(st.value) in _INPUTS
            and any(isinstance(t, ast.Name) and t.id == name for t in st.targets)
            and (best is None or st.lineno >= best.lineno)
        ):
            best = st.value
    return best


def _declared_shapes(ctx: RuleContext, rank: int) -> list[ast.Tuple]:
    """Shape tuples (``rank`` entries) of the input the failing layer is applied to, else of
    the script's only input declaration."""
    found: list[ast.Tuple] = []
    for call in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(call, ast.Call)
        if isinstance(call.func, ast.Call) and call.args:  # Layer(...)(x)
            arg = call.args[0]
            inp = arg if isinstance(arg, ast.Call) and call_name(arg) in _INPUTS else None
            if isinstance(arg, ast.Name):
                inp = input_call_of(ctx, arg.id, call.lineno)
            node = _shape_node(inp) if inp is not None else None
            if isinstance(node, ast.Tuple | ast.List) and len(node.elts) == rank:
                found.append(node)  # type: ignore[arg-type]
        node = _shape_node(call)
        if isinstance(node, ast.Tuple) and len(node.elts) == rank:
            found.append(node)
    if found:
        return found[:1]
    declared = [n for c in calls(ctx.src) if (n := _shape_node(c)) is not None]
    if len(declared) == 1 and isinstance(declared[0], ast.Tuple):
        if len(declared[0].elts) == rank:
            return [declared[0]]
    return []


def _channel_guesses(ctx: RuleContext, ndim: int) -> tuple[list[int], list[int]]:
    """Channel sizes of arrays with ``ndim`` axes written in the script (first list), then
    the usual 1 and 3."""
    out: list[int] = []
    for node in ctx.src.walk():
        if isinstance(node, ast.Tuple) and len(node.elts) == ndim:
            last = node.elts[-1]
            if isinstance(last, ast.Constant) and isinstance(last.value, int):
                if 0 < last.value <= 4 and last.value not in out:
                    out.append(last.value)
    out = out[:2]
    return out, [c for c in (1, 3) if c not in out]


def _input_rank(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"expected min_ndim=(\d+), found ndim=(\d+)")
    if not m or not ctx.is_type("ValueError"):
        return []
    need, got = int(m.group(1)), int(m.group(2))
    if need != got + 1 or need < 3:
        return []
    shapes = _declared_shapes(ctx, got - 1)  # the declared shape has no batch axis
    if not shapes:
        return []
    node = shapes[0]
    items = [ctx.src.segment(e) for e in node.elts]
    s, e = ctx.src.span(node)
    fixes: list[Fix] = []
    seen, usual = _channel_guesses(ctx, need)
    # the run's value trace tells which side is wrong: with no array of ``need`` axes in
    # it, the data lacks the axis too and the model alone must not be bent (a suggestion)
    traced = ctx.trace
    data_has_axis = traced is None or any(
        f.shape is not None and len(f.shape) == need
        for by_line in traced.lines.values()
        for facts in by_line.values()
        for f in facts
    )
    for channels in seen + usual:
        safety = UNSAFE if channels in seen or data_has_axis else SUGGESTION
        new_shape = f"({', '.join(items + [str(channels)])})"
        fixes += ctx.fix(
            "shape.input-rank",
            f"declare the input as {new_shape}: add the channel axis the layer needs",
            Patch(ctx.src.text).replace(s, e, new_shape).apply(),
            safety,
            [
                f"the layer needs {need} axes (with the batch axis) but its input has {got}",
                f"the input is declared as {ctx.src.segment(node)}, without a channel axis",
                f"{channels} channel(s): the last axis of a {need}-axis array in the script"
                if channels in seen
                else f"{channels} channel(s): a common channel count, checked by running it",
            ],
        )
    return fixes


RULES = [
    Rule(
        "shape.input-rank",
        "shape",
        "an Input one axis short of what its first layer needs (no channel axis): add it",
        _input_rank,
    ),
]
