"""Real notebooks end to end: run, fix into the cell, recipes, undo (real TensorFlow runs)."""

from __future__ import annotations

import json

import pytest
from nb_support import gptfix

pytestmark = pytest.mark.tf


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def test_run_reports_the_cell_and_line_with_cell_id_in_json(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    proc = gptfix("run", "--smoke", "--json", path.name, cwd=path.parent)
    assert proc.returncode == 1, proc.stderr
    failure = json.loads(proc.stdout)["failure"]
    assert failure["type"] == "ValueError" and "'lr'" in failure["message"]
    cell = failure["location"]["cell"]
    assert (cell["number"], cell["line"], cell["id"], cell["index"]) == (5, 3, "73fa9e28", 4)
    # runtime facts are those of the failing cell's code
    assert failure["facts"]["locals"]["images"]["shape"] == [80, 48, 48, 3]


def test_run_fix_writes_into_the_cell_and_leaves_outputs_alone(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    before_bytes = path.read_bytes()
    before = _cells(path)
    proc = gptfix("run", "--smoke", "--fix", "--yes", path.name, cwd=path.parent, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "adam-lr-vscode.ipynb, cell 5, line 3: ValueError" in proc.stdout
    after = _cells(path)
    assert "".join(after[4]["source"]).count("Adam(learning_rate=CFG.lr)") == 1
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        assert a["outputs" if "outputs" in a else "metadata"] == b.get(
            "outputs" if "outputs" in a else "metadata"
        )
        if i != 4:
            assert a == b
    text = path.read_text(encoding="utf-8")
    assert text.replace("Adam(learning_rate=CFG.lr)", "Adam(lr=CFG.lr)") == before_bytes.decode()
    undo = gptfix("undo", path.name, cwd=path.parent, timeout=60)
    assert undo.returncode == 0 and path.read_bytes() == before_bytes


def test_magics_and_pip_lines_run_as_comments_and_the_shape_error_is_on_the_fit_cell(
    notebook_copy,
):
    path = notebook_copy("kerascv-starter-colab.ipynb")
    proc = gptfix("run", "--smoke", path.name, cwd=path.parent, timeout=600)
    assert proc.returncode == 1, proc.stderr
    report = proc.stderr.splitlines()
    head = next(line for line in report if line.startswith("kerascv-starter-colab.ipynb, cell"))
    # the %%time cell (11th cell) holds the fit call; its line 1 is the `%%time` magic
    assert head.startswith("kerascv-starter-colab.ipynb, cell 11, line 2: ValueError")


def test_recipe_acts_on_the_cell_that_builds_the_model(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    text = path.read_text(encoding="utf-8").replace("Adam(lr=CFG.lr)", "Adam(learning_rate=CFG.lr)")
    path.write_text(text, encoding="utf-8")
    before = _cells(path)
    listing = gptfix("recipe", "list", path.name, cwd=path.parent, timeout=60)
    assert "adam-lr-vscode.ipynb, cell 3, line" in listing.stdout
    proc = gptfix("recipe", "apply", "attention", path.name, cwd=path.parent, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    after = _cells(path)
    changed = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if a != b]
    assert 2 in changed  # the build_model cell
    assert all(
        after[i]["outputs"] == before[i]["outputs"]
        for i in range(len(after))
        if "outputs" in after[i]
    )
    undo = gptfix("undo", path.name, cwd=path.parent, timeout=60)
    assert undo.returncode == 0 and path.read_text(encoding="utf-8") == text


def test_run_fix_shows_the_fix_in_cells_and_cell_lines(notebook_copy):
    path = notebook_copy("flatten-kaggle.ipynb")
    cells = _cells(path)
    # where the Dense layer that needs a Flatten() is, as the user sees it
    number, line = next(
        (i + 1, k + 1)
        for i, c in enumerate(cells)
        for k, text in enumerate("".join(c["source"]).split("\n"))
        if "layers.Dense(64" in text
    )
    proc = gptfix(
        "run", "--smoke", "--fix", "--yes", "--json", path.name, cwd=path.parent, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    shown = proc.stderr
    title = next(t for t in shown.splitlines() if t.startswith("gptfix: proposed fix"))
    assert title.endswith(f"at cell {number}, line {line}"), title
    assert f"`Dense` at cell {number}, line {line}" in shown  # the evidence
    assert f"+++ b/{path.name} (cell {number})\n" in shown  # the diff is the cell's
    assert "# %% cell" not in shown
    (entry,) = json.loads(proc.stdout)["rounds"]
    assert title.endswith(": " + entry["fix"])
    assert (entry["root_cause"]["cell"]["number"], entry["root_cause"]["cell"]["line"]) == (
        number,
        line,
    )
