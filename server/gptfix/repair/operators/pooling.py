"""Edit operator for an encoder-decoder whose input size the poolings do not divide.

Bridges "A `Concatenate` layer requires inputs with matching shapes ... Received:
input_shape=[(None, 104, 144, 256), (None, 105, 145, 128)]" (a U-Net's skip connection one
pixel off: a pooling floored an odd size and the upsampling doubled it back short) and the
program model: the model's ``Input`` whose spatial sizes the script writes as numbers (a
literal or the constant/config value it is read from) and the poolings the script
applies. Each size that ``2 ** poolings`` does not divide is rounded down to a multiple of
it where it is written (420 x 580 with four poolings -> 416 x 576), so every skip
connection meets a map of its own size.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, RuleContext
from gptfix.repair.rules.text import Patch, call_name, calls

_SHAPES = re.compile(r"\(None((?:, \d+)+)\)")
_POOLS = {"MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D", "MaxPooling3D"}


def _off_by_one(message: str) -> bool:
    """Two merged maps whose spatial sizes differ by at most one pixel, somewhere by one."""
    if "Concatenate" not in message and "Add" not in message:
        return False
    shapes = [[int(d) for d in m.group(1).split(",")[1:]] for m in _SHAPES.finditer(message)]
    if len(shapes) < 2 or len({len(s) for s in shapes}) != 1 or len(shapes[0]) < 3:
        return False
    a, b = shapes[0][:-1], shapes[1][:-1]
    gaps = [abs(x - y) for x, y in zip(a, b, strict=True)]
    return max(gaps) == 1


def pool_multiple(ctx: RuleContext) -> list[Fix]:
    """``Input((420, 580, 1))`` under four poolings: ``416`` and ``576`` where written."""
    if not _off_by_one(ctx.message):
        return []
    pools = sum(1 for c in calls(ctx.src) if call_name(c) in _POOLS)
    if pools == 0:
        return []
    step = 2**pools
    for inp in ctx.index.keras.inputs:
        call = ctx.src.call_at(inp.call) if inp.call is not None else None
        shape = None
        if call is not None:
            shape = call.args[0] if call.args else None
            shape = next((k.value for k in call.keywords if k.arg == "shape"), shape)
        if not isinstance(shape, ast.Tuple | ast.List) or len(shape.elts) < 3:
            continue
        patch, edits, seen = Patch(ctx.src.text), [], set()
        for elt in shape.elts[:-1]:  # the spatial sizes (channels last)
            found = ctx.defined_int(elt)
            if found is None or found.span is None or not isinstance(found.number, int):
                break
            size = found.number
            if size % step == 0 or (found.span.line, found.span.col) in seen:
                continue
            seen.add((found.span.line, found.span.col))
            new = size // step * step
            if new == 0:
                break
            s, e = ctx.src.range(found.span)
            patch.replace(s, e, str(new))
            edits.append(f"line {found.line}: {ctx.src.segment(elt)} {size} -> {new}")
        else:
            if not edits:
                continue
            return ctx.fix(
                "ops.pool-multiple",
                f"make the input size a multiple of {step} ({'; '.join(edits)})",
                patch.apply(),
                UNSAFE,
                [
                    "the merged maps differ by one pixel: a pooling halved an odd size",
                    f"the script pools {pools} times: sizes must be multiples of {step}",
                    *edits,
                ],
            )
    return []
