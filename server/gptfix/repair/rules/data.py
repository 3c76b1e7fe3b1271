"""Rules for data whose shape does not match what the model declares.

Bridges Keras' input checks ("Input 0 with name 'image' of layer 'm' ... expected
shape=(None, 224, 224, 3), found shape=(8, 64, 64, 3)") and the script: the ``Input``
the message names is declared with the shape of the data actually arriving; data that
arrives without its batch dimension (a ``tf.data`` pipeline that never calls
``.batch``) gets ``.batch(<the script's batch size>)`` in its pipeline, or
``.padded_batch(...)`` when the failing frame's locals show an element of varying length
(``TensorSpec(shape=(None,), ...)``: sequences of ids); one that batches elements of
different lengths gets ``.padded_batch`` for its ``.batch``. When the shape is
written with a named value (``N_FEATURES = 10``, ``cfg["feat"]``), that definition is
changed first, so the script's source of truth stays true.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.consts import evaluate, expression_for
from gptfix.repair.rules.text import Patch, arg_or_kw, call_name, calls, dotted, kwvalue

_DATA_METHODS = ("fit", "evaluate", "predict")
_DATASET_MAKERS = re.compile(
    r"Dataset\.(from_tensor_slices|from_tensors|from_generator|range|zip)|TFRecordDataset|list_files"
)
_BATCHED = re.compile(
    r"\.(batch|padded_batch|bucket_by_sequence_length|ragged_batch)\(|_dataset_from_directory|flow_from"
)

#: an element spec with an axis of unknown length: the elements differ in length
_VARYING = re.compile(r"shape=\([^()]*None")


def _dims(text: str) -> list[int | None]:
    return [None if p.strip() == "None" else int(p) for p in text.split(",") if p.strip()]


def _declared_input(
    ctx: RuleContext, name: str, expected: tuple[int | None, ...]
) -> ast.expr | None:
    """The shape node of the Input named ``name`` (or declared as ``expected``)."""
    inputs = [c for c in calls(ctx.src) if call_name(c) in ("Input", "InputLayer")]
    for c in inputs:
        nm = kwvalue(c, "name")
        if isinstance(nm, ast.Constant) and nm.value == name:
            return arg_or_kw(c, 0, "shape")
    for c in inputs:
        node = arg_or_kw(c, 0, "shape")
        value = evaluate(ctx.src, node)
        if isinstance(value, list | tuple) and tuple(value) == expected:
            return node
    for c in calls(ctx.src):  # Keras-2 style: input_shape= on the first layer
        node = kwvalue(c, "input_shape")
        value = evaluate(ctx.src, node)
        if isinstance(value, list | tuple) and tuple(value) == expected:
            return node
    shaped = [arg_or_kw(c, 0, "shape") for c in inputs]
    if len(shaped) == 1 and isinstance(shaped[0], ast.Tuple | ast.List):
        if len(shaped[0].elts) == len(expected):  # the script's only Input is the one
            return shaped[0]
    return None


def _input_vs_data(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"Input \d+ with name '(\w+)' of layer '[\w-]+' is incompatible with the layer: "
        r"expected shape=\(([^)]*)\), found shape=\(([^)]*)\)"
    )
    if not m:
        return []
    name, expected, found = m.group(1), _dims(m.group(2)), _dims(m.group(3))
    if tuple(found) == tuple(expected[1:]):
        return []  # the batch dimension is missing: see the unbatched-dataset rule
    if list(found[1:]) + [1] == list(expected[1:]):
        return _add_channel_axis(ctx, name, tuple(expected), tuple(found))
    want = tuple(found[1:])
    if None in want or not want:
        return []
    node = _declared_input(ctx, name, tuple(expected[1:]))
    if node is None or _another_inputs_shape(ctx, node, want):
        return []
    fixes = _fix_the_source(ctx, node, name, tuple(expected[1:]), want)
    s, e = ctx.src.span(node)
    spelled = _spelled_from_config(ctx, want) or repr(want)
    return fixes + ctx.fix(
        "data.input-shape",
        f"declare input '{name}' with the data's shape {want}",
        Patch(ctx.src.text).replace(s, e, spelled).apply(),
        UNSAFE,
        [
            f"input '{name}' is declared as {tuple(expected[1:])}; the data arriving is {tuple(found)}"
        ],
    )


def _another_inputs_shape(ctx: RuleContext, node: ast.expr, want: tuple[int | None, ...]) -> bool:
    """Whether another declared input has the shape of the data arriving here: then the
    arrays are passed in the wrong order (io.input-order), the model is right."""
    for c in calls(ctx.src):
        if call_name(c) in ("Input", "InputLayer"):
            other = arg_or_kw(c, 0, "shape")
            if other is not node and other is not None:
                value = evaluate(ctx.src, other)
                if isinstance(value, list | tuple) and tuple(value) == want:
                    return True
    return False


def _fix_the_source(
    ctx: RuleContext,
    node: ast.expr,
    name: str,
    expected: tuple[int | None, ...],
    want: tuple[int | None, ...],
) -> list[Fix]:
    """Change the constants the declared shape is written with (``N_FEATURES = 10``), not
    the shape itself, so the script's source of truth stays true."""
    if not isinstance(node, ast.Tuple | ast.List) or len(node.elts) != len(want):
        return []
    patch = Patch(ctx.src.text)
    changed: list[str] = []
    for el, old, new in zip(node.elts, expected, want, strict=True):
        if old == new:
            continue
        lit = ctx.defined_int(el)
        if lit is None or lit.span is None or len(lit.chain) < 2 or new is None:
            return []
        s, e = ctx.src.range(lit.span)
        spelled = expression_for(ctx.src, new) or str(new)
        try:
            patch.replace(s, e, spelled)
        except ValueError:
            return []
        changed.append(f"`{ctx.src.segment(el)}` = {spelled}")
    if not changed:
        return []
    return ctx.fix(
        "data.input-shape",
        f"set {', '.join(changed)} where it is defined: input '{name}' then gets the data's shape {want}",
        patch.apply(),
        UNSAFE,
        [
            f"input '{name}' is declared as {expected}; the data arriving has {want} per sample",
            "the shape is written with a named value: changing it where it is defined keeps "
            "every other use consistent",
        ],
    )


