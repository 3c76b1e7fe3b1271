"""Rules for tensors of mismatched dtypes meeting in one op.

Bridges TensorFlow's "cannot compute Mul as input #1(zero-based) was expected to be a
int32 tensor but is a float tensor" (in graph mode: "Input 'y' of 'Mul' Op has type float32
that does not match type int32 of argument 'x'") and the expression on the failing line: the
integer operands of that op are cast to the floating type with ``tf.cast`` (the
script's own alias for TensorFlow), never the other way round, so no value is
truncated. Also: an integer tensor meeting a Python float ("Expected uint8 passed to
parameter 'y' of op 'Sub', got 127.5", often inside a ``tf.data`` map), and a float tensor
where an op needs integer indices (``tf.one_hot(y_true, k)`` in a custom loss: Keras
passes ``y_true`` as float32), cast to int32.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Applicability, Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, arg_or_kw, call_name, imported_names, replace_node

_TF_DTYPES = {"float": "float32", "double": "float64", "half": "float16", "bfloat16": "bfloat16"}


def _operands(node: ast.AST) -> list[ast.expr] | None:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.Call):
        if len(node.args) == 1 and isinstance(node.args[0], ast.List | ast.Tuple):
            return list(node.args[0].elts)
        if len(node.args) >= 2:
            return list(node.args[:2])
    return None


def _dtype_cast(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"cannot compute (\w+) as input #(\d+)\(zero-based\) was expected to be a (\w+) tensor but is a (\w+) tensor"
    )
    graph = ctx.search(
        r"Input '(\w+)' of '(\w+)' Op has type (\w+) that does not match type (\w+) of argument '(\w+)'"
    )
    if m:
        op, idx, expected, actual = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    elif graph and graph.group(1) in ("x", "y") and graph.group(5) in ("x", "y"):
        # graph mode (a custom layer's call while the model builds) names the arguments
        op, idx = graph.group(2), ("x", "y").index(graph.group(1))
        actual, expected = graph.group(3), graph.group(4)
    else:
        return []
    tf = next((k for k, v in imported_names(ctx.src).items() if v == "tensorflow"), None)
    if tf is None:
        return []
    exp_float = expected in _TF_DTYPES or expected.startswith("float")
    floating = actual if not exp_float else expected
    target = _TF_DTYPES.get(floating) or (floating if floating[5:].isdigit() else "float32")
    if not exp_float and not (actual in _TF_DTYPES or actual.startswith("float")):
        return []
    line_nodes = ctx.nodes_on_user_lines(ast.BinOp) + ctx.nodes_on_user_lines(ast.Call)
    for node in line_nodes:
        ops = _operands(node)
        if not ops or idx >= len(ops):
            continue
        if isinstance(node, ast.BinOp) and op.lower() not in _binop_names(node):
            continue
        to_cast = [ops[idx]] if exp_float else [o for i, o in enumerate(ops) if i != idx]
        entering = _cast_parameters(ctx, node, to_cast, tf, target)
        if entering is not None:
            return entering
        patch = Patch(ctx.src.text)
        names = []
        for o in to_cast:
            s, e = ctx.src.span(o)
            seg = ctx.src.text[s:e]
            patch.replace(s, e, f"{tf}.cast({seg}, {tf}.{target})")
            names.append(seg)
        return ctx.fix(
            "dtype.cast",
            f"cast {', '.join(f'`{n}`' for n in names)} to {target} before `{op}`",
            patch.apply(),
            SAFE,
            [
                f"`{op}` got {expected} and {actual} tensors",
                "casting the integer side to float keeps every value",
            ],
        )
    return []


def _cast_parameters(
    ctx: RuleContext, node: ast.AST, to_cast: list[ast.expr], tf: str, target: str
) -> list[Fix] | None:
    """An integer operand that is a parameter of the function the op is in (``gt`` of a
    metric ``iou(gt, pr)``): cast once where it enters, in that function and in every
    function of the script taking a parameter of that name at that place and doing
    arithmetic with it (the other losses and metrics fed the same labels)."""
    if len(to_cast) != 1 or not isinstance(to_cast[0], ast.Name):
        return None
    name = to_cast[0].id
    funcs = [
        f
        for f in ctx.src.walk()
        if isinstance(f, ast.FunctionDef)
        and f.lineno <= getattr(node, "lineno", 0) <= (f.end_lineno or f.lineno)
    ]
    if not funcs:
        return None
    home = max(funcs, key=lambda f: f.lineno)  # the innermost
    params = [a.arg for a in home.args.args]
    if name not in params:
        return None
    place = params.index(name)
    alike = [
        f
        for f in ctx.src.walk()
        if isinstance(f, ast.FunctionDef)
        and len(f.args.args) > place
        and f.args.args[place].arg == name
        and any(
            isinstance(b, ast.BinOp)
            and any(isinstance(o, ast.Name) and o.id == name for o in (b.left, b.right))
            for b in ast.walk(f)
        )
    ]
    patch = Patch(ctx.src.text)
    for f in alike:
        first = f.body[0]
        line = ctx.src.lines[first.lineno - 1]
        indent = line[: len(line) - len(line.lstrip())]
        patch.insert(
            ctx.src.at(first.lineno, 0), f"{indent}{name} = {tf}.cast({name}, {tf}.{target})\n"
        )
    where = ", ".join(f"`{f.name}`" for f in alike)
    return ctx.fix(
        "dtype.cast",
        f"cast `{name}` to {target} where it enters {where}",
        patch.apply(),
        SAFE,
        [
            f"`{name}` is an integer tensor given to {where} as a parameter",
            "casting it once where it enters covers every operation on it",
        ],
    )


def _binop_names(node: ast.BinOp) -> set[str]:
    return {
        ast.Add: {"addv2", "add"},
        ast.Sub: {"sub"},
        ast.Mult: {"mul"},
        ast.Div: {"realdiv", "truediv", "div"},
        ast.FloorDiv: {"floordiv"},
        ast.MatMult: {"matmul", "batchmatmulv2", "batchmatmulv3"},
        ast.Pow: {"pow"},
    }.get(type(node.op), set()) | {re.sub(r"\W", "", type(node.op).__name__.lower())}


_INT_DTYPES = ("uint8", "uint16", "int8", "int16", "int32", "int64")


def _float_constant(node: ast.AST) -> bool:
    if isinstance(node, ast.UnaryOp):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, float)


def _int_tensor_float_number(ctx: RuleContext) -> list[Fix]:
    """An integer tensor (uint8 pixels) meeting a Python float in arithmetic: cast the tensor.

    TensorFlow says "Expected uint8 passed to parameter 'y' of op 'Sub', got 127.5 of type
    'float'" or "`x` and `y` must have the same dtype, got tf.uint8 != tf.float32", often
    from a ``tf.data`` map function (autograph's "in user code:" frame is the failing line).
    """
    m = ctx.search(
        r"Expected (\w+) passed to parameter '\w+' of op '(\w+)', got [-\d.e+]+ of type 'float'"
    )
    same = ctx.search(r"`x` and `y` must have the same dtype, got tf\.(\w+) != tf\.(float\w*)")
    if m and m.group(1) in _INT_DTYPES:
        op, int_dtype = m.group(2).lower(), m.group(1)
    elif same and same.group(1) in _INT_DTYPES:
        op, int_dtype = "", same.group(1)
    else:
        return []
    for ln in ctx.user_lines:
        binops = [
            n
            for n in ctx.src.walk()
            if isinstance(n, ast.BinOp)
            and n.lineno <= ln <= (n.end_lineno or n.lineno)
            and (not op or op in _binop_names(n))
            and (_float_constant(n.left) != _float_constant(n.right))
        ]
        if not binops:
            continue
        binops.sort(key=lambda n: len(ctx.src.segment(n)))  # the innermost first
        node = binops[0]
        tensor = node.right if _float_constant(node.left) else node.left
        return _cast(
            ctx, "dtype.cast", tensor, "float32", "before the arithmetic with a float number",
            SAFE,
            [
                f"`{ctx.src.segment(tensor)}` is a {int_dtype} tensor and TensorFlow does not "
                "promote it to float",
                "casting the integer side to float keeps every value",
            ],
        )  # fmt: skip
    return []


def _cast(
    ctx: RuleContext,
    rule_id: str,
    node: ast.expr,
    dtype: str,
    where: str,
    applicability: Applicability,
    evidence: list[str],
) -> list[Fix]:
    """Wrap ``node`` in ``tf.cast(node, tf.<dtype>)``, spelled as the script imports it."""
    tf = ctx.index.spell("tensorflow")
    if tf is None:
        return []
    seg = ctx.src.segment(node)
    return ctx.fix(
        rule_id,
        f"cast `{seg}` to {dtype} {where}",
        replace_node(ctx.src, node, f"{tf}.cast({seg}, {tf}.{dtype})"),
        applicability,
        evidence,
    )


#: TensorFlow op -> (function name in the script, index and name of its integer argument).
_INDEX_OPS = {
    "OneHot": ("one_hot", 0, "indices"),
    "GatherV2": ("gather", 1, "indices"),
    "ResourceGather": ("gather", 1, "indices"),
    "GatherNd": ("gather_nd", 1, "indices"),
    "Bincount": ("bincount", 0, "arr"),
    "DenseBincount": ("bincount", 0, "arr"),
}


def _float_indices(ctx: RuleContext) -> list[Fix]:
    """A float tensor where an op needs integer indices (``tf.one_hot(y_true, k)`` in a
    custom loss: Keras hands ``y_true`` over as float32): cast it to int32."""
    allowed = ctx.search(
        r"(?:Value passed to parameter '(\w+)' has DataType|Value for attr '\w+' of) "
        r"(float\w*|half|double|bfloat16) (?:is )?not in (?:the )?list of allowed values: ([\w, ]+)"
    )
    if not allowed or not all(t.strip() in _INT_DTYPES for t in allowed.group(3).split(",")):
        return []
    node_op = ctx.search(r"\{\{node (\w+)\}\}")
    wanted = [v for k, v in _INDEX_OPS.items() if not node_op or node_op.group(1) == k]
    if allowed.group(1):
        wanted = [w for w in wanted if w[2] == allowed.group(1)] or wanted
    for call in ctx.nodes_on_user_lines(ast.Call):
        assert isinstance(call, ast.Call)
        name = call_name(call)
        spec = next((w for w in wanted if w[0] == name), None)
        if spec is None:
            continue
        arg = arg_or_kw(call, spec[1], spec[2])
        if arg is None:
            continue
        return _cast(
            ctx, "dtype.int-indices", arg, "int32", f"before `{name}`", UNSAFE,
            [
                f"`{name}` needs integer {spec[2]} but got {allowed.group(2)}",
                "Keras passes labels to a loss as floats; class ids cast back to int32 exactly",
            ],
        )  # fmt: skip
    return []


def _casts(ctx: RuleContext) -> list[Fix]:
    return _dtype_cast(ctx) or _int_tensor_float_number(ctx)


RULES = [
    Rule(
        "dtype.cast",
        "dtype",
        "an op mixing integer and float tensors (or an integer tensor and a float number): "
        "cast the integer operand to float",
        _casts,
    ),
    Rule(
        "dtype.int-indices",
        "dtype",
        "a float tensor given to an op that needs integer indices (one_hot, gather): cast it to int32",
        _float_indices,
    ),
]
