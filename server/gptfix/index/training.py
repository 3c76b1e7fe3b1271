"""Bridges the training calls and their settings: ``compile()``, ``fit()``, the batch size.

:func:`compile_and_fit` records the calls with their arguments; :func:`batch_size_source`
finds the batch size's source of truth. It starts at ``fit(batch_size=...)`` or the first ``.batch(...)``/``batch_size=`` of the
input pipeline and follows names back through assignments, function parameters (to the
argument at the call site, preferring the training call) and defaults until it reaches
a configuration value (``CFG.batch_size``) or a literal.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from gptfix.index.facts import Assignment, BatchSizeSource, CompileFact, ConfigAttr, FitFact
from gptfix.index.imports import dotted

_FIT_HINTS = {"epochs", "callbacks", "validation_data", "steps_per_epoch", "batch_size"}
_MODEL_KINDS = {"model", "compiled-model", "backbone"}

if TYPE_CHECKING:
    from gptfix.index.keras import KerasPass


def compile_and_fit(kp: KerasPass) -> None:
    """The ``compile()`` and ``fit()`` calls on model objects (not ``re.compile``)."""
    kinds = {b.name: b.value_kind for b in kp.w.bindings}
    imported = {n.local for n in kp.w.imported}
    for call, _sid in kp.w.calls:
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
                    kw,
                )
            )
            continue
        compiled = {c.model for c in kp.facts.compile}
        if not (recv in compiled or kinds.get(recv) in _MODEL_KINDS or _FIT_HINTS & kw.keys()):
            continue
        data = kp.src(call.args[0]) if call.args else kw.get("x")
        kp.facts.fit.append(
            FitFact(recv, f.attr, call.lineno, data, kw.get("batch_size"), kw.get("epochs"), kw)
        )


def batch_size_source(kp: KerasPass) -> BatchSizeSource | None:
    for fit in kp.facts.fit:
        for call, sid in kp.w.calls:
            if call.lineno == fit.line and isinstance(call.func, ast.Attribute):
                node = kp.arg(call, 99, "batch_size")
                if node is not None:
                    return _trace(kp, node, sid, fit.line, "fit")
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
            if node is not None:
                q = kp.qual(f, sid) or dotted(f) or ""
                via = "generator" if "flow" in q else "dataset"
                candidates.append((node, sid, call.lineno, via))
    if not candidates:
        return None
    node, sid, line, via = min(candidates, key=lambda c: (_rank(kp, c[1], c[2]), c[2]))
    return _trace(kp, node, sid, line, via)


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


def _trace(kp: KerasPass, node: ast.expr, sid: int, used_at: int, via: str) -> BatchSizeSource:
    chain = [used_at]
    for _ in range(6):
        attr = _config_at(kp, node)
        if attr is not None:
            return BatchSizeSource(
                attr.expr, attr.value, attr.line, used_at, via, [*chain, attr.line]
            )
        if isinstance(node, ast.Name):
            nxt = _follow_name(kp, node.id, sid, node.lineno)
            if nxt is not None:
                node, sid = nxt
                chain.append(node.lineno)
                continue
        break
    value = kp.src(node)
    literal = isinstance(node, ast.Constant)
    return BatchSizeSource(value, value if literal else None, node.lineno, used_at, via, chain)


def _config_at(kp: KerasPass, node: ast.expr) -> ConfigAttr | None:
    for sub in ast.walk(node):
        if not hasattr(sub, "lineno"):
            continue
        line = getattr(sub, "lineno", 0)
        pos = (line, kp.lines.char_col(line, getattr(sub, "col_offset", 0)))
        for attr in kp.config:
            if pos in attr.uses:
                return attr
    return None


def _follow_name(kp: KerasPass, name: str, sid: int, line: int) -> tuple[ast.expr, int] | None:
    """The expression a name gets its value from: an assignment, or an argument at a call."""
    scope = kp.w.scopes[sid]
    latest: Assignment | None = None
    for a in kp.w.assignments:
        if a.scope == sid and name in a.targets and a.line <= line:
            latest = a
    if latest is not None and len(latest.targets) == 1:
        return latest.value, latest.scope
    if scope.kind == "function":
        fn, outer = kp.w.functions.get(scope.name, (None, 0))
        if fn is None:
            return None
        params = [p.arg for p in [*fn.args.posonlyargs, *fn.args.args]]
        calls = [
            (c, s) for c, s in kp.w.calls if isinstance(c.func, ast.Name) and c.func.id == fn.name
        ]
        calls.sort(key=lambda cs: "train" not in kp.src(cs[0]).lower())
        for call, csid in calls:
            for k in call.keywords:
                if k.arg == name:
                    return k.value, csid
            if name in params and params.index(name) < len(call.args):
                return call.args[params.index(name)], csid
        defaults = fn.args.defaults
        if name in params:
            idx = params.index(name) - (len(params) - len(defaults))
            if 0 <= idx < len(defaults):
                return defaults[idx], outer
    return None
