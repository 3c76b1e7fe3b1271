"""Notebooks as an editor holds them: cell URIs, changes of the program as cell edits."""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Fix
from gptfix.notebook.editor import (
    EditorCell,
    cell_fix,
    editor_notebook,
    notebook_path,
    program_lines,
)

NB = Path("/home/user/my work/train.ipynb")
CELL = "vscode-notebook-cell:/home/user/my%20work/train.ipynb#W{}sZmlsZQ%3D%3D"


def _notebook():
    cells = [
        EditorCell(0, CELL.format(0), "%matplotlib inline\nrows = load()\nprint(len(rows))\n"),
        EditorCell(1, CELL.format(1), "# Model", is_code=False),
        EditorCell(2, CELL.format(2), "total = sum(data)\nprint(total)"),
    ]
    return editor_notebook(NB.as_uri(), NB, cells)


def test_the_notebook_behind_a_cell_or_notebook_uri():
    assert notebook_path(CELL.format(3)) == NB
    assert notebook_path(NB.as_uri()) == NB
    assert notebook_path("file:///home/user/train.py") is None
    assert notebook_path("untitled:Untitled-1.ipynb") is None


def test_a_change_in_another_cell_is_an_edit_of_that_cell():
    nb = _notebook()
    program = nb.program.text
    assert "# %matplotlib inline" in program  # the magic is a comment in the program
    new = program.replace("rows = load()", "data = load()").replace(
        "print(len(rows))", "print(len(data))"
    )
    fix = Fix(title="bind `data` at line 3", new_text=new, origin="llm:test")
    on_cell = cell_fix(nb, CELL.format(2), fix)
    assert on_cell is not None
    assert on_cell.new_text == "total = sum(data)\nprint(total)"  # the crashing cell stays
    # the other cell, as the editor has it: the magic is a magic again, not a comment
    assert on_cell.other_documents == {
        CELL.format(0): (
            "%matplotlib inline\nrows = load()\nprint(len(rows))\n",
            "%matplotlib inline\ndata = load()\nprint(len(data))\n",
        )
    }
    assert on_cell.title == "bind `data` at cell 1, line 2"


def test_a_change_across_a_cell_boundary_is_not_a_cell_edit():
    nb = _notebook()
    new = nb.program.text.replace("# %% cell 3\n", "")
    assert cell_fix(nb, CELL.format(2), Fix("merge", new, "llm:test")) is None
    assert cell_fix(nb, CELL.format(1), Fix("md", nb.program.text + "x = 1\n", "x")) is None


def test_lines_named_in_a_cell_are_program_lines():
    nb = _notebook()
    got = program_lines(
        nb, CELL.format(2), {"line": 2, "endLine": 9, "request": "x"}, ("line", "endLine")
    )
    lines = nb.program.text.split("\n")
    assert lines[got["line"] - 1] == "print(total)"
    assert got["endLine"] == got["line"] and got["request"] == "x"  # clamped to the cell
