"""A failure's lines and its fixes follow the user's edits, or are dropped when touched."""

from __future__ import annotations

from pathlib import Path

import pytest

from gptfix.edits import apply_edits, minimal_edits
from gptfix.errors import GptfixError
from gptfix.lsp.tracking import follow_failure, line_map, rebase_edits
from gptfix.model import Failure, Frame, Location

OLD = "a = 1\nb = 2\nc = bad\nd = 4\n"


def test_unchanged_lines_move_and_edited_lines_vanish():
    new = "# header\n# more\na = 1\nb = 2\nc = good\nd = 4\n"
    lm = line_map(OLD, new)
    assert lm.line(0) == 2 and lm.line(3) == 5
    assert lm.line(2) is None
    assert lm.lines(0, 1) == 2 and lm.lines(1, 2) is None


def test_fix_edits_move_with_an_insertion_above():
    fixed = OLD.replace("c = bad", "c = 3")
    edits = minimal_edits(OLD, fixed)
    current = "import os\n" + OLD
    moved = rebase_edits(edits, line_map(OLD, current))
    assert moved is not None
    assert apply_edits(current, moved) == "import os\n" + fixed


def test_fix_is_dropped_when_its_lines_were_edited():
    edits = minimal_edits(OLD, OLD.replace("c = bad", "c = 3"))
    current = OLD.replace("c = bad", "c = bad  # looking at it")
    assert rebase_edits(edits, line_map(OLD, current)) is None


def test_insertions_at_the_end_follow_the_last_line():
    fixed = OLD + "print(d)\n"
    edits = minimal_edits(OLD, fixed)
    current = "# top\n" + OLD
    moved = rebase_edits(edits, line_map(OLD, current))
    assert moved is not None and apply_edits(current, moved) == "# top\n" + fixed


def _failure(path: Path, line: int, source: str) -> Failure:
    frame = Frame(str(path), line, source=source, is_user=True, local_path=str(path))
    return Failure("NameError", "bad", [frame], location=Location(str(path), line))


def test_a_failure_moves_onto_the_text_now_and_is_found_again_by_its_statement(tmp_path):
    nb = tmp_path / "train.ipynb"
    below = follow_failure(_failure(nb, 3, "c = bad"), OLD, "import os\n\n" + OLD, nb)
    assert below.location is not None and below.location.line == 5
    # the failing statement moved up past its neighbours: the diff keeps no anchor for
    # it, but it occurs once in the new text
    new = "c = bad\na = 1\nb = 2\nd = 4\n"
    assert line_map(OLD, new).line(2) is None
    moved = follow_failure(_failure(nb, 3, "c = bad"), OLD, new, nb)
    assert moved.location is not None and moved.location.line == 1
    assert moved.frames[0].line == 1 and moved.frames[0].is_user


def test_a_failure_whose_line_was_edited_says_so(tmp_path):
    nb = tmp_path / "train.ipynb"
    with pytest.raises(GptfixError, match=r"the failing line `c = bad` was edited since the run"):
        follow_failure(_failure(nb, 3, "c = bad"), OLD, OLD.replace("c = bad", "c = 3"), nb)
