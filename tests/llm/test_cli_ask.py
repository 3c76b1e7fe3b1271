"""`gptfix ask` and the verification step of `gptfix apply`, as a user runs them.

Bad input gets one line and its own exit code; a verified change is written only with
``--yes`` and through the journal; a pasted answer that does not build is not written.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import ask_answers as answers
import pytest
from fake_openai import FakeOpenAI, Reply

from gptfix.errors import (
    EXIT_EMPTY_REQUEST,
    EXIT_LLM,
    EXIT_NO_ENDPOINT,
    EXIT_NOT_ADDRESSED,
    EXIT_UNVERIFIED,
)

ROOT = Path(__file__).resolve().parents[2]


def gptfix(*args: str, base_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if base_url:
        env["OPENAI_BASE_URL"] = base_url
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=600,
    )


def working(tmp_path: Path, case: str = "01-missing-flatten") -> Path:
    dest = tmp_path / "train.py"
    shutil.copy(ROOT / "fixtures" / case / "fixed.py", dest)
    return dest


def tiny(tmp_path: Path) -> Path:
    """A script without TensorFlow: its build-mode run costs nothing."""
    dest = tmp_path / "tiny.py"
    dest.write_text("EPOCHS = 2\nprint('training for', EPOCHS)\n")
    return dest


def one_line(err: str) -> str:
    lines = [ln for ln in err.splitlines() if ln.startswith("gptfix: ") and "..." not in ln]
    assert len(lines) == 1, err
    return lines[0]


def test_no_endpoint_says_how_to_set_one(tmp_path: Path) -> None:
    script = tiny(tmp_path)
    out = gptfix("ask", str(script), "add dropout")
    assert out.returncode == EXIT_NO_ENDPOINT
    line = one_line(out.stderr)
    assert "OPENAI_API_KEY" in line and "base_url" in line


def test_empty_request(tmp_path: Path, fake_llm: FakeOpenAI) -> None:
    out = gptfix("ask", str(tiny(tmp_path)), "   ", base_url=fake_llm.base_url)
    assert out.returncode == EXIT_EMPTY_REQUEST
    assert "request is empty" in one_line(out.stderr)
    assert not fake_llm.requests


def test_endpoint_error_and_timeout(tmp_path: Path, fake_llm: FakeOpenAI) -> None:
    script = tiny(tmp_path)
    before = script.read_text()
    fake_llm.replies += [Reply(status=500)] * 4
    out = gptfix("ask", str(script), "train longer", base_url=fake_llm.base_url)
    assert out.returncode == EXIT_LLM
    assert "500" in one_line(out.stderr)
    fake_llm.replies[:] = [Reply(answers.ONLY_EPOCHS, delay=3.0)] * 4
    args = ("ask", str(script), "train longer", "--timeout", "0.5")
    out = gptfix(*args, base_url=fake_llm.base_url)
    assert out.returncode == EXIT_LLM
    line = one_line(out.stderr)
    assert "0.5 s" in line and fake_llm.base_url in line  # the timeout and the endpoint
    assert script.read_text() == before


@pytest.mark.tf
def test_answer_that_does_not_address_the_request(tmp_path: Path, fake_llm: FakeOpenAI) -> None:
    script = working(tmp_path)
    before = script.read_text()
    fake_llm.replies += [Reply(answers.ONLY_EPOCHS)] * 2
    args = ("ask", str(script), "add batch normalization after each conv layer", "--yes")
    out = gptfix(*args, base_url=fake_llm.base_url)
    assert out.returncode == EXIT_NOT_ADDRESSED, out.stderr
    assert "does not address the request" in one_line(out.stderr)
    assert script.read_text() == before


@pytest.mark.tf
def test_yes_writes_a_verified_change_and_undo_restores(
    tmp_path: Path, fake_llm: FakeOpenAI
) -> None:
    script = working(tmp_path)
    before = script.read_text()
    fake_llm.replies += [Reply(answers.SEQ_BATCHNORM, usage=(800, 70))]
    request = "add batch normalization after each conv layer"
    out = gptfix("ask", str(script), request, "--yes", "--json", base_url=fake_llm.base_url)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verified"] is True and data["written"] is True
    assert data["rounds"][0]["prompt_tokens"] == 800 and data["tokens"]["completion"] == 70
    assert data["explanation"] == "Adds batch normalization after each convolution"
    assert script.read_text().count("layers.BatchNormalization()") == 2
    assert gptfix("undo", str(script)).returncode == 0
    assert script.read_text() == before


@pytest.mark.tf
def test_apply_does_not_write_an_answer_that_does_not_build(tmp_path: Path) -> None:
    script = working(tmp_path)
    before = script.read_text()
    answer = tmp_path / "answer.md"
    answer.write_text(
        "Add an SE block.\n\n<<<<<<< SEARCH\n        layers.Flatten(),\n=======\n"
        "        layers.SqueezeExcitation(),\n        layers.Flatten(),\n>>>>>>> REPLACE\n"
    )
    out = gptfix("apply", str(script), "--answer", str(answer))
    assert out.returncode == EXIT_UNVERIFIED
    line = one_line(out.stderr)
    assert "SqueezeExcitation" in line and "--no-verify" in line
    assert script.read_text() == before
    out = gptfix("apply", str(script), "--answer", str(answer), "--no-verify")
    assert out.returncode == 0, out.stderr
    assert "layers.SqueezeExcitation()," in script.read_text()
