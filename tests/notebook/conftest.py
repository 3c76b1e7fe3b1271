"""Helpers for the notebook tests: the fixture notebooks and a gptfix subprocess."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


@pytest.fixture
def notebook_copy(tmp_path: Path):
    """Copy a fixture notebook into a temp folder; returns its path there."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copy(NOTEBOOKS / name, dest)
        return dest

    return copy
