"""Fixtures for the traceback/log tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _tb_helpers import SCRIPTS


@pytest.fixture
def project(tmp_path: Path):
    """Copy a capture script into a fresh local folder (as another name if asked)."""

    def copy(script: str, as_name: str | None = None, folder: str = "project") -> Path:
        dest = tmp_path / folder / (as_name or script)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SCRIPTS / script, dest)
        return dest

    return copy
