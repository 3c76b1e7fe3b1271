"""Rules for running out of (GPU) memory.

Bridges an out-of-memory failure (``ResourceExhaustedError``, "OOM when allocating",
"CUDA out of memory") and the program model's batch sizes at their source of truth
(:attr:`gptfix.index.facts.KerasFacts.batch_sizes`: the ``batch_size=`` of ``fit``/data
loaders or the ``.batch(n)`` of a tf.data pipeline, followed back to a constant, a
config-class attribute, a config dict entry or an argparse default), halved there. The
second remedy enables mixed precision (unless the script sets a dtype policy already)
and keeps the model's output layers in float32.
"""

from __future__ import annotations

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import (
    Patch,
    Source,
    end_key,
    insert_after_imports,
)

_OOM_MARKERS = (
    "ResourceExhausted",
    "OOM when allocating",
    "out of memory",
    "OUT_OF_MEMORY",
    "Out of memory",
)


def is_oom(ctx: RuleContext) -> bool:
    return (
        ctx.failure.kind == "oom"
        or ctx.is_type("ResourceExhaustedError", "OutOfMemoryError")
        or any(m in ctx.message for m in _OOM_MARKERS)
    )


def _halve_batch(ctx: RuleContext) -> list[Fix]:
    if not is_oom(ctx):
        return []
    patch = Patch(ctx.src.text)
    changed = []
    for source in ctx.index.keras.batch_sizes:
        value = source.number
        if value is None or value < 2 or source.span is None:
            continue
        s, e = ctx.src.range(source.span)
        patch.replace(s, e, str(value // 2))
        changed.append(f"line {source.line}: batch size {value} -> {value // 2}")
    if not changed:
        fits = [f.call for f in ctx.index.keras.fit if f.method == "fit" and f.batch_size is None]
        call = ctx.src.call_at(fits[0]) if fits and fits[0] else None
        last = max([*call.args, *call.keywords], key=end_key, default=None) if call else None
        if last is None:
            return []
        patch.insert(ctx.src.span(last)[1], ", batch_size=16")
        changed.append("fit used the default batch size 32 -> 16")
    return ctx.fix(
        "oom.halve-batch",
        "halve the batch size at its source of truth",
        patch.apply(),
        UNSAFE,
        [f"{ctx.failure.type}: out of memory", *changed],
    )


def _mixed_precision(ctx: RuleContext) -> list[Fix]:
    if not is_oom(ctx):
        return []
    facts = ctx.index.keras
    setter = ctx.index.spell("keras.mixed_precision.set_global_policy")
    if setter is None or facts.policies:
        return []
    patch = Patch(ctx.src.text)
    for layer in facts.output_layers:
        if "dtype" in layer.kwargs or not (layer.args or layer.kwargs):
            continue
        call = ctx.src.call_at(layer)
        if call is not None:
            end = ctx.src.span(max([*call.args, *call.keywords], key=end_key))[1]
            patch.insert(end, ', dtype="float32"')
    src2 = Source.parse(patch.apply())
    if src2 is None:
        return []
    new_text = insert_after_imports(src2, f'{setter}("mixed_float16")')
    return ctx.fix(
        "oom.mixed-precision",
        "enable mixed precision (float16 activations, float32 output layer)",
        new_text,
        UNSAFE,
        [f"{ctx.failure.type}: out of memory", "float16 activations halve activation memory"],
    )


RULES = [
    Rule(
        "oom.halve-batch",
        "oom",
        "out of memory: halve the batch size where it is defined",
        _halve_batch,
    ),
    Rule(
        "oom.mixed-precision",
        "oom",
        "out of memory: mixed precision with a float32 output layer",
        _mixed_precision,
    ),
]
