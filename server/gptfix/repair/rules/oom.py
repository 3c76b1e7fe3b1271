"""Rules for running out of (GPU) memory.

Bridges an out-of-memory failure (``ResourceExhaustedError``, "OOM when allocating",
"CUDA out of memory") and the script's batch size at its source of truth: the
``batch_size=`` of ``fit``/data loaders or the ``.batch(n)`` of a tf.data pipeline,
followed back through a constant, a config-class attribute, a config dict entry or an
argparse default, and halved there. The second remedy enables mixed precision and
keeps the output layer in float32.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import (
    Patch,
    Source,
    call_name,
    calls,
    dotted,
    end_key,
    imported_names,
    insert_after_imports,
    keyword,
    literal,
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


_BATCH_NAME = re.compile(r"(?i)^(batch|batch_?size|bs|global_batch_size|train_batch_size)$")


def batch_size_uses(src: Source) -> list[ast.expr]:
    """Expressions that set a batch size: ``batch_size=`` arguments, ``.batch(n)``, and
    constants or config attributes named like a batch size."""
    out: list[ast.expr] = []
    for node in src.walk():
        if isinstance(node, ast.Name | ast.Attribute) and isinstance(node.ctx, ast.Load):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if _BATCH_NAME.match(name):
                out.append(node)
    for c in calls(src):
        kw = keyword(c, "batch_size")
        if kw is not None:
            out.append(kw.value)
        elif call_name(c) == "batch" and c.args and isinstance(c.func, ast.Attribute):
            out.append(c.args[0])
    return out


def source_of_truth(src: Source, node: ast.expr) -> ast.expr | None:
    """The integer literal a batch-size expression comes from (through names/config)."""
    if isinstance(literal(node), int) and not isinstance(literal(node), bool):
        return node
    if isinstance(node, ast.Name):
        return _assigned_int(src, lambda t: isinstance(t, ast.Name) and t.id == node.id)
    if isinstance(node, ast.Attribute):
        owner = dotted(node.value)
        attr = node.attr
        found = _assigned_int(
            src,
            lambda t: isinstance(t, ast.Attribute) and t.attr == attr and dotted(t.value) == owner,
        )
        if found is not None:
            return found
        for cls in src.walk():
            if isinstance(cls, ast.ClassDef) and cls.name == owner:
                for stmt in cls.body:
                    if isinstance(stmt, ast.Assign | ast.AnnAssign):
                        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                        if (
                            any(isinstance(t, ast.Name) and t.id == attr for t in targets)
                            and stmt.value is not None
                            and isinstance(literal(stmt.value), int)
                        ):
                            return stmt.value
        return _argparse_default(src, attr)
    if isinstance(node, ast.Subscript):
        key = literal(node.slice)
        for d in src.walk():
            if isinstance(d, ast.Dict):
                for k, v in zip(d.keys, d.values, strict=True):
                    if k is not None and literal(k) == key and isinstance(literal(v), int):
                        return v
    return None


def _assigned_int(src: Source, match) -> ast.expr | None:  # type: ignore[no-untyped-def]
    for node in src.walk():
        if isinstance(node, ast.Assign) and any(match(t) for t in node.targets):
            if isinstance(literal(node.value), int):
                return node.value
            return source_of_truth(src, node.value) if node.value is not None else None
    return None


def _argparse_default(src: Source, dest: str) -> ast.expr | None:
    for c in calls(src):
        if call_name(c) != "add_argument":
            continue
        flags = [literal(a) for a in c.args]
        names = {str(f).lstrip("-").replace("-", "_") for f in flags if isinstance(f, str)}
        dest_kw = keyword(c, "dest")
        if dest_kw is not None and isinstance(literal(dest_kw.value), str):
            names.add(str(literal(dest_kw.value)))
        default = keyword(c, "default")
        if dest in names and default is not None and isinstance(literal(default.value), int):
            return default.value
    return None


def _halve_batch(ctx: RuleContext) -> list[Fix]:
    if not is_oom(ctx):
        return []
    truths: dict[tuple[int, int], ast.expr] = {}
    for use in batch_size_uses(ctx.src):
        t = source_of_truth(ctx.src, use)
        if t is not None:
            truths[(t.lineno, t.col_offset)] = t
    patch = Patch(ctx.src.text)
    changed = []
    for t in truths.values():
        value = literal(t)
        if not isinstance(value, int) or value < 2:
            continue
        s, e = ctx.src.span(t)
        patch.replace(s, e, str(value // 2))
        changed.append(f"line {t.lineno}: batch size {value} -> {value // 2}")
    if not changed:
        fits = [
            c for c in calls(ctx.src) if call_name(c) == "fit" and keyword(c, "batch_size") is None
        ]
        if not fits:
            return []
        last = max(
            [*fits[0].args, *fits[0].keywords],
            key=end_key,
            default=None,
        )  # type: ignore[arg-type]
        if last is None:
            return []
        end = ctx.src.span(last)[1]
        patch.insert(end, ", batch_size=16")
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
    names = imported_names(ctx.src)
    keras = next((k for k, v in names.items() if v in ("keras", "tensorflow.keras")), None)
    if keras is None:
        tf = next((k for k, v in names.items() if v == "tensorflow"), None)
        keras = f"{tf}.keras" if tf else None
    if keras is None or "set_global_policy" in ctx.src.text:
        return []
    dense = [c for c in calls(ctx.src) if call_name(c) == "Dense"]
    patch = Patch(ctx.src.text)
    if dense and keyword(dense[-1], "dtype") is None:
        last = dense[-1]
        args = [*last.args, *last.keywords]
        if args:
            end = ctx.src.span(max(args, key=end_key))[1]
            patch.insert(end, ', dtype="float32"')
    src2 = Source.parse(patch.apply())
    if src2 is None:
        return []
    new_text = insert_after_imports(
        src2, f'{keras}.mixed_precision.set_global_policy("mixed_float16")'
    )
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
