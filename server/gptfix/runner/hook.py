"""The runner's side of the boot hook: the environment that loads it, the report it writes.

Bridges ``gptfix._boot`` (which runs inside the user's interpreter) and the core: builds
the child's environment (boot folder first on ``PYTHONPATH``, the mode and where to
write the report) and turns the JSON report back into :class:`~gptfix.model.Failure`,
the smoke caps and the build summary.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gptfix import _boot
from gptfix.model import Failure
from gptfix.values import ValueTrace

MODES = ("normal", "smoke", "build")


def boot_env(
    base: Mapping[str, str],
    *,
    report: Path,
    mode: str,
    smoke_steps: int,
    eager: bool,
    user_dir: Path,
) -> dict[str, str]:
    """``base`` plus what the boot hook needs; the hook restores PYTHONPATH for children."""
    env = dict(base)
    original = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_boot.BOOT_DIR), original) if p)
    env[_boot.ENV_PYTHONPATH] = original
    env[_boot.ENV_REPORT] = str(report)
    env[_boot.ENV_MODE] = mode
    env[_boot.ENV_STEPS] = str(smoke_steps)
    env[_boot.ENV_EAGER] = "1" if eager else "0"
    env[_boot.ENV_USER_DIR] = str(user_dir)
    env.setdefault("PYTHONUNBUFFERED", "1")  # so the script's output streams live
    return env


@dataclass
class Report:
    """What the boot hook wrote: the failure (if any), smoke caps, build summary."""

    failure: Failure | None
    smoke: dict[str, Any] | None
    build: dict[str, Any] | None
    notes: list[str]
    trace: ValueTrace | None = None  #: shapes/dtypes per line of the user's files


def read_report(path: Path) -> Report | None:
    """The boot hook's report, or None when the process wrote none (killed, crashed hard)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    raw = data.get("failure")
    failure = None
    if isinstance(raw, dict):
        try:
            failure = Failure.from_json(raw)
        except (KeyError, TypeError):
            failure = None
    raw_smoke = data.get("smoke")
    smoke = None
    if isinstance(raw_smoke, dict):
        smoke = {
            "capped": [str(c) for c in raw_smoke.get("capped", [])],
            "steps": raw_smoke.get("steps"),
            "eager": raw_smoke.get("eager"),
        }
    build = data.get("build")
    notes = data.get("notes") or []
    return Report(
        failure=failure,
        smoke=smoke,
        build=build if isinstance(build, dict) else None,
        notes=[str(n) for n in notes],
        trace=ValueTrace.from_json(data["trace"]) if data.get("trace") else None,
    )
