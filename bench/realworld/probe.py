"""Run a training script and record what it trains: the facts a fix is judged by.

Bridges a script of the real-world set (``train.py`` patched by a repair, or the thread's
``fixed.py``) and ``measure.py``'s correctness check. It runs the script unchanged in this
process (``runpy``), after wrapping ``keras.Model.fit`` and ``keras.Model.predict`` so that
every call records the model as built (input and output shapes, layer classes, parameter
count, loss, optimizer settings), the data passed in (shapes, dtypes, label range,
validation) and the classes of the callbacks given to ``fit``. Nothing is changed or
capped: the run is the plain rerun of the script.

    python probe.py OUT.json SCRIPT.py     # exit code is the script's; facts go to OUT.json

The facts are written even when the script fails after a ``fit``; ``status`` says how it
ended. Only this file imports TensorFlow; it runs in the script's own process.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback
from typing import Any

EVENTS: list[dict[str, Any]] = []


def _shape(value: Any) -> Any:
    shape = getattr(value, "shape", None)
    if shape is not None:
        try:
            return [None if d is None else int(d) for d in tuple(shape)]
        except TypeError:
            return str(shape)
    if isinstance(value, dict):
        return {str(k): _shape(v) for k, v in sorted(value.items())}
    if isinstance(value, (list, tuple)):
        return [_shape(v) for v in value]
    return type(value).__name__


def _array_facts(value: Any) -> dict[str, Any]:
    import numpy as np

    facts: dict[str, Any] = {"shape": _shape(value)}
    dtype = getattr(value, "dtype", None)
    if dtype is not None:
        facts["dtype"] = str(getattr(dtype, "name", dtype))
    try:
        arr = np.asarray(value)
        if arr.dtype.kind in "iub" or (
            arr.dtype.kind == "f" and arr.size and np.all(arr == np.round(arr))
        ):
            if arr.size:
                facts["min"] = float(arr.min())
                facts["max"] = float(arr.max())
    except Exception:  # noqa: BLE001 - facts are best effort
        pass
    return facts


def _data_facts(value: Any) -> dict[str, Any]:
    import tensorflow as tf

    if isinstance(value, tf.data.Dataset):
        spec = value.element_spec
        return {"dataset": True, "element_shape": _shape_spec(spec)}
    if isinstance(value, dict):
        return {"dict": {str(k): _array_facts(v) for k, v in sorted(value.items())}}
    if isinstance(value, (list, tuple)):
        return {"list": [_array_facts(v) for v in value]}
    if value is None:
        return {"none": True}
    return _array_facts(value)


def _shape_spec(spec: Any) -> Any:
    if isinstance(spec, (list, tuple)):
        return [_shape_spec(s) for s in spec]
    if isinstance(spec, dict):
        return {str(k): _shape_spec(v) for k, v in sorted(spec.items())}
    shape = getattr(spec, "shape", None)
    return _shape(spec) if shape is not None else str(spec)


def _loss_name(loss: Any) -> Any:
    if loss is None or isinstance(loss, str):
        return loss
    if isinstance(loss, dict):
        return {str(k): _loss_name(v) for k, v in sorted(loss.items())}
    if isinstance(loss, (list, tuple)):
        return [_loss_name(v) for v in loss]
    name = getattr(loss, "__name__", None) or type(loss).__name__
    config = getattr(loss, "get_config", None)
    logits = None
    if callable(config):
        try:
            logits = config().get("from_logits")
        except Exception:  # noqa: BLE001
            logits = None
    return f"{name}(from_logits={logits})" if logits is not None else name


def _canonical_loss(name: Any) -> Any:
    """'sparse_categorical_crossentropy' and SparseCategoricalCrossentropy() read alike."""
    if not isinstance(name, str):
        return name
    base = name.split("(")[0].replace("_", "").lower()
    logits = "from_logits=True" in name
    return base + ("+logits" if logits else "")


def _optimizer_facts(opt: Any) -> dict[str, Any]:
    if opt is None:
        return {}
    facts: dict[str, Any] = {"class": type(opt).__name__}
    for attr in ("learning_rate", "momentum", "nesterov"):
        value = getattr(opt, attr, None)
        if value is None:
            continue
        try:
            facts[attr] = round(float(value.numpy() if hasattr(value, "numpy") else value), 8)
        except (TypeError, ValueError):
            facts[attr] = str(value)
    return facts


def _layers(model: Any) -> list[str]:
    out: list[str] = []
    for layer in getattr(model, "layers", []):
        if hasattr(layer, "layers") and getattr(layer, "layers", None):
            out.append(f"{type(layer).__name__}[{len(layer.layers)}]")
        else:
            out.append(type(layer).__name__)
    return [n for n in out if n != "InputLayer"]


def _model_facts(model: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {"class": type(model).__name__}
    try:
        facts["inputs"] = [_shape(t) for t in model.inputs]
        facts["outputs"] = [_shape(t) for t in model.outputs]
    except Exception:  # noqa: BLE001 - subclassed models have no symbolic inputs
        pass
    facts["layers"] = _layers(model)
    try:
        facts["params"] = int(model.count_params())
    except Exception:  # noqa: BLE001
        pass
    last = [layer for layer in getattr(model, "layers", []) if hasattr(layer, "units")]
    if last:
        act = getattr(last[-1], "activation", None)
        facts["head_units"] = int(last[-1].units)
        facts["head_activation"] = getattr(act, "__name__", str(act))
    return facts


def _record(kind: str, model: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    event: dict[str, Any] = {"event": kind}
    try:
        x = kwargs.get("x", args[0] if args else None)
        event["x"] = _data_facts(x)
        if kind == "fit":
            y = kwargs.get("y", args[1] if len(args) > 1 else None)
            event["y"] = _data_facts(y)
            val = kwargs.get("validation_data")
            split = kwargs.get("validation_split", 0.0)
            event["validation"] = (
                {"data": _data_facts(val)} if val is not None else {"split": float(split or 0.0)}
            )
            loss = getattr(model, "loss", None)
            event["loss"] = _loss_name(loss)
            event["loss_canonical"] = _canonical_loss(event["loss"])
            event["optimizer"] = _optimizer_facts(getattr(model, "optimizer", None))
            event["callbacks"] = sorted(type(c).__name__ for c in kwargs.get("callbacks") or [])
    except Exception as exc:  # noqa: BLE001 - never break the user's run
        event["probe_error"] = repr(exc)
    EVENTS.append(event)
    event["_model"] = model


def _finish_models() -> None:
    for event in EVENTS:
        model = event.pop("_model", None)
        if model is None:
            continue
        try:
            event["model"] = _model_facts(model)
        except Exception as exc:  # noqa: BLE001
            event["model"] = {"probe_error": repr(exc)}


def install() -> None:
    import keras

    original_fit = keras.Model.fit
    original_predict = keras.Model.predict

    def fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        _record("fit", self, args, kwargs)
        return original_fit(self, *args, **kwargs)

    def predict(self: Any, *args: Any, **kwargs: Any) -> Any:
        _record("predict", self, args, kwargs)
        return original_predict(self, *args, **kwargs)

    keras.Model.fit = fit  # type: ignore[method-assign]
    keras.Model.predict = predict  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    out, script = argv[0], argv[1]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    sys.argv = [script, *argv[2:]]
    sys.path.insert(0, os.path.dirname(os.path.abspath(script)))
    status, error, code = "ok", "", 0
    try:
        install()
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        status = "ok" if code == 0 else "exit"
    except BaseException as exc:  # noqa: BLE001 - report the script's failure
        status, code = "error", 1
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[0]
        traceback.print_exc()
    _finish_models()
    with open(out, "w", encoding="utf-8") as fh:
        json.dump({"status": status, "error": error[:300], "events": EVENTS}, fh, indent=1)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
