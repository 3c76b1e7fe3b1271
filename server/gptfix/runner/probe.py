"""Ask the user's interpreter what exists there: attributes, modules, call keywords.

The one interpreter probe: bridges the repair rules and the recipes (which run in
gptfix's process, never importing TensorFlow) and the library versions installed where
the script runs. Each probe runs the
script's own import statements in a subprocess of the user's interpreter (with a
timeout), then answers a batch of questions about expressions written in the script's
own spelling (``tf.keras.layers.RandomFlip``, ``keras.optimizers.Adam``). Answers are
cached per interpreter and import block, in one cache, so a rule or a recipe pays for
a probe once (:func:`signatures` asks about dotted paths, ``keras.layers.RandomFlip``,
with no import block); when the warm
worker (:mod:`gptfix.runner.worker`) is ready the probe is forked from it and pays no
``import tensorflow`` either.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Any

from gptfix.runner.worker import run_program

#: Program run in the user's interpreter: reads {"imports": str, "queries": [...]} on stdin.
_PROGRAM = r"""
import inspect, json, sys, warnings, os
warnings.simplefilter("ignore")
req = json.loads(sys.stdin.read())
ns = {}
for stmt in req["imports"]:
    try:
        exec(stmt, ns)
    except BaseException:
        pass
def ev(expr):
    return eval(expr, ns)
