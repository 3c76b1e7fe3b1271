"""Helpers for the notebook tests: the fixture notebooks and a gptfix subprocess."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"
LOGS = NOTEBOOKS.parent / "logs"


def gptfix(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
