"""The fix loop as a service operation: what `gptfix run --fix` and `gptfix.fixLoop` share.

Real runs of a small script (no TensorFlow): the outcome carries the edit an editor's
buffer gets, the index of each text is built once per round, and a bad round count is
refused the same way from the CLI as from the operation.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gptfix.edits import apply_edits, minimal_edits
from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.index import INDEXES, build_index
from gptfix.service import ops
from gptfix.settings import Settings

TYPO = """def load():
    return [1, 2, 3]


data = load()
total = sum(dat)
print("total", total)
"""


def test_the_outcome_carries_the_verified_edit_the_loop_wrote(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(TYPO)
    events: list[str] = []
    INDEXES.clear()
    outcome = ops.fix_loop(
        script,
        Settings(run_timeout=60),
        max_rounds=2,
        version=7,
        on_event=lambda n, _d: events.append(n),
    )
    assert outcome.result.status.value == "succeeded", outcome.result.to_json()
    assert outcome.before == TYPO and outcome.after == script.read_text() != TYPO
    assert outcome.version == 7
    edit = outcome.edit
    assert edit is not None and edit.verified and edit.title
    # what an editor applies to its buffer (made against `before`) gives the file's text
    assert (
        apply_edits(outcome.before, minimal_edits(outcome.before, edit.new_text)) == outcome.after
    )
    assert "applied" in events
    # every text the round looked at (the script, the fixed script) was indexed once
    assert INDEXES.builds == INDEXES.recent() >= 2


def test_nothing_written_means_no_edit(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("print('fine')\n")
    outcome = ops.fix_loop(script, Settings(run_timeout=60))
    assert outcome.result.status.value == "succeeded"
    assert outcome.written == [] and outcome.edit is None
    assert outcome.after == outcome.before


def test_a_round_count_below_one_is_refused_by_the_operation_and_the_cli(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(TYPO)
    with pytest.raises(GptfixError) as caught:
        ops.fix_loop(script, Settings(), max_rounds=0)
    assert caught.value.exit_code == EXIT_USAGE and "at least 1" in caught.value.message
    cli = subprocess.run(
        [sys.executable, "-m", "gptfix", "run", "--fix", "--yes", "--max-rounds", "0", str(script)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cli.returncode == EXIT_USAGE, cli.stderr
    assert caught.value.message in cli.stderr
    assert script.read_text() == TYPO  # nothing ran, nothing written


def test_the_index_cache_follows_the_text() -> None:
    first = build_index("x = 1\n", "a.py")
    assert build_index("x = 1\n", "a.py") is first  # the same text: built once
    elsewhere = build_index("x = 1\n", "b.py")
    assert elsewhere.path == "b.py" and [b.name for b in elsewhere.bindings] == ["x"]
    changed = build_index("y = 2\n", "a.py")
    assert [b.name for b in changed.bindings] == ["y"]
    broken = build_index("y = (\n", "a.py")
    assert broken.syntax_error is not None and broken.bindings == []


def test_a_fix_that_uncovers_the_next_failure_is_stacked_with_its_fix(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text(TYPO.replace('print("total", total)', 'print("total", totl)'))
    outcome = ops.fix_loop(script, Settings(run_timeout=60), max_rounds=1)
    assert outcome.result.status.value == "succeeded", outcome.result.rounds
    (fix,) = outcome.written  # one round: both names fixed in one verified change
    assert "; then " in fix.title and fix.verified
    assert "sum(data)" in outcome.after and 'print("total", total)' in outcome.after
    assert outcome.edit is fix
