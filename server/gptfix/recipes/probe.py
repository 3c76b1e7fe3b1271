"""Bridges recipes to the user's installed Keras: signatures probed in a subprocess.

gptfix never imports Keras itself. To validate ``--opt`` names against a layer's real
signature, or to learn whether the installed optimizers take
``gradient_accumulation_steps``, a short program runs in the user's interpreter and
prints JSON (forked from the warm worker when one is ready, see
:mod:`gptfix.runner.worker`). Results are cached per interpreter and name for the process
lifetime.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass

from gptfix.runner.worker import run_program

_PROGRAM = r"""
import importlib, inspect, json, sys
out = {}
for path in json.loads(sys.argv[1]):
    mod_name, _, name = path.rpartition(".")
    try:
        obj = getattr(importlib.import_module(mod_name), name)
    except Exception as exc:
        out[path] = {"exists": False, "error": type(exc).__name__}
        continue
    try:
        sig = inspect.signature(obj.__init__ if inspect.isclass(obj) else obj)
    except (TypeError, ValueError):
        out[path] = {"exists": True, "params": None}
        continue
    ps = [p for p in sig.parameters.values() if p.name != "self"]
    out[path] = {
        "exists": True,
        "params": [p.name for p in ps if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)],
        "required": [p.name for p in ps if p.default is p.empty
                     and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)],
    }
print("GPTFIX-PROBE " + json.dumps(out))
"""


@dataclass(frozen=True)
class Signature:
    """What the user's interpreter says about a callable."""

    exists: bool
    params: tuple[str, ...] | None = None  #: None when unknown (no signature)
    required: tuple[str, ...] = ()


_CACHE: dict[tuple[str, str], Signature] = {}


def probe(python: str, paths: tuple[str, ...], timeout: float = 60.0) -> dict[str, Signature]:
    """Signatures of ``paths`` (``keras.layers.RandomFlip``) in ``python``; {} on failure.

    One subprocess for all paths not asked before of this interpreter.
    """
    missing = tuple(sorted({p for p in paths if (python, p) not in _CACHE}))
    if missing:
        for path, sig in _run(python, missing, timeout):
            _CACHE[(python, path)] = sig
    return {p: _CACHE[(python, p)] for p in paths if (python, p) in _CACHE}


def _run(python: str, paths: tuple[str, ...], timeout: float) -> list[tuple[str, Signature]]:
    stdout = run_program(python, _PROGRAM, args=[json.dumps(list(paths))], timeout=timeout)
    if stdout is None:  # no warm worker ready: start the interpreter
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
        try:
            proc = subprocess.run(
                [python, "-c", _PROGRAM, json.dumps(list(paths))],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
            )
        except (OSError, subprocess.TimeoutExpired):
            return []
        stdout = proc.stdout
    for line in stdout.splitlines():
        if not line.startswith("GPTFIX-PROBE "):
            continue
        try:
            data = json.loads(line[len("GPTFIX-PROBE ") :])
        except json.JSONDecodeError:
            return []
        out = []
        for path, info in data.items():
            params = info.get("params")
            sig = Signature(
                exists=bool(info.get("exists")),
                params=tuple(params) if params is not None else None,
                required=tuple(info.get("required") or ()),
            )
            out.append((path, sig))
        return out
    return []
