"""Checks on a proposed change (not a fix): does it address the request, does it run and fit.

Bridges an applied answer and the shared verifier. A change has no failure to make go
away, so it is verified in build+smoke mode: it parses, introduces no unbound name, builds
and compiles its model, trains a couple of steps (the one verifier, :func:`gptfix.verify.verify`),
and the memory forecast of the model as built (:func:`gptfix.repair.memory.forecast`) fits
the GPU when one is known. The request is kept honest from facts: the change must touch
the code the request names (the selection, or the model / data / training code the
script index locates), and a model request must change the model as built.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from gptfix.index import ScriptIndex, build_index
from gptfix.llm.change_context import model_lines, selection_lines
from gptfix.model import Fix, Script, Verification
from gptfix.repair.memory import Forecast, forecast
from gptfix.settings import Settings
from gptfix.verify import verify

#: What a request is about, by the words it uses: the part of the script it must change.
AREAS: dict[str, tuple[str, ...]] = {
    "model": (
        "model", "layer", "block", "backbone", "head", "attention", "transformer", "encoder",
        "pooling", "pool", "dropout", "dense", "conv", "ensemble", "squeeze", "excitation",
        "residual", "branch", "embedding", "activation", "normalization", "batchnorm",
        "efficientnet", "resnet", "mobilenet", "convnext", "vit", "unet", "lstm", "gru",
    ),
    "data": (
        "augment", "augmentation", "pipeline", "dataset", "shuffle", "resize", "preprocess",
        "flip", "crop", "rotation", "mixup", "cutmix", "prefetch", "cache",
    ),
    "training": (
        "optimizer", "learning rate", "lr", "schedule", "scheduler", "loss", "callback",
        "epoch", "epochs", "early stopping", "checkpoint", "metric", "mixed precision",
        "compile", "warmup", "weight decay", "distillation",
    ),
}  # fmt: skip


@dataclass
class ChangeCheck:
    """The verification of a change, the model it built and its memory forecast."""

    verification: Verification
    build: dict[str, Any] | None = None
    forecast: Forecast | None = None


def request_areas(request: str) -> set[str]:
    """The parts of a script a request names ("model", "data", "training")."""
    words = set(re.findall(r"[a-z]+", request.lower()))
    text = " ".join(re.findall(r"[a-z]+", request.lower()))
    found = set()
    for area, terms in AREAS.items():
        if any((t in text) if " " in t else (t in words or t + "s" in words) for t in terms):
            found.add(area)
    return found


def touched_lines(old: str, new: str) -> set[int]:
    """Lines of ``old`` (1-based) a change replaces or deletes, or inserts next to."""
    a, b = old.split("\n"), new.split("\n")
    out: set[int] = set()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "delete"):
            out.update(range(i1 + 1, i2 + 1))
        elif tag == "insert":
            out.update({i1, i1 + 1})
    return out


def area_lines(index: ScriptIndex, area: str) -> set[int]:
    """The lines of the script that belong to ``area``, from the script index."""
    k = index.keras
    if area == "model":
        return set(model_lines(index))
    spans: list[tuple[int, int]] = []
    kinds: tuple[str, ...]
    if area == "data":
        spans += [(a.line, a.end_line) for a in k.augmentations]
        kinds = ("dataset", "augmentation", "array", "dataframe")
    else:
        spans += [index.statement_at(c.line) for c in k.compile]
        spans += [index.statement_at(f.line) for f in k.fit]
        kinds = ("optimizer", "loss", "metric", "callback", "compiled-model", "history")
    for b in index.bindings:
        if b.value_kind in kinds:
            spans.append(index.statement_at(b.stmt_line or b.line))
    return {n for a, b in spans for n in range(a, b + 1)}


def not_addressed(
    request: str, old: str, new: str, *, line: int | None = None, end_line: int | None = None
) -> str | None:
    """Why a change does not address the request, or None when it touches what it names."""
    touched = touched_lines(old, new)
    if not touched:
        return "the answer changes nothing"
    index = build_index(old)
    if line is not None:
        region = set(selection_lines(index, line, end_line))
        region |= {min(region) - 1, max(region) + 1} if region else set()
        if not touched & region:
            return f"the change does not touch the selected code (lines {min(region) + 1}-{max(region) - 1})"
        return None
    areas = request_areas(request)
    if not areas:
        return None
    for area in sorted(areas):
        lines = area_lines(index, area)
        if not lines or touched & lines:
            return None
    named = " / ".join(sorted(areas))
    where = ", ".join(str(n) for n in sorted(touched)[:5])
    return f"the request is about the {named} code, but the change only touches line(s) {where}"


def same_model(before: dict[str, Any] | None, after: dict[str, Any] | None) -> bool:
    """Whether two build summaries hold the same trained model (layers and parameters)."""

    def shape(build: dict[str, Any] | None) -> Any:
        models = (build or {}).get("models") or []
        if not models or not isinstance(models[0], dict):
            return None
        main = models[0]
        layers = [(lay.get("class"), lay.get("params")) for lay in main.get("layers") or []]
        return main.get("params"), layers

    a, b = shape(before), shape(after)
    return a is not None and a == b


def verify_change(
    script: Script,
    fix: Fix,
    settings: Settings,
    *,
    gpu_memory_gib: float | None = None,
) -> ChangeCheck:
    """Parse, names, screen, build (and the forecast against the GPU), smoke run.

    Runs the one verifier with no failure to cure (it sets ``fix.verification``); the
    forecast is kept for the report.
    """
    verification = verify(
        script, fix, against=None, settings=settings, gpu_memory_gib=gpu_memory_gib
    )
    check = ChangeCheck(verification, verification.build)
    if check.build:
        check.forecast = forecast(check.build, gpu_memory_gib=gpu_memory_gib, detect_gpu=False)
    return check
