"""`gptfix apply`: writes through the journal (undoable), --dry-run, --json, refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ANSWER = HERE / "corpus" / "f01-aider-sr.md"
GENERIC = HERE / "corpus" / "k05-generic-example.md"


def gptfix(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args], capture_output=True, text=True, input=stdin
    )


@pytest.mark.tf
def test_apply_writes_and_undo_restores(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", str(ANSWER))
    assert out.returncode == 0, out.stderr
    assert "+        layers.Flatten()," in out.stdout and "gptfix undo" in out.stdout
    assert "verified: it builds and trains" in out.stdout
    assert b"layers.Flatten()," in script.read_bytes()
    assert gptfix("undo", str(script)).returncode == 0
    assert script.read_bytes() == before


def test_dry_run_prints_and_changes_nothing(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_text()
    out = gptfix("apply", str(script), "--answer", "-", "--dry-run", stdin=ANSWER.read_text())
    assert out.returncode == 0
    assert out.stdout.count("\n") == before.count("\n") + 1
    assert "layers.Flatten()," in out.stdout
    assert script.read_text() == before
    assert not (script.parent / ".gptfix").exists()
    assert "not verified" in out.stderr  # a preview does not pass for a checked change


def test_json_lists_edits(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("13-undefined-name-snippet")
    answer = HERE / "corpus" / "f13-en-uses-their-names.md"
    out = gptfix("apply", str(script), "--answer", str(answer), "--json", "--dry-run")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["applied"] is True and data["refusal"] is None
    # the answer fits; the dry run neither wrote nor ran it, and the JSON says so
    assert data["dry_run"] is True and data["verification"]["verified"] is False
    assert data["edits"] and data["changes"]
    assert {"answer": "train_ds", "script": "train_dataset"}.items() <= next(
        n for n in data["names"] if n["answer"] == "train_ds"
    ).items()


def test_refusal_exits_3_with_one_line_and_leaves_the_file(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("09-grayscale-backbone")
    before = script.read_bytes()
    out = gptfix(
        "apply", str(script), "--answer", str(HERE / "corpus" / "f09-chatty-whole-file-generic.md")
    )
    assert out.returncode == 3
    assert out.stderr.count("\n") == 1 and "unrelated model" in out.stderr
    assert script.read_bytes() == before
    js = gptfix("apply", str(script), "--answer", str(GENERIC), "--json")
    assert js.returncode == 3 and json.loads(js.stdout)["refusal"]


def test_bad_inputs(tmp_path: Path, scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    missing = gptfix("apply", str(script), "--answer", str(tmp_path / "nope.md"))
    assert missing.returncode == 7 and missing.stderr.startswith("gptfix: cannot read answer")
    assert gptfix("apply", str(tmp_path / "none.py"), "--answer", str(ANSWER)).returncode == 4


MIXED = """Check the versions first, in a new cell:

```python
import keras
print(keras.__version__)
```

```bash
pip install -U keras
```

Then add the missing flatten:

```python
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
```
"""


def test_each_block_is_explained_in_text_and_json(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    dry = gptfix("apply", str(script), "--answer", "-", "--dry-run", stdin=MIXED)
    assert dry.returncode == 0, dry.stderr
    assert "layers.Flatten()," in dry.stdout and "print(keras" not in dry.stdout
    lines = [x for x in dry.stderr.splitlines() if x.startswith("gptfix: block")]
    assert len(lines) == 3
    assert "skipped" in lines[0] and "inspects" in lines[0]
    assert "skipped" in lines[1]
    assert "applied" in lines[2] and "line" in lines[2]
    assert script.read_bytes() == before  # a dry run never writes
    js = gptfix("apply", str(script), "--answer", "-", "--json", "--dry-run", stdin=MIXED)
    blocks = json.loads(js.stdout)["blocks"]
    assert [b["status"] for b in blocks] == ["skipped", "skipped", "applied"]
    assert all(b["detail"] for b in blocks)
    assert script.read_bytes() == before
    wrote = gptfix("apply", str(script), "--answer", "-", stdin=MIXED)
    assert wrote.returncode == 0 and "gptfix: block 3" in wrote.stdout


def test_a_refused_dry_run_explains_its_blocks_and_writes_nothing(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", str(GENERIC), "--dry-run")
    assert out.returncode == 3 and out.stdout == ""  # stdout only ever holds a patched script
    assert out.stderr.strip().split("\n")[-1].startswith("gptfix: answer not applied: ")
    assert "gptfix: block 1" in out.stderr and "refused" in out.stderr
    assert script.read_bytes() == before
    assert not (script.parent / ".gptfix").exists()


WRONG_LOSS = """Use the categorical loss:

```python
    loss="categorical_crosentropy",
```
"""


@pytest.mark.tf
def test_an_answer_that_fails_verification_reports_no_block_as_applied(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", "-", stdin=WRONG_LOSS)
    assert out.returncode == 23, out.stdout + out.stderr
    block = next(x for x in out.stdout.splitlines() if x.startswith("gptfix: block 1"))
    assert "not applied" in block and "fails verification" in block
    assert "nothing was changed" in out.stderr
    assert script.read_bytes() == before


@pytest.mark.tf
def test_an_answer_that_fails_verification_says_so_in_its_json(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", "-", "--json", stdin=WRONG_LOSS)
    assert out.returncode == 23, out.stdout + out.stderr
    data = json.loads(out.stdout)
    assert data["applied"] is False  # a caller reading only "applied" is not misled
    assert "nothing was changed" in data["refusal"]
    assert data["verification"]["verified"] is False
    assert all(b["status"] != "applied" for b in data["blocks"])
    assert script.read_bytes() == before


@pytest.mark.tf
def test_a_checked_dry_run_refuses_what_would_not_train_and_writes_nothing(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", "-", "--dry-run", "--check", stdin=WRONG_LOSS)
    assert out.returncode == 23, out.stdout + out.stderr
    assert out.stdout == ""  # nothing offered: the patch does not train
    assert "nothing was changed" in out.stderr
    assert script.read_bytes() == before
    assert not (script.parent / ".gptfix").exists()


@pytest.mark.tf
def test_a_checked_dry_run_prints_the_verified_patch_and_writes_nothing(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", str(ANSWER), "--dry-run", "--check", "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    data = json.loads(out.stdout)
    assert data["dry_run"] is True and data["verification"]["verified"] is True
    assert script.read_bytes() == before
    assert not (script.parent / ".gptfix").exists()


def test_check_without_a_dry_run_is_a_clear_error(scratch_fixture) -> None:  # type: ignore[no-untyped-def]
    script = scratch_fixture("01-missing-flatten")
    before = script.read_bytes()
    out = gptfix("apply", str(script), "--answer", str(ANSWER), "--check")
    assert out.returncode != 0 and "--check goes with --dry-run" in out.stderr
    assert script.read_bytes() == before
