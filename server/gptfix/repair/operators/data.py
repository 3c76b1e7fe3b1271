"""Edit operators on the data side: fixes where the array is made, not where it crashes.

Bridges the failure's ranks/types, the value trace (the shape each assignment made)
and the program model (the provenance of the array that reaches ``fit`` or the model)
into edits at the provenance site:

- ``channel-axis``: data one axis short of the model's declared input gets its channel
  axis after the statement that made it (and a channels-first or channel-less declared
  shape gets its trailing 1), only when the other dimensions agree.
  One sample given without its batch axis gets it.
- ``extra-axis``: an ``[..., np.newaxis]`` added to data that already has the model's rank.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import (
    feed_calls,
    insert_after,
    last_name,
    replace_node,
    segment,
    statement_at,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, RuleContext
from gptfix.values import ValueFact

_RANK = re.compile(r"expected (?:min_)?ndim=(\d+), found ndim=(\d+)")


def _declared(tree: ast.Module) -> list[tuple[ast.expr, list[ast.expr]]]:
    """(shape node, its elements) of every ``input_shape=``/``Input(shape=)`` tuple/list."""
    out: list[tuple[ast.expr, list[ast.expr]]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        shape: ast.expr | None = None
        for kw in node.keywords:
            if kw.arg in ("input_shape", "shape", "batch_shape") and kw.arg != "batch_shape":
                shape = kw.value
        if shape is None and last_name(node.func) in ("Input", "InputLayer") and node.args:
            shape = node.args[0]
        if isinstance(shape, ast.Tuple | ast.List):
            out.append((shape, list(shape.elts)))
    return out


def _const(node: ast.expr) -> int | None:
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def _origin(ctx: RuleContext, name: str, line: int) -> tuple[ast.stmt, ValueFact | None] | None:
    """The statement that made ``name``'s array as read at ``line``, and what it held."""
    tree = ctx.index.tree
    steps = ctx.provenance.trace(name, line)
    if tree is None or not steps or steps[0].kind not in ("assign", "unpack"):
        return None
    stmt = statement_at(tree, steps[0].line)
    if stmt is None:
        return None
    return stmt, ctx.traced(name, line)


#: Reads of an array that see its layout, not its values (an added axis changes them on purpose).
_LAYOUT_ATTRS = frozenset({"shape", "ndim", "dtype", "size"})


def _reads_values(node: ast.AST, name: str) -> bool:
    """``node`` computes from the values of the array ``name`` (``np.sqrt(X) * s``, ``X[:10]``),
    not only from its layout (``X.shape[1]``, ``len(X)``)."""
    layout_only: set[int] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and sub.attr in _LAYOUT_ATTRS:
            layout_only.add(id(sub.value))
        elif isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "len":
            layout_only.update(id(a) for a in sub.args)
    return any(
        isinstance(sub, ast.Name)
        and sub.id == name
        and isinstance(sub.ctx, ast.Load)
        and id(sub) not in layout_only
        for sub in ast.walk(node)
    )


def _after_last_write(tree: ast.Module, stmt: ast.stmt, name: str, before: int) -> ast.stmt:
    """The last statement of ``stmt``'s block before line ``before`` that writes into
    ``name`` (``name[:] = ...``) or reads it, so an axis added after it sees the filled
    array and leaves the values computed from the array as they were made
    (``Y = np.sqrt(X) * sign`` must not broadcast against a new axis)."""
    for node in ast.walk(tree):
        for field in ("body", "orelse"):
            block = getattr(node, field, None)
            if isinstance(block, list) and stmt in block:
                last = stmt
                for s in block[block.index(stmt) + 1 :]:
                    if s.lineno >= before:
                        break
                    written = any(
                        isinstance(sub, ast.Subscript)
                        and isinstance(sub.ctx, ast.Store)
                        and isinstance(sub.value, ast.Name)
                        and sub.value.id == name
                        for sub in ast.walk(s)
                    )
                    if written or _reads_values(s, name):
                        last = s
                return last
    return stmt


def channel_axis(ctx: RuleContext) -> list[Fix]:
    """Data one axis short of the declared input: add the channel axis where it is made."""
    m = _RANK.search(ctx.message)
    tree = ctx.index.tree
    negative = bool(ctx.search(r"output size would be zero or negative|Negative dimension size"))
    sizes = bool(ctx.search(r"cardinality is ambiguous|sizes:"))  # one sample read as rows
    if tree is None or not (negative or sizes or (m and int(m.group(1)) > int(m.group(2)))):
        return []
    out: list[Fix] = []
    for call in feed_calls(tree):
        x = x_arg(call)
        if not isinstance(x, ast.Name):
            continue
        found = _origin(ctx, x.id, call.lineno)
        if found is None:
            continue
        stmt, fact = found
        dims = fact.shape[1:] if fact and fact.shape else None
        for shape_node, elts in _declared(tree):
            consts = [_const(e) for e in elts]
            if fact is not None and fact.shape and not negative:
                one = _one_sample(ctx, x.id, stmt, call, fact.shape, consts)
                if one or sizes:
                    out += one
                    continue
            if negative and not (consts and consts[0] in (1, 3, 4)):
                continue  # a too-small image is no missing axis: only channels first counts
            out += _axis_fixes(ctx, x.id, stmt, call, dims, shape_node, elts, consts)
    return out


