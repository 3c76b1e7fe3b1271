"""One run of the offline repair loop, as the held-out and real-world measurements make it.

Bridges a copied ``train.py`` and ``gptfix run --smoke --fix --yes --json`` run in its
folder with the embedded engine only (no API key, no endpoint, no GPU): the exit code,
the output, the seconds taken and the JSON report. Shared by ``heldout/run_heldout.py``
and ``realworld/measure.py`` so both measure the same thing the same way.
"""

from __future__ import annotations

import difflib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Keys that would let the loop reach an LLM: removed, the measurements are offline.
_ONLINE = ("OPENAI_API_KEY", "GPTFIX_LLM_ENDPOINT", "OPENAI_BASE_URL")


def child_env() -> dict[str, str]:
    """The environment of a measured run: quiet TensorFlow, no GPU, no LLM."""
    env = dict(os.environ)
    # the runs start in temporary folders: ``PYTHONPATH=server`` must name this checkout's
    # server folder, not a ``server`` beside the copied script
    if env.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.pathsep.join(
            os.path.abspath(p) for p in env["PYTHONPATH"].split(os.pathsep) if p
        )
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    env.setdefault("CUDA_VISIBLE_DEVICES", "")
    for key in _ONLINE:
        env.pop(key, None)  # offline: this measures the embedded engine
    return env


def offline(cmd: list[str], cwd: Path | None, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``cmd`` in ``cwd`` with :func:`child_env`, its output captured as text."""
    return subprocess.run(
        cmd, cwd=cwd, env=child_env(), capture_output=True, text=True, timeout=timeout
    )


@contextmanager
def copied(script: Path, name: str, prefix: str) -> Iterator[Path]:
    """A copy of ``script`` as ``train.py`` in a fresh folder ``name`` (removed after)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        work = Path(tmp) / name
        work.mkdir()
        target = work / "train.py"
        shutil.copy(script, target)
        yield target


def diff_text(original: str, patched: str) -> str:
    """The unified diff of a script before and after the loop (``a/train.py``, ``b/...``)."""
    return "".join(
        difflib.unified_diff(
            original.splitlines(keepends=True),
            patched.splitlines(keepends=True),
            "a/train.py",
            "b/train.py",
        )
    )


@dataclass
class LoopRun:
    """What one ``gptfix run --smoke --fix --yes --json`` gave."""

    rc: int | None  #: exit code; None when it ran past the timeout
    stdout: str
    stderr: str
    seconds: float
    data: dict[str, Any] = field(default_factory=dict)  #: the JSON report ({} when none)


def run_fix_loop(target: Path, timeout: float, arg: str | None = None) -> LoopRun:
    """Run the fix loop on ``target`` from its folder (``arg``: how to name the script on
    the command line, default its absolute path)."""
    cmd = [sys.executable, "-m", "gptfix", "run", "--smoke", "--fix", "--yes", "--json"]
    t0 = time.monotonic()
    try:
        proc = offline([*cmd, arg or str(target)], target.parent, timeout)
        rc: int | None = proc.returncode
        stdout, stderr = proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as exc:
        rc = None
        stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        stderr = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
    seconds = time.monotonic() - t0
    try:
        data = json.loads(stdout) if stdout.strip() else {}
    except json.JSONDecodeError:
        data = {}
    return LoopRun(rc, stdout, stderr, seconds, data if isinstance(data, dict) else {})


def machine_note(tensorflow: str = "tensorflow") -> str:
    """The machine a measurement ran on, for the results table (``tensorflow``: how to
    name the TensorFlow package installed)."""
    probe = "import tensorflow as tf, keras; print(tf.__version__, keras.__version__)"
    try:
        out = offline([sys.executable, "-c", probe], None, 120).stdout.split()
        tf_v, keras_v = out[-2], out[-1]
    except (subprocess.SubprocessError, IndexError):
        tf_v = keras_v = "?"
    return (
        f"{os.cpu_count()} vCPU, no GPU, Python {platform.python_version()}, "
        f"{tensorflow} {tf_v}, keras {keras_v}"
    )
