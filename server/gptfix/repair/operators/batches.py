"""Edit operator on what a script's own batch source returns: several inputs as a list.

Bridges a failure at ``model.fit(gen, ...)`` where TensorFlow cannot describe a batch
(`output_signature` must contain ``tf.TypeSpec`` objects "but found <class 'list'>": the
data adapter behind ``fit`` reads a Python list inside a batch as a value, not as a
structure) and the script's own source of batches -- the ``__getitem__`` of the class the
fed value was built from (a ``keras.utils.Sequence`` / ``PyDataset``), or the generator
function it came from -- whose ``return`` / ``yield`` gives the inputs as a list
(``return [X1, X2], y``). Each such list becomes a tuple (``return (X1, X2), y``): the same
arrays, now a structure Keras maps onto the model's inputs in order.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import assignment_of, feed_calls, replace_node, segment, x_arg
from gptfix.repair.rules.base import SAFE, RuleContext

_MESSAGE = r"(?s)output_signature.*found <class 'list'>"


def _made_by(tree: ast.Module, name: str, line: int) -> ast.Call | None:
    """The call whose value ``name`` was last assigned before ``line``."""
    best = assignment_of(tree, name, line)
    return best.value if best is not None and isinstance(best.value, ast.Call) else None


def _source_function(tree: ast.Module, fed: ast.expr, line: int) -> ast.FunctionDef | None:
    """The function that gives the batches of ``fed``: a class's ``__getitem__`` or a
    generator function of the script."""
    call = fed if isinstance(fed, ast.Call) else None
    if isinstance(fed, ast.Name):
        call = _made_by(tree, fed.id, line)
    if call is None or not isinstance(call.func, ast.Name):
        return None
    callee = call.func.id
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == callee:
            return next(
                (
                    f
                    for f in node.body
                    if isinstance(f, ast.FunctionDef) and f.name == "__getitem__"
                ),
                None,
            )
        if isinstance(node, ast.FunctionDef) and node.name == callee:
            if any(isinstance(n, ast.Yield) for n in ast.walk(node)):
                return node
    return None


def _owner(tree: ast.Module, fn: ast.FunctionDef) -> str:
    cls = next((c for c in tree.body if isinstance(c, ast.ClassDef) and fn in c.body), None)
    return f"{cls.name}." if cls is not None else ""


def _listed_inputs(fn: ast.FunctionDef) -> list[ast.List]:
    """Lists given as a part of a returned / yielded batch: ``return [a, b], y``."""
    out = []
    for node in ast.walk(fn):
        value = node.value if isinstance(node, ast.Return | ast.Yield) else None
        if isinstance(value, ast.Tuple):
            out += [e for e in value.elts if isinstance(e, ast.List) and e.elts]
    return out


def tuple_inputs(ctx: RuleContext) -> list[Fix]:
    """``return [X1, X2], y`` in the fed batch source: ``return (X1, X2), y``."""
    tree = ctx.index.tree
    if tree is None or not ctx.user_lines or not ctx.search(_MESSAGE):
        return []
    line = ctx.user_lines[0]
    text = ctx.script.text
    for call in feed_calls(tree):
        if not call.lineno <= line <= (call.end_lineno or call.lineno):
            continue
        fed = x_arg(call)
        if fed is None:
            continue
        fn = _source_function(tree, fed, line)
        lists = _listed_inputs(fn) if fn is not None else []
        if fn is None or not lists:
            continue
        new = text
        for lst in sorted(lists, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            items = ", ".join(segment(text, e) for e in lst.elts)
            new = replace_node(new, lst, f"({items}{',' if len(lst.elts) == 1 else ''})")
        return ctx.fix(
            "ops.tuple-inputs",
            f"return the inputs of a batch as a tuple in `{fn.name}` (line {lists[0].lineno})",
            new,
            SAFE,
            [
                f"line {call.lineno} feeds `{segment(text, fed)}`, whose batches come from "
                f"`{_owner(tree, fn)}{fn.name}` (line {fn.lineno})",
                f"line {lists[0].lineno} gives the inputs as a list: {segment(text, lists[0])}",
                "TensorFlow describes a batch's structure with tuples; a list is not one",
            ],
        )
    return []
