"""Token counting: the offline tiktoken cache built from js-tiktoken, and the estimate path."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from gptfix.llm import budget
from gptfix.llm.budget import PINNED_SHA256, cache_file_name, estimate_tokens, get_counter

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = (ROOT / "fixtures" / "01-missing-flatten" / "train.py").read_text()


def test_js_tiktoken_expands_to_the_official_files(tiktoken_files: Path) -> None:
    for name, sha in PINNED_SHA256.items():
        data = (tiktoken_files / cache_file_name(name)).read_bytes()
        assert hashlib.sha256(data).hexdigest() == sha


def test_cache_file_names_are_sha1_of_the_official_urls() -> None:
    url = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
    assert cache_file_name("cl100k_base") == hashlib.sha1(url.encode()).hexdigest()


def test_exact_counts_come_from_the_local_files(
    tiktoken_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "_LOADED", {})
    counter = get_counter("gpt-4o-mini")
    assert counter.exact and counter.name == "o200k_base"
    n = counter.count(SAMPLE)
    # the estimate errs high, but not wildly
    assert n < estimate_tokens(SAMPLE) < 1.6 * n
    assert get_counter("gpt-4").name == "cl100k_base"


def test_estimate_when_no_encoding_is_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget, "_LOADED", {})
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "empty"))
    monkeypatch.setattr(budget.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    started = time.monotonic()
    counter = get_counter("gpt-4o-mini")
    assert time.monotonic() - started < 2.0  # no network wait on the request path
    assert not counter.exact
    assert "estimate" in counter.label
    assert counter.count("x" * 320) == 100


def test_a_corrupt_cached_file_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "_LOADED", {})
    folder = tmp_path / "tk"
    folder.mkdir()
    (folder / cache_file_name("o200k_base")).write_text("IQ== 0\n")
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(folder))
    monkeypatch.setattr(budget.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    assert not get_counter("gpt-4o-mini").exact


def test_forced_estimate(tiktoken_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GPTFIX_TOKENIZER", "estimate")
    assert not get_counter("gpt-4o-mini").exact
