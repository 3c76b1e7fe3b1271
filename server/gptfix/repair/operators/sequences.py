"""Edit operators for sequence models fed data that is not yet ``(samples, steps, features)``.

Bridges the failure (the shape a model expected and the shape it got, an object dtype),
the value trace (the shape of the rows and labels that reach ``fit``, the items of an
object array) and the program model (the declared steps, where the data is made) into
edits at the data's source:

- ``windows``: rows ``(N, F)`` given to a model declared for ``(T, F)`` windows (the
  declared ``T`` spelled as the script spells it): the rows become the ``N - T`` windows
  of ``T`` consecutive rows and the per-row labels the label after each window.
- ``stack-items``: an object array of equal-shape per-sample arrays becomes one numeric
  array (``np.stack``), with the trailing feature axis of 1 when the model declares it.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.axes import _dims
from gptfix.repair.operators.data import _after_last_write, _declared, _origin
from gptfix.repair.operators.declared import value_of
from gptfix.repair.operators.edit import feed_calls, insert_after, replace_node, segment, x_arg
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext

_EXPECTED = re.compile(
    r"Expected shape \(([^()]*)\), but input has incompatible shape \(([^()]*)\)"
)


def _y_arg(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "y":
            return kw.value
    return call.args[1] if len(call.args) > 1 else None


def _steps_node(ctx: RuleContext, steps: int, features: list[int | None]) -> ast.expr | None:
    """The element of a declared input shape ``(T, *features)`` that spells ``T``."""
    tree = ctx.index.tree
    assert tree is not None
    for shape, elts in _declared(tree):
        values = [value_of(ctx, e, shape.lineno) for e in elts]
        if len(elts) == 1 + len(features) and values == [steps, *features]:
            return elts[0]
    return None


def windows(ctx: RuleContext) -> list[Fix]:
    """Rows fed to a model declared for windows of ``T`` rows: make the windows."""
    m = _EXPECTED.search(ctx.message)
    tree = ctx.index.tree
    np = ctx.index.spell("numpy") if tree is not None else None
    if m is None or tree is None or np is None:
        return []
    want, got = _dims(m.group(1)), _dims(m.group(2))
    if len(want) != len(got) + 1 or want[2:] != got[1:] or not isinstance(want[1], int):
        return []
    steps = want[1]
    for call in feed_calls(tree):
        x, y = x_arg(call), _y_arg(call)
        if call.func.attr != "fit" or not isinstance(x, ast.Name) or not isinstance(y, ast.Name):  # type: ignore[attr-defined]
            continue
        xf, yf = ctx.traced(x.id, call.lineno), ctx.traced(y.id, call.lineno)
        if not (xf and xf.shape and yf and yf.shape) or xf.shape[1:] != got[1:]:
            continue
        rows = xf.shape[0]
        if not isinstance(rows, int) or rows <= steps or yf.shape[0] != rows:
            continue  # one label per row, more rows than a window
        node = _steps_node(ctx, steps, list(got[1:]))
        if node is None:
            continue
        t = segment(ctx.script.text, node)
        t_ = f"({t})" if not isinstance(node, ast.Name | ast.Constant) else t
        stmt_first, _ = ctx.index.statement_at(call.lineno)
        stmt = next(
            (s for s in ast.walk(tree) if isinstance(s, ast.stmt) and s.lineno == stmt_first),
            None,
        )
        if stmt is None:
            continue
        xs, ys = f"{x.id}_windows", f"{y.id}_windows"
        text = replace_node(ctx.script.text, y, ys)
        text = replace_node(text, x, xs)
        lines = text.splitlines(keepends=True)
        head = lines[stmt.lineno - 1]
        indent = head[: len(head) - len(head.lstrip())]
        made = (
            f"{indent}{xs} = {np}.stack([{x.id}[i:i + {t_}] for i in range(len({x.id}) - {t_})])"
            f"  # windows of {t} rows\n"
            f"{indent}{ys} = {y.id}[{t_}:]  # the label after each window\n"
        )
        text = "".join(lines[: stmt.lineno - 1]) + made + "".join(lines[stmt.lineno - 1 :])
        return ctx.fix(
            "ops.windows",
            f"feed windows of `{t}` rows of `{x.id}` (the steps the model declares), with the "
            f"label after each window",
            text,
            UNSAFE,
            [
                f"the model expects {tuple(want)}: windows of {steps} steps of {got[1:]}",
                f"`{x.id}` had shape {xf.shape} in the run: one row per step, no steps axis",
                f"`{y.id}` had shape {yf.shape}: one label per row",
            ],
        )
    return []


def _items(
    ctx: RuleContext, name: str, traced: list[int | None] | None, equal: bool | None
) -> tuple[list[int | None] | None, bool]:
    """The item shape of object array ``name`` and whether all items have it: from the
    trace, else from the failing frame's locals (an array filled after it was made)."""
    if traced is not None:
        return list(traced), bool(equal)
    local = (ctx.failure.facts.get("locals") or {}).get(name)
    if isinstance(local, dict) and isinstance(local.get("item_shape"), list):
        return list(local["item_shape"]), local.get("items_equal") is True
    return None, False


def stack_items(ctx: RuleContext) -> list[Fix]:
    """An object array of equal-shape per-sample arrays: stack it into one array."""
    tree = ctx.index.tree
    np = ctx.index.spell("numpy") if tree is not None else None
    if tree is None or np is None or not ctx.search(r"dtype[:=]? ?'?object|sequence"):
        return []
    for call in feed_calls(tree):
        x = x_arg(call)
        if not isinstance(x, ast.Name):
            continue
        fact = ctx.traced(x.id, call.lineno)
        if not (fact and fact.dtype == "object" and fact.shape):
            continue
        item, equal = _items(ctx, x.id, fact.item_shape, fact.items_equal)
        if item is None or not equal:
            continue  # ragged sequences want padding, not stacking
        found = _origin(ctx, x.id, call.lineno)
        if found is None:
            continue
        stmt, _ = found
        declared = [
            [value_of(ctx, e, shape.lineno) for e in elts] for shape, elts in _declared(tree)
        ]
        extra = ""
        if [*item, 1] in declared and item not in declared:
            extra = "[..., None]"
        where = _after_last_write(tree, stmt, x.id, call.lineno)
        line = where.end_lineno or where.lineno
        new = f"{x.id} = {np}.stack({x.id}){extra}  # one {len(item) + 1 + bool(extra)}-D array"
        evidence = [
            f"`{x.id}` had shape {fact.shape} dtype object in the run: "
            f"{fact.shape[0]} arrays of shape {item}, all alike",
        ]
        if extra:
            evidence.append(f"the model declares {[*item, 1]}: one feature per step")
        return ctx.fix(
            "ops.stack-items",
            f"stack the per-sample arrays of `{x.id}` into one array after line {line}"
            + (" and give it its feature axis" if extra else ""),
            insert_after(ctx.script.text, where, new),
            SAFE,
            evidence,
        )
    return []
