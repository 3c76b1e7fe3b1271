"""Fixtures for the LLM tests: a local OpenAI-compatible server, an offline tiktoken cache.

The tokenizer cache is built once per session from the npm package ``js-tiktoken``
(``npm pack`` into the repository's ignored ``.cache/``), expanded to tiktoken's file
format and checked against tiktoken's pinned sha256. Tests that need it skip when npm
cannot fetch the package; the estimate path is tested without it.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI

ROOT = Path(__file__).resolve().parents[2]

JS_TIKTOKEN = "js-tiktoken@1.0.21"
CACHE = ROOT / ".cache"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own answer cache; tiktoken never looks in the user's caches."""
    monkeypatch.setenv("GPTFIX_CACHE_DIR", str(tmp_path / "gptfix-cache"))
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path / "no-tiktoken"))
    monkeypatch.delenv("DATA_GYM_CACHE_DIR", raising=False)
    monkeypatch.delenv("GPTFIX_TOKENIZER", raising=False)


@pytest.fixture
def fake_llm() -> Iterator[FakeOpenAI]:
    server = FakeOpenAI().start()
    yield server
    server.stop()


def _build_tiktoken_cache() -> Path:
    from gptfix.llm.budget import PINNED_SHA256, cache_file_name, expand_js_tiktoken

    dest = CACHE / "tiktoken"
    if all((dest / cache_file_name(name)).is_file() for name in PINNED_SHA256):
        return dest
    npm = shutil.which("npm")
    if npm is None:
        pytest.skip("npm is not installed: cannot build the offline tiktoken cache")
    pack_dir = CACHE / "npm"
    pack_dir.mkdir(parents=True, exist_ok=True)
    tarballs = sorted(pack_dir.glob("js-tiktoken-*.tgz"))
    if not tarballs:
        proc = subprocess.run(
            [npm, "pack", JS_TIKTOKEN, "--pack-destination", str(pack_dir)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        tarballs = sorted(pack_dir.glob("js-tiktoken-*.tgz"))
        if proc.returncode != 0 or not tarballs:
            pytest.skip(f"npm pack {JS_TIKTOKEN} failed: {proc.stderr.strip()[:200]}")
    unpacked = pack_dir / "unpacked"
    with tarfile.open(tarballs[-1]) as tar:
        tar.extractall(unpacked, filter="data")
    for name in PINNED_SHA256:
        expand_js_tiktoken(unpacked / "package" / "dist" / "ranks" / f"{name}.cjs", dest)
    return dest


@pytest.fixture(scope="session")
def tiktoken_files() -> Path:
    """A folder with cl100k_base and o200k_base under tiktoken's cache file names."""
    return _build_tiktoken_cache()


@pytest.fixture
def tiktoken_cache(tiktoken_files: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point tiktoken's cache at the offline files for this test."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tiktoken_files))
    return tiktoken_files
