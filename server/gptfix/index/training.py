"""Bridges the training calls and their settings: ``compile()``, ``fit()``, the batch size.

:func:`compile_and_fit` records the calls with their arguments; :func:`batch_sizes`
finds every batch size's source of truth, the training one first. It starts at
``fit(batch_size=...)`` and the ``.batch(...)``/``batch_size=`` of the input pipelines and
follows each back with :class:`gptfix.index.origins.Origins` (assignments, function
parameters, configuration values) to a configuration value (``CFG.batch_size``) or a
literal.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from gptfix.index.facts import BatchSizeSource, CompileFact, FitFact
from gptfix.index.imports import dotted

_FIT_HINTS = {"epochs", "callbacks", "validation_data", "steps_per_epoch", "batch_size"}
_MODEL_KINDS = {"model", "compiled-model", "backbone"}
_BATCH_NAME = re.compile(r"(?i)^(batch|batch_?size|bs|global_batch_size|train_batch_size)$")

if TYPE_CHECKING:
    from gptfix.index.keras import KerasPass


def compile_and_fit(kp: KerasPass) -> None:
    """The ``compile()`` and ``fit()`` calls on model objects (not ``re.compile``)."""
    kinds = {b.name: b.value_kind for b in kp.w.bindings}
    imported = {n.local for n in kp.w.imported}
    for call, sid in kp.w.calls:
        f = call.func
        if not isinstance(f, ast.Attribute) or f.attr not in (
            "compile",
            "fit",
            "fit_generator",
        ):
            continue
        recv = dotted(f.value) or kp.src(f.value)
        if recv.split(".")[0] in imported:
            continue  # re.compile, sklearn.fit on a module...
        kw = {k.arg: kp.src(k.value) for k in call.keywords if k.arg}
        if f.attr == "compile":
            pos = [kp.src(x) for x in call.args]
            kp.facts.compile.append(
                CompileFact(
                    recv,
                    call.lineno,
                    kw.get("optimizer", pos[0] if pos else None),
                    kw.get("loss", pos[1] if len(pos) > 1 else None),
                    kw.get("metrics", pos[2] if len(pos) > 2 else None),
                    kp.call_fact(call, sid),
                    kw,
                )
            )
            continue
        compiled = {c.model for c in kp.facts.compile}
        if not (recv in compiled or kinds.get(recv) in _MODEL_KINDS or _FIT_HINTS & kw.keys()):
            continue
        data = kp.src(call.args[0]) if call.args else kw.get("x")
        kp.facts.fit.append(
            FitFact(
                recv,
                f.attr,
                call.lineno,
                data,
                kw.get("batch_size"),
                kw.get("epochs"),
                kw,
                kp.call_fact(call, sid),
            )  # fmt: skip
        )


def batch_sizes(kp: KerasPass) -> list[BatchSizeSource]:
    """Every batch size the script sets, at its source of truth, the training one first
    (see :attr:`gptfix.index.facts.KerasFacts.batch_sizes`)."""
    found: list[tuple[ast.expr, int, int, str]] = []
    for fit in kp.facts.fit:
        for call, sid in kp.w.calls:
            if call.lineno == fit.line and isinstance(call.func, ast.Attribute):
                node = kp.arg(call, 99, "batch_size")
                if node is not None:
                    found.append((node, sid, fit.line, "fit"))
    candidates: list[tuple[ast.expr, int, int, str]] = []
    for call, sid in kp.w.calls:
        f = call.func
        if isinstance(f, ast.Attribute) and f.attr in ("batch", "padded_batch") and call.args:
            candidates.append(
                (kp.arg(call, 0, "batch_size") or call.args[0], sid, call.lineno, "dataset")
            )
        elif isinstance(f, ast.Name) and kp.w.func_returns.get(f.id) == "generator":
            # a Python generator function: its batch_size-like parameter sets the batch
            node = _generator_batch_arg(kp, call, f.id)
            if node is not None:
                candidates.append((node, sid, call.lineno, "generator"))
        elif not (isinstance(f, ast.Name) and f.id in kp.w.functions):
            # a user function's batch_size parameter is followed from its own .batch() call
            node = kp.arg(call, 99, "batch_size")
            if node is not None and not any(node is n for n, *_ in found):
                q = kp.qual(f, sid) or dotted(f) or ""
                via = "generator" if "flow" in q else "dataset"
                candidates.append((node, sid, call.lineno, via))
    found += sorted(candidates, key=lambda c: (_rank(kp, c[1], c[2]), c[2]))
    out: list[BatchSizeSource] = []
    seen: set[tuple[str, int]] = set()
    for node, sid, line, via in found:
        o = kp.origins.of(node, sid, line)
        key = (o.expr, o.line)
        if key not in seen:
            seen.add(key)
            out.append(BatchSizeSource(o.expr, o.value, o.line, line, via, o.chain, o.span))
    for attr in kp.config:  # named like a batch size, read by no batching call seen
        if _BATCH_NAME.match(attr.name) and (attr.expr, attr.line) not in seen:
            seen.add((attr.expr, attr.line))
            out.append(
                BatchSizeSource(attr.expr, attr.value, attr.line, attr.line, "config",
                                [attr.line], attr.span)
            )  # fmt: skip
    return out


def _generator_batch_arg(kp: KerasPass, call: ast.Call, name: str) -> ast.expr | None:
    fn, _ = kp.w.functions[name]
    params = [p.arg for p in [*fn.args.posonlyargs, *fn.args.args]]
    for i, param in enumerate(params):
        if param in ("batch_size", "bs", "batch"):
            return kp.arg(call, i, param)
    return None


def _rank(kp: KerasPass, sid: int, line: int) -> int:
    """How surely a batching call feeds the training data: 0 (the data ``fit`` gets) .. 4
    (a validation/test pipeline)."""
    data = kp.facts.fit[0].data if kp.facts.fit else None
    producer = None
    if data and data.isidentifier():
        for a in kp.w.assignments:
            if data in a.targets and isinstance(a.value, ast.Call):
                producer = dotted(a.value.func)
    names = [t for a in kp.w.assignments if a.scope == sid and a.line <= line <= a.end_line
             for t in a.targets]  # fmt: skip
    scope = kp.w.scopes[sid]
    if data and data in names:
        return 0
    if producer and scope.kind == "function" and scope.name == producer:
        return 1
    words = " ".join([*names, scope.name]).lower()
    if "train" in words:
        return 2
    if any(w in words for w in ("val", "test", "eval")):
        return 4
    return 3