def _add_channel_axis(
    ctx: RuleContext, name: str, expected: tuple[int | None, ...], found: tuple[int | None, ...]
) -> list[Fix]:
    """Images without their channel axis: add it where the data is handed to Keras."""
    patch = Patch(ctx.src.text)
    wrapped: list[str] = []
    for c in calls(ctx.src):
        if call_name(c) not in _DATA_METHODS:
            continue
        targets = [arg_or_kw(c, 0, "x")]
        vd = kwvalue(c, "validation_data")
        if isinstance(vd, ast.Tuple) and vd.elts:
            targets.append(vd.elts[0])
        for node in targets:
            if isinstance(node, ast.Name | ast.Attribute | ast.Subscript):
                s, e = ctx.src.span(node)
                seg = ctx.src.text[s:e]
                patch.replace(s, e, f"{seg}[..., None]")
                wrapped.append(seg)
    if not wrapped:
        return []
    return ctx.fix(
        "data.input-shape",
        f"add the channel axis to {', '.join(f'`{w}`' for w in dict.fromkeys(wrapped))} ([..., None])",
        patch.apply(),
        SAFE,
        [
            f"input '{name}' expects {expected}; the data is {found}: the channel axis of size 1 is missing"
        ],
    )


def _spelled_from_config(ctx: RuleContext, want: tuple[int | None, ...]) -> str | None:
    """``want`` written with a config value of the script (``(*CFG.image_size, 3)``)."""
    for node in ctx.src.walk():
        if not isinstance(node, ast.Attribute | ast.Name) or not isinstance(node.ctx, ast.Load):
            continue
        value = evaluate(ctx.src, node)
        if (
            not isinstance(value, list | tuple)
            or len(value) < 2
            or not all(isinstance(v, int) for v in value)
        ):
            continue
        text = dotted(node)
        if tuple(value) == want:
            return f"tuple({text})"
        if tuple(value) == want[:-1]:
            return f"(*{text}, {want[-1]})"
    return None


def _assignments(src_tree: ast.AST, name: str) -> list[ast.Assign]:
    return sorted(
        (
            n
            for n in ast.walk(src_tree)
            if isinstance(n, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)
        ),
        key=lambda n: n.lineno,
    )


def batch_size_expr(ctx: RuleContext) -> str:
    """How the script names its batch size (the program model's source of truth: a
    constant, a config attribute), else ``32``."""
    found = ctx.index.keras.batch_sizes
    return found[0].expr if found else "32"


