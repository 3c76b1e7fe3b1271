"""Smoke caps and the build-mode stop, patched into Keras when the script imports it.

Bridges the runner's modes and the user's Keras: a meta-path watcher notices the
``keras`` (or legacy ``tf_keras``) package finishing its import and wraps
``Model.fit``/``evaluate``/``predict`` (smoke: 1 epoch x N steps, eager unless asked
otherwise, each cap recorded) or ``fit``/``train_on_batch`` (build: record the models'
layers, shapes and parameters, then end the process with status 0). Nothing is
imported here that the script did not import itself.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

import _gptfix_boot_build as build
import _gptfix_boot_facts as facts
from _gptfix_boot_build import PATCHED
from _gptfix_boot_build import rows as _rows

WATCHED = ("keras", "tf_keras")


class _Loader(importlib.abc.Loader):
    """The real loader, plus a callback once the module has executed."""

    def __init__(self, loader: Any, on_loaded: Callable[[ModuleType], None]) -> None:
        self._loader = loader
        self._on_loaded = on_loaded

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._on_loaded(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)


class _Watcher(importlib.abc.MetaPathFinder):
    """Finds nothing itself; wraps the loader of the watched packages."""

    def __init__(self, on_loaded: Callable[[ModuleType], None]) -> None:
        self._on_loaded = on_loaded
        self._busy: set[str] = set()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in WATCHED or fullname in self._busy:
            return None
        self._busy.add(fullname)
        try:
            spec = None
            for finder in list(sys.meta_path):
                find = getattr(finder, "find_spec", None)
                if finder is self or find is None:
                    continue
                spec = find(fullname, path, target)
                if spec is not None:
                    break
        finally:
            self._busy.discard(fullname)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _Loader(spec.loader, self._on_loaded)
        return spec


def watch(recorder: Any) -> None:
    """Patch Keras now if it is already imported, else as soon as it is."""

    def on_loaded(module: ModuleType) -> None:
        model_cls = getattr(module, "Model", None)
        if not isinstance(model_cls, type) or getattr(model_cls, PATCHED, False):
            return
        try:
            if recorder.mode == "smoke":
                _patch_smoke(model_cls, recorder)
            elif recorder.mode == "build":
                _patch_build(model_cls, recorder)
            setattr(model_cls, PATCHED, True)
        except Exception as err:  # noqa: BLE001 - never break the user's import
            recorder.notes.append(f"could not patch {module.__name__}: {err}")

    for name in WATCHED:
        if name in sys.modules:
            on_loaded(sys.modules[name])
    sys.meta_path.insert(0, _Watcher(on_loaded))


# -- smoke ------------------------------------------------------------------------------


def _cap(args: dict[str, Any], name: str, steps: int, notes: list[str]) -> None:
    current = args.get(name)
    if isinstance(current, int) and 0 < current <= steps:
        return
    if _is_float(current):  # Keras rejects a float count: capping it would hide that
        return
    args[name] = steps
    notes.append(f"{name} {current} -> {steps}" if current is not None else f"{name} -> {steps}")


def _is_float(value: Any) -> bool:
    """A Python or NumPy float (``n / batch``, ``np.ceil(...)``), which Keras refuses
    where it counts steps."""
    return isinstance(value, float) or type(value).__name__.startswith("float")


def _keep_batch(args: dict[str, Any]) -> None:
    """Keras derives batch_size from ``steps`` for arrays (all rows in N batches); keep 32."""
    if args.get("batch_size") is None and _rows(args.get("x")) is not None:
        args["batch_size"] = 32


def _unknown_rank(data: Any) -> bool:
    """Whether ``data`` is a dataset with an element of unknown rank (``tf.py_function``
    outputs): eager execution reads it, a compiled step fails on it."""
    spec = getattr(data, "element_spec", None) if not isinstance(data, (str, bytes)) else None
    pending = [spec]
    while pending:
        item = pending.pop()
        if isinstance(item, (list, tuple)):
            pending += list(item)
        elif isinstance(item, dict):
            pending += list(item.values())
        elif item is not None and getattr(getattr(item, "shape", None), "rank", 0) is None:
            return True
    return False


def _eager(model: Any, recorder: Any, notes: list[str], data: Any = None) -> None:
    if not recorder.eager or getattr(model, "run_eagerly", True):
        return
    if _unknown_rank(data):  # eager would hide the failure the real (compiled) run has
        notes.append("kept compiled: the dataset's elements have unknown rank")
        return
    try:
        model.run_eagerly = True
        for attr in ("train_function", "test_function", "predict_function"):
            if getattr(model, attr, None) is not None:
                setattr(model, attr, None)
        notes.append("run_eagerly -> True")
    except Exception:  # noqa: BLE001 - some models refuse; then they stay in graph mode
        return


def _pad(result: Any, rows: int) -> tuple[Any, bool]:
    """Zero-pad predict() outputs to ``rows`` so code that uses them keeps its shapes."""
    numpy = sys.modules.get("numpy")
    if numpy is None:
        return result, False
    if isinstance(result, numpy.ndarray) and result.ndim >= 1 and result.shape[0] < rows:
        fill = numpy.zeros((rows - result.shape[0], *result.shape[1:]), dtype=result.dtype)
        return numpy.concatenate([result, fill]), True
    if isinstance(result, (list, tuple)):
        pairs = [_pad(r, rows) for r in result]
        return type(result)(p[0] for p in pairs), any(p[1] for p in pairs)
    if isinstance(result, dict):
        padded = {k: _pad(v, rows) for k, v in result.items()}
        return {k: v[0] for k, v in padded.items()}, any(v[1] for v in padded.values())
    return result, False


#: a dataset of at most this many batches is predicted whole in a smoke run: its rows
#: are not known up front, and code comparing the predictions with its labels needs them all
_PREDICT_BATCHES = 64


def _small_dataset(x: Any) -> bool:
    """A ``tf.data`` dataset of a known, small number of batches."""
    count = getattr(x, "cardinality", None)
    if count is None or not hasattr(x, "element_spec"):
        return False
    try:
        n = int(count())
    except Exception:  # noqa: BLE001 - any failure: treat it as unknown
        return False
    return 0 < n <= _PREDICT_BATCHES


def _wrap(model_cls: type, name: str, make: Callable[[Any, inspect.Signature], Any]) -> None:
    original = getattr(model_cls, name, None)
    if original is None:
        return
    try:
        signature = inspect.signature(original)
    except (TypeError, ValueError):
        return
    setattr(model_cls, name, functools.wraps(original)(make(original, signature)))


def _patch_smoke(model_cls: type, recorder: Any) -> None:
    steps = recorder.steps

    def fit_maker(fit: Any, signature: inspect.Signature) -> Any:
        def fit_capped(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                bound = signature.bind(self, *args, **kwargs)
            except TypeError:
                return fit(self, *args, **kwargs)
            a = bound.arguments
            notes: list[str] = []
            epochs, initial = a.get("epochs", 1), a.get("initial_epoch", 0) or 0
            if isinstance(epochs, int) and isinstance(initial, int) and epochs - initial > 1:
                a["epochs"] = initial + 1
                notes.append(f"epochs {epochs} -> 1")
            _cap(a, "steps_per_epoch", steps, notes)
            _keep_batch(a)
            if a.get("validation_data") is not None or a.get("validation_split"):
                _cap(a, "validation_steps", steps, notes)
            _eager(self, recorder, notes, a.get("x"))
            if notes:
                recorder.note_cap("fit: " + ", ".join(notes))
            return fit(*bound.args, **bound.kwargs)

        return fit_capped

    def steps_maker(kind: str) -> Any:
        def maker(method: Any, signature: inspect.Signature) -> Any:
            def capped(self: Any, *args: Any, **kwargs: Any) -> Any:
                try:
                    bound = signature.bind(self, *args, **kwargs)
                except TypeError:
                    return method(self, *args, **kwargs)
                notes: list[str] = []
                if not (kind == "predict" and _small_dataset(bound.arguments.get("x"))):
                    _cap(bound.arguments, "steps", steps, notes)
                _keep_batch(bound.arguments)
                _eager(self, recorder, notes, bound.arguments.get("x"))
                result = method(*bound.args, **bound.kwargs)
                rows = _rows(bound.arguments.get("x"))
                if kind == "predict" and rows is not None:
                    result, padded = _pad(result, rows)
                    if padded:
                        notes.append(f"outputs zero-padded to {rows} rows")
                if notes:
                    recorder.note_cap(f"{kind}: " + ", ".join(notes))
                return result

            return capped

        return maker

    _wrap(model_cls, "fit", fit_maker)
    _wrap(model_cls, "evaluate", steps_maker("evaluate"))
    _wrap(model_cls, "predict", steps_maker("predict"))


# -- build ------------------------------------------------------------------------------


def _patch_build(model_cls: type, recorder: Any) -> None:
    def maker(method_name: str) -> Any:
        def make(method: Any, signature: inspect.Signature) -> Any:
            def stop(self: Any, *args: Any, **kwargs: Any) -> Any:
                if getattr(self, "compiled", True) is False:
                    return method(self, *args, **kwargs)  # let Keras say compile() is missing
                try:
                    bound = signature.bind(self, *args, **kwargs).arguments
                except TypeError:
                    bound = {}
                forward = build.build_unbuilt(self, method_name, bound)  # may raise, as fit would
                try:
                    recorder.build = build.summary(self, method_name, bound, forward)
                except Exception as err:  # noqa: BLE001
                    recorder.build = {"models": [], "fit": None, "error": facts.short(str(err))}
                recorder.save()
                for stream in (sys.stdout, sys.stderr):
                    try:
                        stream.flush()
                    except (OSError, ValueError, AttributeError):
                        pass
                os._exit(0)

            return stop

        return make

    for name in ("fit", "train_on_batch", "fit_generator"):
        _wrap(model_cls, name, maker(name))
