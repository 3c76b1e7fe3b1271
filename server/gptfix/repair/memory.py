"""The training-memory forecast behind ``gptfix check``.

Bridges the build-mode summary of a model (layers, output shapes, dtypes, parameter
counts, optimizer) and the GPU it will train on: weights, gradients, optimizer state,
and activations per sample (summed over layer output shapes, nested backbones
included) times the batch size and dtype size, compared with the GPU memory given or
found, with the remedies the OOM rules would apply.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from typing import Any

GIB = 1024**3
#: Optimizer -> state slots per trainable parameter.
OPTIMIZER_SLOTS = {
    "adam": 2,
    "adamw": 2,
    "nadam": 2,
    "adamax": 2,
    "lamb": 2,
    "lion": 1,
    "rmsprop": 1,
    "adagrad": 1,
    "adadelta": 2,
    "ftrl": 2,
    "sgd": 1,
}
_DTYPE_BYTES = {
    "float16": 2,
    "bfloat16": 2,
    "float32": 4,
    "float64": 8,
    "int32": 4,
    "int64": 8,
    "uint8": 1,
}
#: Activation memory of training relative to the forward activations (saved + gradients).
TRAINING_FACTOR = 2.0
#: Memory the framework itself takes on the GPU (CUDA context, cuDNN workspaces).
RUNTIME_OVERHEAD = int(0.5 * GIB)


@dataclass
class Forecast:
    """Estimated training memory in bytes, per part, and the verdict against a GPU."""

    model: str
    batch_size: int
    batch_size_source: str
    params: int
    trainable_params: int
    weights: int
    gradients: int
    optimizer_state: int
    optimizer: str | None
    activations_per_sample: int
    activations: int
    overhead: int
    total: int
    gpu_memory: int | None = None
    gpu_source: str | None = None
    fits: bool | None = None
    max_batch_size: int | None = None
    remedies: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _elements(shape: Any) -> int:
    if not isinstance(shape, list | tuple) or not shape:
        return 0
    if isinstance(shape[0], list | tuple):  # several outputs
        return sum(_elements(s) for s in shape)
    dims = [d for d in shape[1:] if d is not None]
    return math.prod(int(d) for d in dims) if dims else 0


def activations_per_sample(models: list[dict[str, Any]], main: dict[str, Any]) -> int:
    """Bytes of layer outputs per sample, including the layers of nested models."""
    by_name = {m.get("name"): m for m in models}
    total = 0
    seen: set[str] = set()

    def walk(model: dict[str, Any]) -> None:
        nonlocal total
        for layer in model.get("layers", []):
            nested = by_name.get(layer.get("name"))
            if nested is not None and nested is not model and layer.get("name") not in seen:
                seen.add(str(layer.get("name")))
                walk(nested)
                continue
            size = _DTYPE_BYTES.get(str(layer.get("dtype", "float32")), 4)
            total += _elements(layer.get("output_shape")) * size

    walk(main)
    return total


def find_gpu_memory() -> int | None:
    """Total memory of the first NVIDIA GPU here, in bytes (None when there is none)."""
    if shutil.which("nvidia-smi") is None:
        return None
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
        return int(float(out.strip().splitlines()[0]) * 1024 * 1024)
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


def forecast(
    build: dict[str, Any],
    *,
    batch_size: int | None = None,
    gpu_memory_gib: float | None = None,
    detect_gpu: bool = True,
) -> Forecast | None:
    """The forecast for the first (trained) model of a build summary; None without one."""
    models = [m for m in build.get("models") or [] if isinstance(m, dict)]
    if not models:
        return None
    main = models[0]
    fit = build.get("fit") or {}
    if batch_size is not None:
        batch, source = batch_size, "option"
    elif isinstance(fit.get("batch_size"), int):
        batch, source = int(fit["batch_size"]), str(fit.get("batch_size_source") or "script")
    else:
        batch, source = 32, "default"
    params = int(main.get("params") or 0)
    trainable = int(main.get("trainable_params") or 0)
    opt = (
        (main.get("compile") or {}).get("optimizer")
        if isinstance(main.get("compile"), dict)
        else None
    )
    slots = OPTIMIZER_SLOTS.get(str(opt or "").lower(), 2)
    weights, grads, state = params * 4, trainable * 4, trainable * 4 * slots
    per_sample = activations_per_sample(models, main)
    acts = int(per_sample * batch * TRAINING_FACTOR)
    total = weights + grads + state + acts + RUNTIME_OVERHEAD
    fc = Forecast(
        model=str(main.get("name", "model")),
        batch_size=batch,
        batch_size_source=source,
        params=params,
        trainable_params=trainable,
        weights=weights,
        gradients=grads,
        optimizer_state=state,
        optimizer=str(opt) if opt else None,
        activations_per_sample=per_sample,
        activations=acts,
        overhead=RUNTIME_OVERHEAD,
        total=total,
    )
    if gpu_memory_gib is not None:
        fc.gpu_memory, fc.gpu_source = int(gpu_memory_gib * GIB), "option"
    elif detect_gpu:
        found = find_gpu_memory()
        if found:
            fc.gpu_memory, fc.gpu_source = found, "nvidia-smi"
    if fc.gpu_memory:
        fixed = weights + grads + state + RUNTIME_OVERHEAD
        per_batch_item = per_sample * TRAINING_FACTOR
        budget = fc.gpu_memory * 0.9 - fixed
        fc.max_batch_size = int(budget // per_batch_item) if per_batch_item and budget > 0 else 0
        fc.fits = total <= fc.gpu_memory * 0.9
        if not fc.fits:
            fc.remedies = _remedies(fc)
    return fc


def _remedies(fc: Forecast) -> list[str]:
    out = []
    if fc.max_batch_size:
        half = max(1, fc.batch_size // 2)
        out.append(
            f"halve the batch size ({fc.batch_size} -> {half}) at its source; at most "
            f"{fc.max_batch_size} fits (rule oom.halve-batch)"
        )
    else:
        out.append("the weights and optimizer state alone do not fit: use a smaller model")
    out.append(
        "enable mixed precision with a float32 output layer: about half the activations (rule oom.mixed-precision)"
    )
    if fc.trainable_params and fc.trainable_params == fc.params:
        out.append("freeze the backbone (trainable=False): no gradients or optimizer state for it")
    out.append("use a smaller input size: activations scale with height x width")
    return out


def will_not_fit(fc: Forecast) -> str:
    """One line: the forecast against the GPU, and the largest batch that fits."""
    gpu = (fc.gpu_memory or 0) / GIB
    most = f"; at most batch size {fc.max_batch_size} fits" if fc.max_batch_size else ""
    return (
        f"it will not fit the GPU: training needs about {fc.total / GIB:.2f} GiB at batch size "
        f"{fc.batch_size} ({fc.params:,} params) against {gpu:.1f} GiB{most}"
    )