def _axis_fixes(
    ctx: RuleContext,
    name: str,
    stmt: ast.stmt,
    call: ast.Call,
    dims: list[int | None] | None,
    shape_node: ast.expr,
    elts: list[ast.expr],
    consts: list[int | None],
) -> list[Fix]:
    tree = ctx.index.tree
    assert tree is not None
    text = ctx.script.text
    where = _after_last_write(tree, stmt, name, call.lineno)
    add = f"{name} = {name}[..., None]  # gptfix: the channel axis"
    evidence = [f"line {stmt.lineno}: {name} has shape {dims and ['N', *dims]} in the run"]
    if dims is None:
        return []
    declared = segment(text, shape_node)
    if consts and consts[-1] == 1 and consts[:-1] == dims:
        patched = text  # the model is right: only the data lacks the axis
        title = f"add the channel axis to `{name}` after line {where.end_lineno or where.lineno}"
        why = f"the model declares {declared}"
    elif consts and consts[0] == 1 and consts[1:] == dims:
        moved = "(" + ", ".join(segment(text, e) for e in elts[1:]) + ", 1)"
        patched = replace_node(text, shape_node, moved)
        title = f"channels last: add the channel axis to `{name}` and declare {moved}"
        why = f"the model declares channels first {declared}"
    elif (
        len(consts) == 3
        and consts == dims
        and consts[0] in (1, 3, 4)
        and all(isinstance(c, int) and c > consts[0] for c in consts[1:])
        and ctx.search(r"zero or negative|Negative dimension size|negative output size")
        and (np := ctx.index.spell("numpy")) is not None
    ):  # channels-first images, declared so, into a channels-last convolution
        moved = "(" + ", ".join(segment(text, e) for e in [*elts[1:], elts[0]]) + ")"
        patched = replace_node(text, shape_node, moved)
        add = f"{name} = {np}.moveaxis({name}, 1, -1)  # gptfix: channels last"
        title = f"channels last: move the channel axis of `{name}` last and declare {moved}"
        why = f"the model declares channels first {declared}; Keras convolutions read channels last"
    elif (
        len(elts) == len(dims)
        and all(c is None or c == d for c, d in zip(consts, dims, strict=True))
        and _fails_on_input(ctx, shape_node)
    ):
        inner = ", ".join(segment(text, e) for e in elts)
        patched = replace_node(text, shape_node, f"({inner}, 1)")
        title = f"add a feature axis of 1 to `{name}` and to the declared input {declared}"
        why = f"the layer needs one more axis than {declared}"
    else:
        return []
    if patched != text and where.lineno >= shape_node.lineno:
        return []  # the insertion would shift the declaration's position
    return ctx.fix(
        "ops.channel-axis", title, insert_after(patched, where, add), SAFE, [*evidence, why]
    )


def _one_sample(
    ctx: RuleContext,
    name: str,
    stmt: ast.stmt,
    call: ast.Call,
    shape: list[int | None],
    consts: list[int | None],
) -> list[Fix]:
    """One sample given without its batch axis (and maybe its channel): its whole shape
    is the declared input's (without the trailing 1)."""
    tree = ctx.index.tree
    assert tree is not None
    if shape == consts:
        index, what = "None, ...", "the batch axis"
    elif consts and consts[-1] == 1 and shape == consts[:-1]:
        index, what = "None, ..., None", "the batch and channel axes"
    else:
        return []
    where = _after_last_write(tree, stmt, name, call.lineno)
    return ctx.fix(
        "ops.channel-axis",
        f"`{name}` is one sample: give it {what} after line {where.end_lineno or where.lineno}",
        insert_after(ctx.script.text, where, f"{name} = {name}[{index}]  # one sample"),
        SAFE,
        [f"{name} had shape {shape} in the run", f"the model's input is declared {consts}"],
    )


def _fails_on_input(ctx: RuleContext, shape_node: ast.expr) -> bool:
    """Whether the crash line applies a layer straight to the ``Input`` declared by
    ``shape_node`` (so the declared input itself is one axis short for that layer)."""
    tree = ctx.index.tree
    if tree is None or ctx.line is None:
        return False
    first, last = ctx.index.statement_at(ctx.line)
    holders = set()
    for stmt in ast.walk(tree):
        if (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Name)
            and isinstance(stmt.value, ast.Call)
            and any(sub is shape_node for sub in ast.walk(stmt.value))
        ):
            holders.add(stmt.targets[0].id)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and first <= node.lineno <= last
            and isinstance(node.func, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in holders
        ):
            return True
    return False


_NEWAXIS = re.compile(r"\[\s*\.\.\.\s*,\s*(?:np\.newaxis|numpy\.newaxis|None)\s*\]")


def extra_axis(ctx: RuleContext) -> list[Fix]:
    """An axis added to data that already had the model's rank: drop the addition."""
    m = _RANK.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or int(m.group(2)) != int(m.group(1)) + 1:
        return []
    out: list[Fix] = []
    lines = ctx.script.text.splitlines(keepends=True)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name)):
            continue
        src = segment(ctx.script.text, node)
        if not _NEWAXIS.search(src.replace(segment(ctx.script.text, node.value), "", 1)):
            continue
        fact = ctx.traced(node.value.id, node.lineno)
        if fact is None or fact.shape is None or len(fact.shape) != int(m.group(1)):
            continue
        patched = replace_node(ctx.script.text, node, node.value.id)
        out += ctx.fix(
            "ops.extra-axis",
            f"`{node.value.id}` already has {len(fact.shape)} axes: drop the axis added at "
            f"line {node.lineno}",
            patched,
            SAFE,
            [
                f"{node.value.id} had shape {fact.shape} in the run",
                f"line {node.lineno}: {lines[node.lineno - 1].strip()}",
            ],
        )
    return out
