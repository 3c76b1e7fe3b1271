"""Shared test helpers: where the fixtures are, a scratch copy of one, env hygiene.

Area-specific fixtures live in each test folder's own conftest.py.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PYTHON = sys.executable


def fixture_dir(name: str) -> Path:
    """The folder of a bundled fixture case, e.g. ``fixture_dir("01-missing-flatten")``."""
    path = FIXTURES / name
    assert path.is_dir(), f"no fixture {name}"
    return path


def fixture_cases() -> list[Path]:
    """Every fixture case folder (those with a train.py)."""
    return sorted(p.parent for p in FIXTURES.glob("*/train.py"))


@pytest.fixture
def scratch_fixture(tmp_path: Path):
    """Copy a fixture case into a temp folder (so tests may change it); returns its train.py."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(fixture_dir(name), dest)
        return dest / "train.py"

    return copy


@pytest.fixture(autouse=True)
def _env_hygiene(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reaches a real LLM endpoint or leaks the developer's key; TF stays quiet.

    Each test caches answers in its own folder: a cached answer from another test or an
    earlier run (same request, a reused port) must never stand in for the fake server's.
    """
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GPTFIX_MODEL", "GPTFIX_PYTHON"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("GPTFIX_CACHE_DIR", str(tmp_path / "gptfix-cache"))
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
