"""Edit operators for an input pipeline whose elements lost their shape.

Bridges the failure (a layer given a tensor of unknown rank: "Cannot take the length of
shape with unknown rank", ``shape=<unknown>``), the program model (the
``tf.py_function``/``tf.numpy_function`` call in a ``map`` function, the Python function
it wraps, followed through a parameter to the calls that pass it) and the value trace
(the arrays that function indexes one sample from) into an edit where the shape is lost:

- ``py-function-shapes``: each output of the wrapped function gets ``set_shape`` with the
  shape of what the Python function returns (``IMAGES[i]`` of ``IMAGES`` ``(256, 32, 32,
  3)`` is ``[32, 32, 3]``), right after the ``py_function`` call.
- ``generator-spec-shape``: a ``from_generator`` output signature that declares an element
  ``TensorSpec(shape=None)`` (unknown rank) gets the shape the generator yields there:
  ``A[i]`` of a traced ``A`` is ``A.shape[1:]``, a batch ``A[i:j]`` is ``(None, *A.shape[1:])``.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.data import _declared
from gptfix.repair.operators.edit import add_kwarg, insert_after, last_name, replace_node, segment
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext

_WRAPPERS = ("py_function", "numpy_function", "py_func")


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    return next(
        (n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name), None
    )


def _wrapped(
    tree: ast.Module, func: ast.expr, holder: ast.FunctionDef | None
) -> ast.FunctionDef | None:
    """The script's function ``func`` names, directly or through a parameter of
    ``holder`` that every call of ``holder`` passes the same function for."""
    if not isinstance(func, ast.Name):
        return None
    params = [a.arg for a in holder.args.args] if holder is not None else []
    if holder is None or func.id not in params:
        return _function(tree, func.id)
    at = params.index(func.id)
    passed = {
        c.args[at].id  # type: ignore[attr-defined]
        for c in ast.walk(tree)
        if isinstance(c, ast.Call)
        and isinstance(c.func, ast.Name)
        and c.func.id == holder.name
        and len(c.args) > at
        and isinstance(c.args[at], ast.Name)
    }
    return _function(tree, passed.pop()) if len(passed) == 1 else None


def _returned_shapes(ctx: RuleContext, fn: ast.FunctionDef) -> list[list[int | None]] | None:
    """The per-sample shape of each value ``fn`` returns: ``A[i]`` of a traced ``A``."""
    returns = [n.value for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None]
    if len(returns) != 1:
        return None
    elts = returns[0].elts if isinstance(returns[0], ast.Tuple) else [returns[0]]
    out: list[list[int | None]] = []
    for e in elts:
        if not (
            isinstance(e, ast.Subscript)
            and isinstance(e.value, ast.Name)
            and not isinstance(e.slice, ast.Slice | ast.Tuple)
        ):
            return None
        fact = ctx.traced(e.value.id)
        if fact is None or not fact.shape or fact.type == "KerasTensor":
            return None
        out.append(list(fact.shape[1:]))
    return out


def py_function_shapes(ctx: RuleContext) -> list[Fix]:
    """Outputs of a wrapped Python function, of unknown shape: set the shapes it returns."""
    tree = ctx.index.tree
    if tree is None or not ctx.search(r"unknown rank|shape=<unknown>|unknown TensorShape"):
        return []
    holders = {
        id(n): f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for n in ast.walk(f)
    }
    for stmt in ast.walk(tree):
        if not (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)):
            continue
        call = stmt.value
        if last_name(call.func) not in _WRAPPERS or not call.args:
            continue
        target = stmt.targets[0]
        names = target.elts if isinstance(target, ast.Tuple | ast.List) else [target]
        if not all(isinstance(n, ast.Name) for n in names):
            continue
        holder = holders.get(id(stmt))
        fn = _wrapped(tree, call.args[0], holder)
        shapes = _returned_shapes(ctx, fn) if fn is not None else None
        if fn is None or shapes is None or len(shapes) != len(names):
            continue
        text = ctx.script.text
        for n, shape in reversed(list(zip(names, shapes, strict=True))):
            text = insert_after(text, stmt, f"{n.id}.set_shape({shape})  # {fn.name} returns it")  # type: ignore[attr-defined]
        said = ", ".join(
            f"`{segment(ctx.script.text, n)}` {s}" for n, s in zip(names, shapes, strict=True)
        )
        return ctx.fix(
            "ops.py-function-shapes",
            f"set the shapes the wrapped `{fn.name}` returns after line {stmt.lineno}: {said}",
            text,
            SAFE,
            [
                f"line {stmt.lineno}: `{last_name(call.func)}` outputs have unknown shape",
                f"`{fn.name}` returns one sample of traced arrays: {shapes}",
                "the model was given a tensor of unknown rank",
            ],
        )
    return []


def _yielded_shape(ctx: RuleContext, e: ast.expr) -> tuple[int | None, ...] | None:
    """The shape of a yielded ``A[i]`` (one sample) or ``A[i:j]`` (a batch) of traced ``A``,
    or of a yielded name the run traced (what it held when yielded)."""
    if isinstance(e, ast.Name):
        held = ctx.traced(e.id, e.lineno)
        if held is None or held.shape is None or held.type == "KerasTensor":
            return None
        return tuple(held.shape)
    if not (isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name)):
        return None
    fact = ctx.traced(e.value.id)
    if fact is None or not fact.shape or fact.type == "KerasTensor":
        return None
    rest = tuple(fact.shape[1:])
    if isinstance(e.slice, ast.Slice):
        return (None, *rest)
    return None if isinstance(e.slice, ast.Tuple) else rest


def generator_spec_shape(ctx: RuleContext) -> list[Fix]:
    """``TensorSpec(shape=None)`` for what the generator yields as ``y[i:j]``: ``(None,)``."""
    tree = ctx.index.tree
    if tree is None or not ctx.search(r"unknown rank|shape=<unknown>|unknown TensorShape"):
        return []
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and last_name(call.func) == "from_generator"):
            continue
        sig = next((k.value for k in call.keywords if k.arg == "output_signature"), None)
        fn = (
            _function(tree, call.args[0].id)
            if call.args and isinstance(call.args[0], ast.Name)
            else None
        )
        if fn is None:
            continue
        yields = [n.value for n in ast.walk(fn) if isinstance(n, ast.Yield) and n.value is not None]
        if len(yields) != 1 or not isinstance(yields[0], ast.Tuple):
            continue
        elts = yields[0].elts
        kinds = {k.arg for k in call.keywords}
        if sig is None and "output_types" in kinds and "output_shapes" not in kinds:
            declared = _declare_shapes(ctx, call, fn, elts)
            if declared:
                return declared
            continue
        if not isinstance(sig, ast.Tuple) or len(elts) != len(sig.elts):
            continue
        text, said = ctx.script.text, []
        for spec, got in reversed(list(zip(sig.elts, elts, strict=True))):
            shape = next((k for k in getattr(spec, "keywords", []) if k.arg == "shape"), None)
            if shape is None or not (
                isinstance(shape.value, ast.Constant) and shape.value.value is None
            ):
                continue
            found = _yielded_shape(ctx, got)
            if found is None:
                continue
            written = (
                "(" + ", ".join(str(d) for d in found) + ("," if len(found) == 1 else "") + ")"
            )
            text = replace_node(text, shape.value, written)
            said.append(f"`{segment(ctx.script.text, got)}` is {written}")
        if not said:
            continue
        return ctx.fix(
            "ops.generator-spec-shape",
            f"declare the shapes the generator `{fn.name}` yields ({'; '.join(reversed(said))})",
            text,
            SAFE,
            [
                "the model was given a tensor of unknown rank",
                f"line {call.lineno}: the output signature declares `shape=None`",
                *[f"`{fn.name}` yields {x}" for x in reversed(said)],
            ],
        )
    return []


def _declare_shapes(
    ctx: RuleContext, call: ast.Call, fn: ast.FunctionDef, elts: list[ast.expr]
) -> list[Fix]:
    """``from_generator(gen, output_types=...)`` without shapes: ``output_shapes=`` of what
    the generator yields, each element's shape from the run's trace."""
    shapes = [_yielded_shape(ctx, e) for e in elts]
    tf = ctx.index.spell("tensorflow")
    if tf is None:
        return []
    if any(s is None for s in shapes):
        return _ranked_shapes(ctx, call, fn, elts, tf)
    written = [
        f"{tf}.TensorShape(({', '.join(str(d) for d in s or ())}{',' if len(s or ()) == 1 else ''}))"
        for s in shapes
    ]
    text = add_kwarg(ctx.script.text, call, "output_shapes", f"({', '.join(written)})")
    said = "; ".join(
        f"`{segment(ctx.script.text, e)}` {s}" for e, s in zip(elts, shapes, strict=True)
    )
    return ctx.fix(
        "ops.generator-spec-shape",
        f"declare the shapes the generator `{fn.name}` yields ({said})",
        text,
        SAFE,
        [
            "the model was given a tensor of unknown rank",
            f"line {call.lineno}: from_generator is given output_types but no shapes",
            f"`{fn.name}` yields {said}",
        ],
    )


def _ranked_shapes(
    ctx: RuleContext, call: ast.Call, fn: ast.FunctionDef, elts: list[ast.expr], tf: str
) -> list[Fix]:
    """No run saw what the generator yields (Keras reads the dataset's element spec before
    it yields anything): the inputs get the rank of the model's one declared input, sizes
    left open, and the labels a scalar, one value or a vector per sample -- three
    candidates, the run decides."""
    tree = ctx.index.tree
    declared = _declared(tree) if tree is not None else []
    if len(elts) != 2 or len(declared) != 1:
        return []
    rank = len(declared[0][1])
    x = f"{tf}.TensorShape(({', '.join(['None'] * rank)}{',' if rank == 1 else ''}))"
    fixes: list[Fix] = []
    # a scalar, a one-element vector (``np.array([label])``), any vector: the first the
    # generator's own values pass is kept (a sparse loss needs the static 1 of ``(1,)``)
    for label in ("()", "(1,)", "(None,)"):
        shapes = f"({x}, {tf}.TensorShape({label}))"
        fixes += ctx.fix(
            "ops.generator-spec-shape",
            f"declare the shapes the generator `{fn.name}` yields: inputs of rank {rank} "
            f"(the model's input), labels {label}",
            add_kwarg(ctx.script.text, call, "output_shapes", shapes),
            UNSAFE,
            [
                "the model was given a tensor of unknown rank",
                f"line {call.lineno}: from_generator is given output_types but no shapes",
                f"the model declares one input of rank {rank}; the labels' rank is tried",
            ],
        )
    return fixes