out = []
for q in req["queries"]:
    op, expr = q["op"], q["expr"]
    try:
        if op == "exists":
            ev(expr); out.append(True)
        elif op == "import":
            exec(expr, {}); out.append(True)
        elif op == "dir":
            out.append(sorted(n for n in dir(ev(expr)) if not n.startswith("_")))
        elif op == "params":
            obj = ev(expr)
            sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
            names = [p.name for p in sig.parameters.values()
                     if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD) and p.name != "self"]
            out.append(names)
        elif op == "varkw":
            obj = ev(expr)
            sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
            out.append(any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()))
        elif op == "signature":
            import importlib
            mod_name, _, name = expr.rpartition(".")
            try:
                obj = getattr(importlib.import_module(mod_name), name)
            except Exception:
                out.append({"exists": False})
                continue
            try:
                sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
            except (TypeError, ValueError):
                out.append({"exists": True, "params": None})
                continue
            ps = [p for p in sig.parameters.values() if p.name != "self"
                  and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
            out.append({"exists": True, "params": [p.name for p in ps],
                        "required": [p.name for p in ps if p.default is p.empty]})
        else:
            out.append(None)
    except BaseException:
        out.append(False if op in ("exists", "import") else None)
sys.stdout.write("\n@@GPTFIX-PROBE@@" + json.dumps(out) + "\n")
"""

_CACHE: dict[tuple[str, tuple[str, ...], str, str], Any] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Signature:
    """What the user's interpreter says about a callable at a dotted path."""

    exists: bool
    params: tuple[str, ...] | None = None  #: None when unknown (no signature)
    required: tuple[str, ...] = ()


class Probe:
    """Questions for one interpreter and one block of import statements."""

    def __init__(self, python: str | None, imports: list[str], timeout: float = 90.0) -> None:
        self.python = python or sys.executable
        self.imports = tuple(imports)
        self.timeout = timeout
        self.calls = 0  #: subprocesses started by this probe (for tests and benches)

    def exists(self, exprs: list[str]) -> dict[str, bool]:
        """Which expressions evaluate in the user's interpreter after the script's imports."""
        res = self._ask([("exists", e) for e in exprs])
        return {e: bool(v) for e, v in zip(exprs, res, strict=True)}

    def importable(self, statements: list[str]) -> dict[str, bool]:
        """Which import statements succeed in the user's interpreter."""
        res = self._ask([("import", s) for s in statements])
        return {s: bool(v) for s, v in zip(statements, res, strict=True)}

    def names(self, expr: str) -> list[str] | None:
        """Public attribute names of an expression (a module or class), None if it fails."""
        res = self._ask([("dir", expr)])[0]
        return list(res) if isinstance(res, list) else None

    def params(self, expr: str) -> list[str] | None:
        """Keyword names a callable (or a class's constructor) accepts, None if unknown."""
        res = self._ask([("params", expr)])[0]
        return list(res) if isinstance(res, list) else None

    def params_of(self, exprs: list[str]) -> dict[str, list[str] | None]:
        """:meth:`params` for many callables in one probe."""
        res = self._ask([("params", e) for e in exprs])
        return {
            e: list(v) if isinstance(v, list) else None for e, v in zip(exprs, res, strict=True)
        }

    def takes_kwargs(self, expr: str) -> bool | None:
        """Whether a callable (or a class's constructor) takes ``**kwargs``; None if unknown."""
        res = self._ask([("varkw", expr)])[0]
        return res if isinstance(res, bool) else None

    def _ask(self, queries: list[tuple[str, str]]) -> list[Any]:
        answers: dict[tuple[str, str], Any] = {}
        todo = []
        with _LOCK:
            for op, expr in queries:
                key = (self.python, self.imports, op, expr)
                if key in _CACHE:
                    answers[(op, expr)] = _CACHE[key]
                elif (op, expr) not in todo:
                    todo.append((op, expr))
        if todo:
            fresh = self._run(todo)
            with _LOCK:
                for q, v in zip(todo, fresh, strict=True):
                    if v is not _UNKNOWN:
                        _CACHE[(self.python, self.imports, q[0], q[1])] = v
                    answers[q] = v
        return [None if answers[q] is _UNKNOWN else answers[q] for q in queries]

    def _run(self, todo: list[tuple[str, str]]) -> list[Any]:
        self.calls += 1
        payload = json.dumps(
            {"imports": list(self.imports), "queries": [{"op": o, "expr": e} for o, e in todo]}
        )
        warm = run_program(self.python, _PROGRAM, payload, timeout=self.timeout)
        if warm is not None:  # forked from the warm worker: no interpreter start, no imports
            return _answers(warm, len(todo))
        env = dict(os.environ)
        env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        env["PYTHONWARNINGS"] = "ignore"
        try:
            proc = subprocess.run(
                [self.python, "-c", _PROGRAM],
                input=payload,
                capture_output=True,
                text=True,
                timeout=self.timeout,
                env=env,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return [_UNKNOWN] * len(todo)
        return _answers(proc.stdout, len(todo))


def signatures(
    python: str | None, paths: tuple[str, ...], timeout: float = 60.0
) -> dict[str, Signature]:
    """Signatures of dotted ``paths`` (``keras.layers.RandomFlip``) in ``python``.

    One subprocess for the paths not asked before; a path with no answer (the probe
    failed) is left out.
    """
    probe = Probe(python, [], timeout)
    out: dict[str, Signature] = {}
    for path, info in zip(paths, probe._ask([("signature", p) for p in paths]), strict=True):
        if isinstance(info, dict):
            params = info.get("params")
            out[path] = Signature(
                exists=bool(info.get("exists")),
                params=tuple(params) if params is not None else None,
                required=tuple(info.get("required") or ()),
            )
    return out


def _answers(stdout: str, count: int) -> list[Any]:
    """The probe program's answers from its output (unknown when it gave none)."""
    marker = "@@GPTFIX-PROBE@@"
    idx = stdout.rfind(marker)
    if idx < 0:
        return [_UNKNOWN] * count
    try:
        data = json.loads(stdout[idx + len(marker) :].strip())
    except json.JSONDecodeError:
        return [_UNKNOWN] * count
    if not isinstance(data, list) or len(data) != count:
        return [_UNKNOWN] * count
    return data


class _Unknown:
    pass


_UNKNOWN = _Unknown()


def clear_cache() -> None:
    """Forget every cached answer (tests; after the user changes their environment)."""
    with _LOCK:
        _CACHE.clear()
