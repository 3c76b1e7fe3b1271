"""Edit operators on the labels: their numbering, their encoding, the head that reads them.

Bridges a label failure (an index past ``to_categorical``'s classes, a label outside the
loss's range, string labels cast to float, target and output widths that differ), the
value trace (the labels' observed min/max and dtype where they were made) and the
program model (the provenance of the labels that reach ``fit``, the layer that sizes
the output) into edits:

- ``shift-labels``: labels counted from 1 (the run saw 1..n for n classes) are shifted
  to 0..n-1 where they are encoded (``to_categorical(y - 1, n)``) or, for a sparse
  loss, right after they are made; every label array with the same numbering is shifted.
- ``string-labels``: class names used as labels become integer ids (sorted names).
- ``head-width``: an output layer whose units are a literal that disagrees with the
  labels' width gets the expression the labels were encoded with (the ``num_classes``
  of their ``to_categorical``) or a binding that held that width in the run; a head
  sized by a name bound to an integer literal (``num_classes = 15``) is edited at the
  binding, to the labels' width when they were encoded without a count.
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
    y_args,
)
from gptfix.repair.rules.base import SAFE, SUGGESTION, UNSAFE, RuleContext
from gptfix.values import ValueFact

_INDEX_OUT = re.compile(r"index (\d+) is out of bounds for axis 1 with size (\d+)")
_LABEL_RANGE = re.compile(r"label value of (\d+) which is outside the valid range of \[0, (\d+)\)")


def _num_classes(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "num_classes":
            return kw.value
    return call.args[1] if len(call.args) > 1 else None


def _labels_fact(ctx: RuleContext, node: ast.expr, line: int) -> ValueFact | None:
    if not isinstance(node, ast.Name):
        return None
    fact = ctx.traced(node.id, line)
    return fact if fact is not None and fact.min is not None else None


def _offset(fact: ValueFact | None, size: int) -> int | None:
    """How far the labels the run saw start past 0, when shifting them by it fits them
    in ``size`` classes: 1..n for n classes (one-based), or lo..hi spanning exactly the
    ``size`` classes (character codes 97..122 for 26 letters); None otherwise."""
    if fact is None or fact.min is None or fact.max is None or fact.min < 1:
        return None
    if fact.min == 1 and fact.max == size:
        return 1
    return fact.min if fact.max - fact.min + 1 == size and fact.max >= size else None


def _shift_at_source(ctx: RuleContext, text: str, name: str, line: int, lo: int) -> str | None:
    """``text`` with the labels ``name`` holds at ``line`` shifted by ``lo`` where they are
    made: the assigned expression itself (``labels = np.array(...) - 97``) or a statement
    right after an unpacking; None when they have no assignment to edit."""
    tree = ctx.index.tree
    steps = ctx.provenance.trace(name, line)
    if tree is None or not steps or steps[0].kind not in ("assign", "unpack"):
        return None
    stmt = statement_at(tree, steps[0].line)
    if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
        target = stmt.targets[0]
        if isinstance(target, ast.Name) and target.id == name:
            src = segment(text, stmt.value)
            atomic = isinstance(stmt.value, ast.Call | ast.Name | ast.Attribute | ast.Subscript)
            return replace_node(text, stmt.value, f"{src} - {lo}" if atomic else f"({src}) - {lo}")
    if stmt is None:
        return None
    return insert_after(text, stmt, f"{name} = {name} - {lo}  # labels counted from 0")


def _offset_one_hot(ctx: RuleContext) -> list[Fix]:
    """One-hot targets wider than the head because ``to_categorical`` sized them by labels
    that start past 0 (the run saw lo..hi, hi + 1 columns, hi - lo + 1 == the head's
    units): shift the labels by lo where they are made."""
    m = _WIDTHS.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    width, units = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
    if width <= units:
        return []
    text = ctx.script.text
    shifted: list[str] = []
    calls = [
        c
        for c in ast.walk(tree)
        if isinstance(c, ast.Call) and last_name(c.func) == "to_categorical" and c.args
    ]
    for call in sorted(calls, key=lambda c: (c.lineno, c.col_offset), reverse=True):
        if _num_classes(call) is not None or not isinstance(call.args[0], ast.Name):
            continue
        fact = _labels_fact(ctx, call.args[0], call.lineno)
        lo = _offset(fact, units)
        if fact is None or lo is None or lo == 0 or fact.max != width - 1:
            continue
        new = _shift_at_source(ctx, text, call.args[0].id, call.lineno, lo)
        if new is None:
            continue
        text = new
        shifted.append(
            f"`{call.args[0].id}` ran {fact.min}..{fact.max} in the run (line {call.lineno})"
        )
    if not shifted:
        return []
    return ctx.fix(
        "ops.shift-labels",
        f"labels start at {lo}: shift them to 0..{units - 1} where they are made",
        text,
        SAFE,
        [
            *shifted,
            f"to_categorical made {width} columns for a {units}-unit head;"
            f" {units} classes take the labels 0..{units - 1}",
        ],
    )


def shift_labels(ctx: RuleContext) -> list[Fix]:
    """Labels 1..n (or lo..lo+n-1) for n classes: shift them to 0..n-1 where they are
    encoded or made."""
    tree = ctx.index.tree
    m = _INDEX_OUT.search(ctx.message)
    sparse = _LABEL_RANGE.search(ctx.message)
    if tree is None:
        return []
    if not (m or sparse):
        return _offset_one_hot(ctx)
    got, size = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
    if sparse:
        got, size = int(sparse.group(1)), int(sparse.group(2))
    if got < size:
        return []
    text = ctx.script.text
    shifted: list[str] = []
    if m:
        calls = [
            c
            for c in ast.walk(tree)
            if isinstance(c, ast.Call) and last_name(c.func) == "to_categorical" and c.args
        ]
        facts = {id(c): _labels_fact(ctx, c.args[0], c.lineno) for c in calls}
        sized = [c for c in calls if _num_classes(c) is not None]
        evident = {
            (_offset(f, size), segment(text, _num_classes(c)))  # type: ignore[arg-type]
            for c in sized
            if (f := facts[id(c)]) is not None and _offset(f, size) and f.max == got
        }
        for call in sorted(sized, key=lambda c: (c.lineno, c.col_offset), reverse=True):
            fact = facts[id(call)]
            classes = segment(text, _num_classes(call))  # type: ignore[arg-type]
            # the failing labels' numbering, and every array encoded the same way with it
            # (a test split that happened not to reach the top label)
            lo = next((o for o, n in evident if n == classes), None)
            if fact is None or lo is None or fact.min != lo or fact.max is None:
                continue
            if fact.max >= lo + size:
                continue
            labels = segment(text, call.args[0])
            text = replace_node(text, call.args[0], f"{labels} - {lo}")
            shifted.append(f"line {call.lineno}: {labels} ran {fact.min}..{fact.max}")
    else:
        done: set[str] = set()
        sites: list[tuple[ast.stmt, str, ValueFact]] = []
        for call in feed_calls(tree):
            for y in y_args(call):
                fact = _labels_fact(ctx, y, call.lineno)
                if not isinstance(y, ast.Name) or y.id in done or fact is None:
                    continue
                if _offset(fact, size) is None or fact.max != got:
                    continue
                steps = ctx.provenance.trace(y.id, call.lineno)
                stmt = statement_at(tree, steps[0].line) if steps else None
                if stmt is None or steps[0].kind not in ("assign", "unpack"):
                    continue
                done.add(y.id)
                sites.append((stmt, y.id, fact))
        for stmt, name, fact in sorted(sites, key=lambda s: s[0].lineno, reverse=True):
            lo = _offset(fact, size)
            text = insert_after(text, stmt, f"{name} = {name} - {lo}  # labels counted from 0")
            shifted.append(f"line {stmt.lineno}: {name} ran {fact.min}..{fact.max}")
    if not shifted:
        return []
    first = shifted[0].split(" ran ")[1].split("..")[0]
    return ctx.fix(
        "ops.shift-labels",
        f"labels are counted from {first}: shift them to 0..{size - 1} "
        f"({', '.join(s.split(':')[0] for s in reversed(shifted))})",
        text,
        SAFE,
        [*reversed(shifted), f"{size} classes take the labels 0..{size - 1}"],
    )


def _is_text(fact: ValueFact | None) -> bool:
    return bool(fact and fact.dtype and fact.dtype.startswith(("str", "<U", "bytes", "string")))


def _dataset_labels(ctx: RuleContext, name: str, line: int) -> ast.expr | None:
    """The labels element of the ``from_tensor_slices((x, y))`` a dataset is made from."""
    tree = ctx.index.tree
    assert tree is not None
    for step in ctx.provenance.trace(name, line):
        stmt = statement_at(tree, step.line)
        for node in ast.walk(stmt) if stmt is not None else []:
            if (
                isinstance(node, ast.Call)
                and last_name(node.func) in ("from_tensor_slices", "from_tensors")
                and node.args
                and isinstance(node.args[0], ast.Tuple | ast.List)
                and len(node.args[0].elts) == 2
            ):
                return node.args[0].elts[1]
    return None


def string_labels(ctx: RuleContext) -> list[Fix]:
    """Class names used as labels of a sparse loss: encode them as ids where they enter."""
    if not ctx.search(r"Cast string to (float|int)|could not convert string to float"):
        return []
    tree = ctx.index.tree
    np = ctx.index.spell("numpy") if tree is not None else None
    if tree is None or np is None or "sparse" not in ctx.script.text.lower():
        return []
    uses: list[ast.Name] = []
    for call in feed_calls(tree):
        x = x_arg(call)
        ys = y_args(call)
        if isinstance(x, ast.Name) and not ys:
            found = _dataset_labels(ctx, x.id, call.lineno)
            ys = [found] if found is not None else []
        uses += [y for y in ys if isinstance(y, ast.Name) and _is_text(ctx.traced(y.id, y.lineno))]
    if not uses:
        return []
    text = ctx.script.text
    for y in sorted(uses, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        text = replace_node(text, y, f"{np}.unique({y.id}, return_inverse=True)[1]")
    names = sorted({y.id for y in uses})
    return ctx.fix(
        "ops.string-labels",
        f"encode the class names in {', '.join(f'`{n}`' for n in names)} as ids "
        "0..k-1 (sorted names) where they enter training",
        text,
        SAFE if len(uses) == 1 else UNSAFE,  # two arrays may not share one mapping
        [f"`{n}` held strings in the run" for n in names]
        + ["a sparse loss takes integer class ids"],
    )


_WIDTHS = re.compile(
    r"target\.shape=\((?:None|\d+), (\d+)\), output\.shape=\((?:None|\d+), (\d+)\)"
    r"|Shapes \((?:None|\d+), (\d+)\) and \((?:None|\d+), (\d+)\) are incompatible"
)


def _width_source(ctx: RuleContext, y: ast.Name, line: int, before: int) -> ast.expr | None:
    """The ``num_classes`` expression the labels were one-hot encoded with, when every
    name it reads is bound before line ``before`` at module level."""
    tree = ctx.index.tree
    assert tree is not None
    for step in ctx.provenance.trace(y.id, line):
        stmt = statement_at(tree, step.line)
        for node in ast.walk(stmt) if stmt is not None else []:
            if isinstance(node, ast.Call) and last_name(node.func) == "to_categorical":
                width = _num_classes(node)
                if width is None:
                    return None
                reads = [n.id for n in ast.walk(width) if isinstance(n, ast.Name)]
                if all(
                    ctx.index.is_builtin(r)
                    or (b := ctx.index.lookup(r, before)) is not None
                    and b.line < before
                    for r in reads
                ):
                    return width
                return None
    return None


def _bound_literal(ctx: RuleContext, name: ast.Name) -> ast.expr | None:
    """The integer literal a read of ``name`` sees when its binding is ``name = <int>``
    (a config count such as ``num_classes = 10``), else None."""
    tree = ctx.index.tree
    assert tree is not None
    b = ctx.index.lookup(name.id, name.lineno)
    if b is None or b.kind != "assign":
        return None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and node.lineno == b.line
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == name.id
            and isinstance(node.value, ast.Constant)
            and type(node.value.value) is int
        ):
            return node.value
    return None


def head_width(ctx: RuleContext) -> list[Fix]:
    """An output layer whose literal width disagrees with the labels' width."""
    m = _WIDTHS.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    target, output = (int(g) for g in (m.group(1, 2) if m.group(1) else m.group(3, 4)))
    if target == output or min(target, output) < 2:
        return []  # 1 vs k is an encoding question (the loss rules)
    heads = []
    bound: list[ast.expr] = []  # literals reached through a config name
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and last_name(node.func) == "Dense":
            units = next((k.value for k in node.keywords if k.arg == "units"), None)
            units = units if units is not None else (node.args[0] if node.args else None)
            if isinstance(units, ast.Name):
                units = _bound_literal(ctx, units)
                bound += [units] if units is not None else []
            if isinstance(units, ast.Constant) and units.value == output:
                heads.append(units)
    if not heads:
        return []
    head = max(heads, key=lambda n: (n.lineno, n.col_offset))
    text = ctx.script.text
    for call in feed_calls(tree):
        for y in y_args(call)[:1]:
            if not isinstance(y, ast.Name):
                continue
            fact = ctx.traced(y.id, call.lineno)
            if fact is None or not fact.shape or fact.shape[-1] != target:
                continue
            width = _width_source(ctx, y, call.lineno, head.lineno)
            derived = width is not None and not isinstance(width, ast.Constant)
            if width is not None:
                new = segment(text, width)
                why = f"`{y.id}` is one-hot encoded with {new} classes"
            else:
                new = next(
                    (
                        n
                        for n in ctx.index.names_in_scope(head.lineno, before_only=True)
                        if (f := ctx.traced(n, head.lineno)) is not None and f.value == target
                    ),
                    "",
                )
                why = f"`{new}` held {target} in the run"
                if not new and head in bound:
                    # the count is a config literal and the labels' width is the data's
                    # (encoded without a count): the literal takes the data's width
                    new, why = str(target), f"the labels hold {target} classes"
                if not new:
                    continue
            return ctx.fix(
                "ops.head-width",
                f"size the output layer{' count' if head in bound else ''} at line "
                f"{head.lineno} by {new} ({target}), the labels' width, not {output}",
                replace_node(text, head, new),
                # a count the labels derive beats a literal; literal against literal is
                # no evidence which side is wrong
                SAFE if derived else SUGGESTION if width is not None else UNSAFE,
                [
                    f"`{y.id}` had shape {fact.shape} in the run; the output has {output} units",
                    why,
                ],
            )
    return []
