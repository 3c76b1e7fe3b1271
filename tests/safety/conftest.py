"""Fixtures for the safety tests: the local OpenAI-compatible server, a private cache."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))

from fake_openai import FakeOpenAI  # noqa: E402


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GPTFIX_CACHE_DIR", str(tmp_path / "gptfix-cache"))
    monkeypatch.setenv("GPTFIX_TOKENIZER", "estimate")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "user-config"))
    monkeypatch.delenv("GPTFIX_TRUST_PROJECT", raising=False)
    monkeypatch.delenv("GPTFIX_LLM_TIMEOUT", raising=False)


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()
