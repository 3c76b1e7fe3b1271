"""Build-mode summaries inside the user's process: the Keras models a script built.

Bridges live Keras objects and the runner's ``build`` dict: each model's layers with
output shapes, dtypes, parameter counts and inbound layers, its inputs/outputs and
compile settings, and the batch size training would use. Reads attributes only; it
imports nothing the script did not import itself.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

import _gptfix_boot_facts as facts

#: marks the Keras Model classes the boot hook patched (and so which objects are models)
PATCHED = "_gptfix_patched"
MAX_MODELS = 8


def rows(x: Any) -> int | None:
    """Number of samples in array-like input (first array of a list/dict), if known."""
    if isinstance(x, dict):
        x = next(iter(x.values()), None)
    elif isinstance(x, (list, tuple)) and x and hasattr(x[0], "shape"):
        x = x[0]
    shape = getattr(x, "shape", None)
    if shape is None or hasattr(x, "element_spec"):
        return None
    try:
        return int(shape[0])
    except (TypeError, ValueError, IndexError):
        return None


def _shape(t: Any) -> list[int | None] | None:
    try:
        return [None if d is None else int(d) for d in tuple(t.shape)]
    except (TypeError, ValueError, AttributeError):
        return None


def _tensors(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, (list, tuple)):
        return list(value)
    return [] if value is None else [value]


def _layer_output(layer: Any) -> list[Any]:
    try:
        return _tensors(layer.output)
    except Exception:  # noqa: BLE001 - layers called several times have no single output
        nodes = getattr(layer, "_inbound_nodes", None) or []
        return _tensors(getattr(nodes[0], "outputs", None)) if nodes else []


def _inbound(layer: Any) -> list[str]:
    names: list[str] = []
    for node in getattr(layer, "_inbound_nodes", None) or []:
        try:
            parents = node.parent_nodes
        except Exception:  # noqa: BLE001
            continue
        for parent in parents:
            name = str(getattr(getattr(parent, "operation", None), "name", ""))
            if name and name not in names:
                names.append(name)
    return names


def _count(layer: Any) -> int:
    try:
        return int(layer.count_params()) if getattr(layer, "built", True) else 0
    except Exception:  # noqa: BLE001 - unbuilt layers raise
        return 0


def _layer(layer: Any) -> dict[str, Any]:
    outputs = _layer_output(layer)
    shapes = [_shape(t) for t in outputs]
    dtypes = [facts._dtype(getattr(t, "dtype", "")) for t in outputs]
    entry: dict[str, Any] = {
        "name": str(layer.name),
        "class": type(layer).__name__,
        "output_shape": shapes[0] if len(shapes) == 1 else (shapes or None),
        "dtype": dtypes[0] if len(dtypes) == 1 else str(getattr(layer, "compute_dtype", "")),
        "params": _count(layer),
        "inbound": _inbound(layer),
    }
    if hasattr(layer, "layers"):
        entry["sublayers"] = len(getattr(layer, "layers", []) or [])
    return entry


def _io(tensors: Any) -> list[dict[str, Any]]:
    out = []
    for t in _tensors(tensors):
        out.append(
            {
                "name": str(getattr(t, "name", "")),
                "shape": _shape(t),
                "dtype": facts._dtype(getattr(t, "dtype", "")),
            }
        )
    return out


def _named(obj: Any) -> Any:
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    if isinstance(obj, dict):
        return {str(k): _named(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_named(v) for v in obj]
    return str(getattr(obj, "name", None) or getattr(obj, "__name__", None) or type(obj).__name__)


def _compile(model: Any) -> dict[str, Any] | None:
    optimizer = getattr(model, "optimizer", None)
    if not getattr(model, "compiled", optimizer is not None):
        return None
    out: dict[str, Any] = {"optimizer": type(optimizer).__name__ if optimizer else None}
    lr = getattr(optimizer, "_learning_rate", None)
    if lr is None:
        lr = getattr(optimizer, "learning_rate", None)
    if lr is not None:
        try:
            value = float(lr.numpy() if hasattr(lr, "numpy") else lr)
            out["learning_rate"] = float(f"{value:.7g}")  # float32 -> the number written
        except (TypeError, ValueError):
            out["learning_rate"] = type(lr).__name__
    config = getattr(getattr(model, "_compile_config", None), "config", None) or {}
    out["loss"] = _named(config.get("loss", getattr(model, "loss", None)))
    out["metrics"] = _named(config.get("metrics"))
    out["run_eagerly"] = bool(getattr(model, "run_eagerly", False))
    return out


def model_summary(model: Any) -> dict[str, Any]:
    trainable = 0
    for weight in getattr(model, "trainable_weights", []) or []:
        try:
            trainable += math.prod(int(d) for d in weight.shape)
        except (TypeError, ValueError):
            continue
    return {
        "name": str(model.name),
        "class": type(model).__name__,
        "built": bool(getattr(model, "built", False)),
        "layers": [_layer(layer) for layer in getattr(model, "layers", [])],
        "params": _count(model),
        "trainable_params": trainable,
        "inputs": _io(getattr(model, "inputs", None)),
        "outputs": _io(getattr(model, "outputs", None)),
        "compile": _safe(_compile, model),
    }


def _safe(describe: Callable[[Any], Any], value: Any) -> Any:
    try:
        return describe(value)
    except Exception as err:  # noqa: BLE001 - one odd attribute must not lose the summary
        return {"error": facts.short(f"{type(err).__name__}: {err}")}


def _batch_size(x: Any, given: Any) -> tuple[int | None, str]:
    if isinstance(given, int):
        return given, "argument"
    spec = getattr(x, "element_spec", None)
    if spec is not None:
        leaf = spec
        while isinstance(leaf, (tuple, list, dict)) and leaf:
            leaf = next(iter(leaf.values())) if isinstance(leaf, dict) else leaf[0]
        dims = _shape(leaf)
        if dims and dims[0] is not None:
            return dims[0], "dataset"
        node, depth = x, 0
        while node is not None and depth < 20:
            size = getattr(node, "_batch_size", None)
            if size is not None:
                try:
                    return int(size.numpy() if hasattr(size, "numpy") else size), "dataset"
                except (TypeError, ValueError):
                    break
            node, depth = getattr(node, "_input_dataset", None), depth + 1
        return None, "dataset"
    size = getattr(x, "batch_size", None)
    if isinstance(size, int):
        return size, "dataset"
    if rows(x) is not None:
        return 32, "default"
    return None, "unknown"


def _is_model(value: Any) -> bool:
    return any(getattr(c, PATCHED, False) for c in type(value).__mro__)


def _with_nested(models: list[Any]) -> list[Any]:
    """``models`` plus the models used inside them as layers (a backbone), by identity."""
    out = list(models)
    for model in out:  # grows while iterating: nested models of nested models too
        for layer in getattr(model, "layers", None) or []:
            if len(out) >= MAX_MODELS:
                return out
            if _is_model(layer) and all(layer is not m for m in out):
                out.append(layer)
    return out


def _main_models(exclude: Any = None) -> list[Any]:
    main = sys.modules.get("__main__")
    found: list[Any] = []
    for value in list(vars(main).values()) if main is not None else []:
        if _is_model(value) and value is not exclude and all(value is not m for m in found):
            found.append(value)
    found.sort(key=lambda m: 0 if getattr(m, "compiled", False) else 1)
    return found


def _first_batch(x: Any, batch: int | None) -> Any:
    """The inputs of the first batch training would see (arrays or a tf.data dataset)."""
    if hasattr(x, "element_spec") and hasattr(x, "take"):
        for element in x.take(1):
            return element[0] if isinstance(element, tuple) and element else element
        return None
    if rows(x) is None:
        return None
    size = batch or 32
    if isinstance(x, dict):
        return {k: v[:size] for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(v[:size] for v in x)
    return x[:size]


def _own_train_step(model: Any) -> bool:
    """The script's model class trains its own way (a GAN's or a distiller's
    ``train_step``) or has no ``call`` of its own: training does not call the model, so
    calling it here would raise what training never does."""
    user = [
        c
        for c in type(model).__mro__
        if not c.__module__.startswith(("keras", "tensorflow", "tf_keras", "builtins"))
    ]
    if not user:  # a Sequential or functional model of Keras' own
        return False
    return any("train_step" in vars(c) for c in user) or not any("call" in vars(c) for c in user)


def build_unbuilt(model: Any, method: str, args: dict[str, Any]) -> dict[str, Any] | None:
    """Build a model that is not built yet (subclassed) by calling it on the first batch.

    Training would run this forward pass first, so an error here is the error training
    would raise, and it propagates like one. Returns what went in and came out.
    """
    if getattr(model, "built", True) or not callable(model) or _own_train_step(model):
        return None
    x = args.get("x")
    batch = None if method == "train_on_batch" else _batch_size(x, args.get("batch_size"))[0]
    inputs = _first_batch(x, batch)
    if inputs is None:
        return None
    outputs = model(inputs, training=False)
    return {"inputs": facts.describe(inputs), "outputs": facts.describe(outputs)}


def summary(
    model: Any, method: str, args: dict[str, Any], forward: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The build dict: the trained model first, then other models the script holds.

    ``forward`` is what :func:`build_unbuilt` saw (for models without a graph of layers).
    """
    models = _with_nested([model, *_main_models(exclude=model)][:MAX_MODELS])
    x = args.get("x")
    if method == "train_on_batch":
        batch, source = rows(x), "batch"
    else:
        batch, source = _batch_size(x, args.get("batch_size"))
    fit = {
        "method": method,
        "batch_size": batch,
        "batch_size_source": source,
        "epochs": args.get("epochs"),
        "steps_per_epoch": args.get("steps_per_epoch"),
        "x": facts.describe(x) if x is not None else None,
        "validation": args.get("validation_data") is not None or bool(args.get("validation_split")),
    }
    summaries = [model_summary(m) for m in models]
    if forward is not None:
        summaries[0]["forward"] = forward
    return {"models": summaries, "fit": fit}


def summary_at_end() -> dict[str, Any] | None:
    """At script end with no training call: the models the script built, if any."""
    models = _with_nested(_main_models()[:MAX_MODELS])
    if not models:
        return None
    return {"models": [model_summary(m) for m in models], "fit": None}
