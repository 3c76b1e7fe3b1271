"""Rules for tensors of mismatched dtypes meeting in one op.

Bridges TensorFlow's "cannot compute Mul as input #1(zero-based) was expected to be a
int32 tensor but is a float tensor" and the expression on the failing line: the
integer operands of that op are cast to the floating type with ``tf.cast`` (the
script's own alias for TensorFlow), never the other way round, so no value is
truncated.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, imported_names

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
    if not m:
        return []
    op, idx, expected, actual = m.group(1), int(m.group(2)), m.group(3), m.group(4)
    tf = next((k for k, v in imported_names(ctx.src).items() if v == "tensorflow"), None)
    if tf is None:
        return []
    exp_float = expected in _TF_DTYPES or expected.startswith("float")
    target = _TF_DTYPES.get(actual if not exp_float else expected, "float32")
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


def _object_arrays(ctx: RuleContext) -> list[Fix]:
    """NumPy object arrays (mixed types from a CSV) fed to Keras: convert them to float32."""
    if not ctx.search(
        r"Invalid dtype: object|Failed to convert a NumPy array to a Tensor|Unsupported object type"
    ):
        return []
    np_name = next((k for k, v in imported_names(ctx.src).items() if v == "numpy"), None)
    if np_name is None:
        return []
    patch = Patch(ctx.src.text)
    wrapped: list[str] = []
    for node in ctx.nodes_on_user_lines(ast.Call):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in ("fit", "evaluate", "predict", "train_on_batch"):
            continue
        args = list(node.args[:1])
        x_kw = next((k for k in node.keywords if k.arg == "x"), None)
        if x_kw is not None:
            args.append(x_kw.value)
        for arg in args:
            if isinstance(arg, ast.Name | ast.Attribute | ast.Subscript):
                s, e = ctx.src.span(arg)
                seg = ctx.src.text[s:e]
                patch.replace(s, e, f'{np_name}.asarray({seg}).astype("float32")')
                wrapped.append(seg)
        if wrapped:
            break
    if not wrapped:
        return []
    return ctx.fix(
        "dtype.object-array",
        f"convert {', '.join(f'`{w}`' for w in wrapped)} to a float32 array before training",
        patch.apply(),
        SAFE,
        [
            "the data is a NumPy array of Python objects (mixed types)",
            "Keras needs a numeric dtype",
        ],
    )


RULES = [
    Rule(
        "dtype.cast",
        "dtype",
        "an op mixing integer and float tensors: cast the integer operand to float",
        _dtype_cast,
    ),
    Rule(
        "dtype.object-array",
        "dtype",
        "an object-dtype NumPy array fed to Keras: convert it to float32",
        _object_arrays,
    ),
]
