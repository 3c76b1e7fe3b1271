"""gptfix boot hook: runs first in the user's interpreter (found through PYTHONPATH).

It bridges the runner and the script's process: when the runner asked for a sandbox
(``GPTFIX_BOOT_SANDBOX``) it enters it first; when the runner set
``GPTFIX_BOOT_REPORT`` it loads the recorder, then takes its own folder off
``sys.path``, restores the user's ``PYTHONPATH`` for child processes, and chains to
the ``sitecustomize`` that would have run without gptfix. Standard library only.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import sys
from typing import Any

_ENV_KEYS = (
    "GPTFIX_BOOT_REPORT",
    "GPTFIX_BOOT_MODE",
    "GPTFIX_BOOT_STEPS",
    "GPTFIX_BOOT_EAGER",
    "GPTFIX_BOOT_USER_DIR",
    "GPTFIX_BOOT_SANDBOX",
)


def _same(a: str, b: str) -> bool:
    try:
        return os.path.normcase(os.path.abspath(a or ".")) == os.path.normcase(os.path.abspath(b))
    except (OSError, ValueError):
        return False


def _chain(here: str) -> None:
    """Run the sitecustomize that the path holds besides this one, if any."""
    rest = [p for p in sys.path if not _same(p, here)]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules["sitecustomize"] = module
    spec.loader.exec_module(module)


def _boot() -> None:
    here = os.path.dirname(os.path.abspath(__file__))
    config = {key: os.environ.pop(key, None) for key in _ENV_KEYS}
    if "GPTFIX_BOOT_PYTHONPATH" in os.environ:
        original = os.environ.pop("GPTFIX_BOOT_PYTHONPATH")
        if original:
            os.environ["PYTHONPATH"] = original
        else:
            os.environ.pop("PYTHONPATH", None)
    if config["GPTFIX_BOOT_SANDBOX"]:  # first, while this process has a single thread
        sandbox: Any = importlib.import_module("_gptfix_boot_sandbox")
        request = sandbox.config_from(config["GPTFIX_BOOT_SANDBOX"])
        if request is not None:
            sandbox.enter(request)
    recorder: Any = None
    if config["GPTFIX_BOOT_REPORT"]:
        # imported while this folder is still on sys.path; it loads its helpers eagerly
        recorder = importlib.import_module("_gptfix_boot_recorder")
    sys.path[:] = [p for p in sys.path if not _same(p, here)]
    try:
        _chain(here)
    finally:
        if recorder is not None:
            recorder.install(config)


_boot()
