"""Failures a smoke run does not reach but its value trace already shows.

Bridges a smoke run that succeeded (two steps of data) and the repair loop: when the
trace shows that the largest id of an integer array fed to ``fit`` equals the
``input_dim`` of an ``Embedding`` (ids counted from 1 while the layer allows 0..n-1),
the full run will fail on the first batch that holds that id (or, compiled with XLA,
silently read a clamped row). :func:`latent_failure` states it as the failure the full
run gives, located on the Embedding, so the operators can fix it and the loop can check
that the patched run's trace no longer shows it.
"""

from __future__ import annotations

import ast

from gptfix.index import build_index
from gptfix.model import Failure, Location, Script
from gptfix.values import ValueTrace

_FEEDS = ("fit", "train_on_batch", "evaluate")


def _callee(node: ast.expr) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else None


def _int(node: ast.expr | None, trace: ValueTrace, path: str, line: int) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.Name):
        hits = [f.value for n, f in trace.of(node.id, path) if n < line and f.value is not None]
        return hits[-1] if hits else None
    return None


def _fed_arrays(tree: ast.Module) -> list[tuple[str, int]]:
    """(array name, line of the call) for the inputs given to fit/evaluate."""
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _FEEDS
        ):
            continue
        x = next((k.value for k in node.keywords if k.arg == "x"), None)
        x = x if x is not None else (node.args[0] if node.args else None)
        elts = x.elts if isinstance(x, ast.List | ast.Tuple) else [x] if x is not None else []
        out += [(e.id, node.lineno) for e in elts if isinstance(e, ast.Name)]
    return out


def latent_failure(script: Script, trace: ValueTrace | None) -> Failure | None:
    """The out-of-range failure the trace of a successful smoke run predicts, or None."""
    if trace is None:
        return None
    index = build_index(script.text, str(script.path))
    tree = index.tree
    if tree is None:
        return None
    path = str(script.path)
    arrays: list[tuple[str, int]] = []
    for name, line in _fed_arrays(tree):
        facts = [f for n, f in trace.of(name, path) if n < line and f.max is not None]
        if facts and facts[-1].max is not None:
            arrays.append((name, facts[-1].max))
    if not arrays:
        return None
    found: list[tuple[int, str, int]] = []  # (size, array, Embedding line)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _callee(node.func) == "Embedding"):
            continue
        arg = next((k.value for k in node.keywords if k.arg == "input_dim"), None)
        arg = arg if arg is not None else (node.args[0] if node.args else None)
        size = _int(arg, trace, path, node.lineno)
        found += [
            (size, name, node.lineno) for name, top in arrays if size is not None and top == size
        ]
    if not found:
        return None
    size, name, line = min(found, key=lambda f: f[2])
    return Failure(
        "InvalidArgumentError",
        f"indices[0] = {size} is not in [0, {size}) (the largest id of `{name}` is {size}, "
        f"the Embedding at line {line} allows 0..{size - 1}; the smoke run's batches did not "
        "reach it, the full run will)",
        location=Location(path, line, 1),
        kind="shape",
        facts={"latent_sizes": sorted({f[0] for f in found})},
        trace=trace,
    )


__all__ = ["latent_failure"]
