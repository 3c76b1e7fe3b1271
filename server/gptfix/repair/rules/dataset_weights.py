"""Sample weights given to ``fit`` beside a ``tf.data.Dataset``, which Keras 3 refuses.

Bridges "When providing `x` as a tf.data.Dataset, `sample_weights` should not be passed.
Instead, the sample weights should be included as part of the dataset" and the program
model: the dataset ``fit`` gets is followed back (provenance) to the
``from_tensor_slices((x, y))`` it is made from; the weights become the third element of
that tuple (batched, shuffled and split with the samples they weigh) and the
``sample_weight=`` argument goes. Only when every name the weights read is bound before the
dataset is made and not bound again before ``fit``, the dataset is made where ``fit`` is
called (not in a shared helper), and no ``map``/``filter`` step between sees its elements.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import (
    apply_edits,
    feed_calls,
    segment,
    statement_at,
    text_offset,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, Rule, RuleContext

_WEIGHTS_BESIDE = re.compile(
    r"`sample_weights?` should not be passed|sample_weights?.{0,40}included as part of the dataset"
)


def _slices(stmt: ast.stmt) -> ast.Tuple | None:
    """The ``(x, y)`` a ``from_tensor_slices`` call of ``stmt`` is given."""
    for node in ast.walk(stmt):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("from_tensor_slices", "from_tensors")
            and node.args
            and isinstance(node.args[0], ast.Tuple)
            and len(node.args[0].elts) == 2
        ):
            return node.args[0]
    return None


#: dataset steps that see each element's parts (a third element changes what they get)
_ELEMENT_STEPS = frozenset({"map", "filter", "flat_map", "interleave", "apply", "scan", "zip"})


def _maps_elements(tree: ast.Module, first: int, last: int, made: ast.stmt) -> bool:
    """Whether a step that sees each element's parts (``map``, ``filter``) works on the
    dataset between the statement that makes it (line ``first``) and ``fit`` (``last``)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _ELEMENT_STEPS
            and (
                first <= node.lineno < last
                or made.lineno <= node.lineno <= (made.end_lineno or made.lineno)
            )
        ):
            return True
    return False


def _weights_into_dataset(ctx: RuleContext) -> list[Fix]:
    """``fit(ds, sample_weight=w)`` -> ``from_tensor_slices((x, y, w))`` and ``fit(ds)``."""
    tree = ctx.index.tree
    if tree is None or not _WEIGHTS_BESIDE.search(ctx.message):
        return []
    text = ctx.script.text
    for call in feed_calls(tree):
        kw = next((k for k in call.keywords if k.arg == "sample_weight"), None)
        x = x_arg(call)
        if kw is None or not isinstance(x, ast.Name):
            continue
        for step in ctx.provenance.trace(x.id, call.lineno):
            stmt = statement_at(tree, step.line)
            pair = _slices(stmt) if stmt is not None else None
            if pair is None or stmt is None:
                continue
            here = ctx.index.enclosing_scope(call.lineno, fine=True).id
            if ctx.index.enclosing_scope(stmt.lineno, fine=True).id != here:
                return []  # made in a helper other callers share: not edited for this one
            if _maps_elements(tree, step.line, call.lineno, stmt):
                return []  # ``ds.map(lambda a, b: ...)`` would get a third element
            reads = [n.id for n in ast.walk(kw.value) if isinstance(n, ast.Name)]
            for r in reads:
                if ctx.index.is_builtin(r) and ctx.index.lookup(r, stmt.lineno) is None:
                    continue  # ``np.ones(len(y))``
                made = ctx.index.lookup(r, stmt.lineno)
                seen = ctx.index.lookup(r, call.lineno)
                if made is None or made.line >= stmt.lineno or seen is None or seen != made:
                    return []  # bound later, or bound again before ``fit``: other weights
            weights = segment(text, kw.value)
            last = pair.elts[-1]
            at = text_offset(text, last.end_lineno or last.lineno, last.end_col_offset or 0)
            args: list[ast.expr | ast.keyword] = [
                *call.args,
                *(k for k in call.keywords if k is not kw),
            ]
            before = [a for a in args if (a.lineno, a.col_offset) < (kw.lineno, kw.col_offset)]
            rows = text.split("\n")
            own_line = rows[kw.lineno - 1].strip().startswith("sample_weight") and all(
                a.lineno != kw.lineno for a in args
            )
            if own_line:  # the argument's whole line, its comment with it
                cut = text_offset(text, kw.lineno, 0)
                end = text_offset(text, kw.lineno + 1, 0) if kw.lineno < len(rows) else len(text)
            elif before:  # from the end of the argument before it
                prev = max(before, key=lambda a: (a.end_lineno or 0, a.end_col_offset or 0))
                cut = text_offset(text, prev.end_lineno or prev.lineno, prev.end_col_offset or 0)
                end = text_offset(text, kw.end_lineno or kw.lineno, kw.end_col_offset or 0)
            else:
                cut = text_offset(text, kw.lineno, kw.col_offset)
                after = [a for a in args if a is not kw]
                nxt = min(after, key=lambda a: (a.lineno, a.col_offset)) if after else None
                end = (
                    text_offset(text, nxt.lineno, nxt.col_offset)
                    if nxt is not None
                    else text_offset(text, kw.end_lineno or kw.lineno, kw.end_col_offset or 0)
                )
            new = apply_edits(text, [(at, at, f", {weights}"), (cut, end, "")])
            return ctx.fix(
                "data.dataset-sample-weight",
                f"give the weights inside the dataset: `({segment(text, pair)[1:-1]}, "
                f"{weights})` at line {stmt.lineno}, not `sample_weight=` to `fit`",
                new,
                SAFE,
                [
                    ctx.message.splitlines()[0][:160],
                    f"line {stmt.lineno} makes `{x.id}` from `{segment(text, pair)}`",
                ],
            )
    return []


RULES = [
    Rule(
        "data.dataset-sample-weight",
        "data",
        "sample weights passed to fit beside a dataset: made part of the dataset",
        _weights_into_dataset,
    ),
]
