"""Fixtures for the notebook tests: a scratch copy of a fixture notebook."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nb_support import NOTEBOOKS


@pytest.fixture
def notebook_copy(tmp_path: Path):
    """Copy a fixture notebook (or its log) into a temp folder; returns its path there."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copy(NOTEBOOKS / name, dest)
        return dest

    return copy
