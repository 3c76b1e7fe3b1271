"""A failure's lines and its fixes follow the user's edits, or are dropped when touched."""

from __future__ import annotations

from gptfix.edits import apply_edits, minimal_edits
from gptfix.lsp.tracking import line_map, rebase_edits

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
