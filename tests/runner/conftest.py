"""Helpers for the runner tests: write a small script into a temp folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def write_script(tmp_path: Path) -> Callable[..., Path]:
    """Write dedented ``text`` to ``tmp_path/proj/<name>`` and return its path."""

    def write(text: str, name: str = "train.py") -> Path:
        path = tmp_path / "proj" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return path

    return write
