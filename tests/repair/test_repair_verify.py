"""Verification rejects what does not cure the failure, and never hangs on a bad script."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from repair_support import captured_failure

from gptfix.model import Failure, Fix, RunStatus, Script
from gptfix.repair import fix_loop
from gptfix.settings import Settings
from gptfix.verify import verify as _verify


def verify(script: Script, fix: Fix, failure: Failure, settings: Settings):  # noqa: ANN201
    return _verify(script, fix, against=failure, settings=settings)


def _fix(text: str, title: str = "test fix") -> Fix:
    return Fix(title=title, new_text=text, origin="rule:test")


def test_a_fix_that_does_not_parse_is_rejected_without_running(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("print('hi')\n")
    ver = verify(Script.read(script), _fix("print('hi'\n"), Failure("ValueError", "x"), Settings())
    assert not ver.verified
    assert ver.stages == [] and "parse" in (ver.reason or "")


def test_a_fix_that_uses_an_unbound_name_is_rejected_before_any_run(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("import math\nx = math.sqrt(4)\nprint(x)\n")
    patched = "import math\nx = math.sqrt(four)\nprint(x)\n"
    started = time.monotonic()
    ver = verify(Script.read(script), _fix(patched), Failure("ValueError", "x"), Settings())
    assert not ver.verified
    assert ver.stages == ["parse"]
    assert "four" in (ver.reason or "")
    assert time.monotonic() - started < 5


@pytest.mark.tf
def test_a_wrong_fix_is_rejected_because_the_failure_is_still_there(scratch_fixture) -> None:
    script = scratch_fixture("03-sparse-labels-categorical-loss")
    failure = captured_failure(script.parent / "traceback.txt", script)
    text = script.read_text()
    wrong = text.replace('metrics=["accuracy"]', 'metrics=["accuracy", "mae"]')
    assert wrong != text
    fix = _fix(wrong, "add a metric (does not touch the loss)")
    ver = verify(Script.read(script), fix, failure, Settings())
    assert not ver.verified
    assert fix.verification is ver
    assert "original failure" in (ver.reason or "")
    assert ver.new_failure is not None and ver.new_failure.type == "ValueError"
    assert script.read_text() == text  # verification never touches the file


def test_a_hanging_build_does_not_hang_verification(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("raise ValueError('broken')\n")
    hang = "import time\ntime.sleep(600)\n"
    started = time.monotonic()
    ver = verify(
        Script.read(script), _fix(hang), Failure("ValueError", "broken"), Settings(run_timeout=3)
    )
    assert time.monotonic() - started < 60
    assert not ver.verified
    assert "did not finish in time" in (ver.reason or "")


def test_a_crashing_build_is_reported_not_verified(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("raise ValueError('broken')\n")
    crash = "import os\nos.abort()\n"
    ver = verify(
        Script.read(script), _fix(crash), Failure("ValueError", "broken"), Settings(run_timeout=60)
    )
    assert not ver.verified
    assert "build" in (ver.reason or "")


def test_the_loop_stops_on_a_hanging_script_and_leaves_it_alone(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    text = "import time\ntime.sleep(600)\n"
    script.write_text(text)
    started = time.monotonic()
    result = fix_loop(script, Settings(run_timeout=3), fixers=[])
    assert time.monotonic() - started < 60
    assert result.status is RunStatus.TIMEOUT
    assert result.rounds == []
    assert script.read_text() == text


def test_the_loop_never_writes_an_unverified_fix(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    text = "values = [1, 2]\nprint(values[5])\n"
    script.write_text(text)

    def bad_fixer(s: Script, f: Failure, previous: Failure | None) -> list[Fix]:
        return [_fix(s.text.replace("values[5]", "values[7]"), "another bad index")]

    events: list[str] = []
    result = fix_loop(
        script, Settings(run_timeout=60), fixers=[bad_fixer], on_event=lambda n, d: events.append(n)
    )
    assert result.status is RunStatus.FAILED
    assert script.read_text() == text
    assert result.rounds == [
        {"fix": "another bad index", "origin": "rule:test", "verified": False, "applied": False}
    ]
    assert "applied" not in events and "no-fix" in events