def _unbatched(ctx: RuleContext) -> list[Fix]:
    if not ctx.is_type("ValueError", "InvalidArgumentError") or not re.search(
        r"shape|dimension|ndim", ctx.message
    ):
        return []
    fits = [
        c
        for c in ctx.nodes_on_user_lines(ast.Call)
        if isinstance(c, ast.Call) and call_name(c) in _DATA_METHODS
    ]
    if not fits:
        return []
    names: list[str] = []
    for c in fits:
        for node in (arg_or_kw(c, 0, "x"), kwvalue(c, "validation_data")):
            if isinstance(node, ast.Name) and node.id not in names:
                names.append(node.id)
    size = batch_size_expr(ctx)
    patch = Patch(ctx.src.text)
    fixed: list[str] = []
    ragged: list[str] = []
    local_vars = ctx.failure.facts.get("locals") or {}
    for name in names:
        chain = _assignments(ctx.src.tree, name)
        text = " ".join(ctx.src.segment(a.value) for a in chain)
        if not chain or not _DATASET_MAKERS.search(text) or _BATCHED.search(text):
            continue
        last = chain[-1].value
        prefetch = next(
            (
                n
                for n in ast.walk(last)
                if isinstance(n, ast.Call)
                and isinstance(n.func, ast.Attribute)
                and n.func.attr == "prefetch"
            ),
            None,
        )
        if prefetch is not None:
            assert isinstance(prefetch.func, ast.Attribute)
            at = ctx.src.span(prefetch.func.value)[1]
        else:
            at = ctx.src.span(last)[1]
        spec = str((local_vars.get(name) or {}).get("element_spec", ""))
        varying = bool(_VARYING.search(spec))
        patch.insert(at, f".{'padded_batch' if varying else 'batch'}({size})")
        fixed.append(name)
        if varying:
            ragged.append(f"`{name}` gives elements of varying length: {spec}")
    if not fixed:
        return []
    how = "padded_batch" if ragged else "batch"
    return ctx.fix(
        "data.unbatched-dataset",
        f"batch the dataset{'s' if len(fixed) > 1 else ''} {', '.join(fixed)} (.{how}({size}))",
        patch.apply(),
        SAFE,
        [
            f"`{n}` is a tf.data pipeline that never calls .batch(): samples arrive without a batch dimension"
            for n in fixed
        ]
        + ragged,
    )


_DIFFERENT_SHAPES = re.compile(
    r"Cannot batch tensors with different shapes in component (\d+)\. "
    r"First element had shape (\[[^\]]*\]) and element \d+ had shape (\[[^\]]*\])"
)


def _ragged_batch(ctx: RuleContext) -> list[Fix]:
    """``.batch(n)`` on elements of different lengths (the message shows two of them):
    ``.padded_batch(n)``, which pads each batch to its longest element."""
    m = _DIFFERENT_SHAPES.search(ctx.message)
    if m is None or m.group(2).count(",") != m.group(3).count(","):
        return []
    fits = [
        c
        for c in ctx.nodes_on_user_lines(ast.Call)
        if isinstance(c, ast.Call) and call_name(c) in _DATA_METHODS
    ]
    patch = Patch(ctx.src.text)
    fixed: list[str] = []
    for c in fits:
        for node in (arg_or_kw(c, 0, "x"), kwvalue(c, "validation_data")):
            if not isinstance(node, ast.Name) or node.id in fixed:
                continue
            for stmt in _assignments(ctx.src.tree, node.id):
                for call in ast.walk(stmt.value):
                    if not (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Attribute)
                        and call.func.attr == "batch"
                        and len(call.args) <= 1
                    ):
                        continue
                    end = ctx.src.span(call.func)[1]
                    patch.replace(end - len("batch"), end, "padded_batch")
                    fixed.append(node.id)
    if not fixed:
        return []
    return ctx.fix(
        "data.ragged-batch",
        f"pad each batch of {', '.join(f'`{n}`' for n in dict.fromkeys(fixed))} to its "
        "longest element (.padded_batch)",
        patch.apply(),
        SAFE,
        [
            f"elements of component {m.group(1)} differ in shape: {m.group(2)} and "
            f"{m.group(3)}; .batch() stacks only equal shapes",
        ],
    )


RULES = [
    Rule(
        "data.ragged-batch",
        "data",
        "a tf.data pipeline batching elements of different lengths: pad them",
        _ragged_batch,
    ),
    Rule(
        "data.unbatched-dataset",
        "data",
        "a tf.data pipeline fed to fit without .batch(): batch it",
        _unbatched,
    ),
    Rule(
        "data.input-shape",
        "data",
        "an Input declared with another shape than the data's: declare the data's",
        _input_vs_data,
    ),
]
