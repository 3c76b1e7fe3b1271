"""Runtime facts inside the user's process: what a value is, versions, devices, memory.

Bridges live Python objects (numpy arrays, tf.Tensors, tf.data datasets, KerasTensors,
torch tensors, plain values) to small JSON-able descriptions: type, shape, dtype and a
short repr with secrets redacted. Standard library only: libraries are looked up in
``sys.modules``, never imported.
"""

from __future__ import annotations

import os
import platform
import re
import reprlib
import sys
import types
from typing import Any

import _gptfix_boot_secrets as secrets

REPR_MAX = 80
MAX_LOCALS = 40
REDACTED = secrets.REDACTED
_VERSIONED = ("tensorflow", "keras", "keras_cv", "keras_hub", "numpy", "torch", "jax", "tf_keras")

_repr = reprlib.Repr()
_repr.maxlevel = 2
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxdict = 4
_repr.maxstring = 60
_repr.maxother = 60


def short(text: str, limit: int = REPR_MAX) -> str:
    text = str(secrets.redact_secrets(" ".join(text.split())))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def type_name(value: Any) -> str:
    cls = type(value)
    module = getattr(cls, "__module__", "") or ""
    top = module.split(".")[0]
    if top in ("builtins", "", "__main__"):
        return cls.__qualname__
    return f"{top}.{cls.__name__}"


def _dims(shape: Any) -> list[int | None] | None:
    try:
        if hasattr(shape, "as_list"):
            shape = shape.as_list()
        return [None if d is None else int(d) for d in shape]
    except (TypeError, ValueError):
        return None


def _dtype(dtype: Any) -> str:
    name = getattr(dtype, "name", None)
    return str(name) if isinstance(name, str) else str(dtype)


def spec_text(spec: Any) -> str:
    """A compact text for a tf.data element_spec (nested TensorSpecs)."""
    if isinstance(spec, dict):
        inner = ", ".join(f"{k!r}: {spec_text(v)}" for k, v in spec.items())
        return "{" + inner + "}"
    if isinstance(spec, (tuple, list)):
        return "(" + ", ".join(spec_text(s) for s in spec) + ")"
    shape = _dims(getattr(spec, "shape", None))
    if shape is not None and hasattr(spec, "dtype"):
        dims = ", ".join("None" if d is None else str(d) for d in shape)
        dims += "," if len(shape) == 1 else ""
        return f"{type(spec).__name__}(shape=({dims}), dtype={_dtype(spec.dtype)})"
    return short(repr(spec), 60)


def describe(value: Any) -> dict[str, Any]:
    """Type, and shape/dtype for arrays, tensors and datasets, and a short redacted repr."""
    out: dict[str, Any] = {"type": type_name(value)}
    try:
        if isinstance(value, type):
            out["repr"] = f"<class {value.__qualname__}>"
            return out
        spec = getattr(value, "element_spec", None) if not isinstance(value, (str, bytes)) else None
        if spec is not None:
            out["element_spec"] = spec_text(spec)[:300]
            return out
        shape = getattr(value, "shape", None)
        if shape is not None and not callable(shape):
            dims = _dims(shape)
            if dims is not None:
                out["shape"] = dims
            if hasattr(value, "dtype"):
                out["dtype"] = _dtype(value.dtype)
                if getattr(value.dtype, "kind", None) == "O":
                    out.update(_items(value))
            elif hasattr(value, "dtypes"):  # pandas DataFrame
                out["repr"] = short(f"columns={list(getattr(value, 'columns', []))}")
            return out
        if hasattr(value, "count_params") and hasattr(value, "name"):  # a Keras layer/model
            out["name"] = str(value.name)
            out["built"] = bool(getattr(value, "built", False))
            return out
        if isinstance(value, (list, tuple, dict, set, frozenset)):
            out["len"] = len(value)
        out["repr"] = short(_repr.repr(value))
    except Exception as exc:  # noqa: BLE001 - a value's own repr may raise anything
        out["repr"] = f"<unprintable: {type(exc).__name__}>"
    return out


def _items(value: Any) -> dict[str, Any]:
    """For an object array: its first item's shape, and whether every item has it."""
    try:
        items = list(value.flat)[:100000]
        shape = getattr(items[0], "shape", None)
        if shape is None or len(items) != value.size:
            return {}
        first = [int(d) for d in shape]
        same = all([int(d) for d in getattr(v, "shape", ())] == first for v in items)
        return {"item_shape": first, "items_equal": same}
    except Exception:  # noqa: BLE001
        return {}


def _skip(name: str, value: Any) -> bool:
    if name.startswith("__") or name in ("_", "In", "Out"):
        return True
    kinds = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, types.MethodType)
    return isinstance(value, kinds) or isinstance(value, type)


def describe_locals(variables: dict[str, Any], source: str | None) -> dict[str, Any]:
    """Describe a frame's locals: names on the failing line first, secrets redacted."""
    names = [n for n, v in variables.items() if not _skip(n, v)]
    on_line = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", source or ""))
    names.sort(key=lambda n: 0 if n in on_line else 1)
    out: dict[str, Any] = {}
    for name in names[:MAX_LOCALS]:
        if secrets.secret_name(name):
            out[name] = {"type": type_name(variables[name]), "repr": REDACTED}
        else:
            out[name] = describe(variables[name])
    return out


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in _VERSIONED:
        module = sys.modules.get(name)
        version = getattr(module, "__version__", None) if module is not None else None
        if isinstance(version, str):
            found[name] = version
    return found


def devices() -> dict[str, Any]:
    """Visible GPUs and their memory, as TensorFlow or torch can tell (only if imported)."""
    out: dict[str, Any] = {}
    tf = sys.modules.get("tensorflow")
    config = getattr(tf, "config", None)
    if config is not None:
        try:
            gpus = config.list_physical_devices("GPU")
            out["tensorflow_gpus"] = [g.name for g in gpus]
            memory = {}
            for i, _gpu in enumerate(gpus):
                try:
                    info = config.experimental.get_memory_info(f"GPU:{i}")
                    memory[f"GPU:{i}"] = {"current": info["current"], "peak": info["peak"]}
                except Exception:  # noqa: BLE001 - not initialised or not supported
                    continue
            if memory:
                out["tensorflow_gpu_memory"] = memory
        except Exception as exc:  # noqa: BLE001
            out["tensorflow_error"] = short(str(exc))
    torch = sys.modules.get("torch")
    cuda = getattr(torch, "cuda", None)
    if cuda is not None:
        try:
            gpus_t: list[dict[str, Any]] = []
            if cuda.is_available():
                for i in range(cuda.device_count()):
                    entry: dict[str, Any] = {"name": cuda.get_device_name(i)}
                    if cuda.is_initialized():
                        free, total = cuda.mem_get_info(i)
                        entry.update(free=int(free), total=int(total))
                    gpus_t.append(entry)
            out["torch_gpus"] = gpus_t
        except Exception as exc:  # noqa: BLE001
            out["torch_error"] = short(str(exc))
    return out


def memory() -> dict[str, int]:
    """Host RAM (total/available) and this process's peak resident memory, in bytes."""
    out: dict[str, int] = {}
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                key, _, rest = line.partition(":")
                if key in ("MemTotal", "MemAvailable"):
                    out["host_total" if key == "MemTotal" else "host_available"] = (
                        int(rest.split()[0]) * 1024
                    )
    except (OSError, ValueError, IndexError):
        try:
            out["host_total"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        except (ValueError, OSError, AttributeError):
            pass
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        out["process_peak_rss"] = peak if sys.platform == "darwin" else peak * 1024
    except (ImportError, OSError):
        pass
    return out
