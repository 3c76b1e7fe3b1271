"""A change to a notebook is shown as the user sees the notebook: a diff per changed cell
(headed with the cell, in the cell's own lines), titles and notes naming cells and cell
lines, never the exported program (`# %% cell N`) or its line numbers. No runs: dry runs."""

from __future__ import annotations

import json
import re

from nb_support import gptfix

LR_ANSWER = """Keras 3 removed the `lr` alias of the optimizers; pass `learning_rate`:

```python
<<<<<<< SEARCH
    optimizer=Adam(lr=CFG.lr),
=======
    optimizer=Adam(learning_rate=CFG.lr),
>>>>>>> REPLACE
```
"""


def _hunk_starts(diff: str) -> list[int]:
    return [int(m[1]) for m in re.finditer(r"^@@ -(\d+)", diff, re.M)]


def test_apply_dry_run_shows_the_changed_cell_as_a_diff(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    before = path.read_bytes()
    (path.parent / "answer.md").write_text(LR_ANSWER)
    proc = gptfix("apply", path.name, "--answer", "answer.md", "--dry-run", cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "# %% cell" not in out  # not the exported program
    assert out.startswith(f"--- a/{path.name} (cell 5)\n+++ b/{path.name} (cell 5)\n")
    assert "-    optimizer=Adam(lr=CFG.lr),\n+    optimizer=Adam(learning_rate=CFG.lr),\n" in out
    assert _hunk_starts(out) == [1]  # the cell's own line numbers (the program's are ~30)
    assert "cell 5, line 3" in proc.stderr  # where the block went, in the cell's lines
    assert path.read_bytes() == before


def test_apply_json_names_the_cell_of_each_edit(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    (path.parent / "answer.md").write_text(LR_ANSWER)
    proc = gptfix(
        "apply", path.name, "--answer", "answer.md", "--dry-run", "--json", cwd=path.parent
    )
    assert proc.returncode == 0, proc.stderr
    (edit,) = json.loads(proc.stdout)["edits"]
    assert (edit["start_cell"]["number"], edit["start_cell"]["line"]) == (5, 3)
    assert edit["start_cell"]["id"] == "73fa9e28"
    assert "cell 5, line" in edit["summary"]


def test_recipe_dry_run_diffs_each_cell_it_changes_and_titles_in_cell_lines(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    before = path.read_bytes()
    proc = gptfix("recipe", "apply", "attention", path.name, "--dry-run", cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    title = out.splitlines()[0]
    assert re.search(r"at cell 3, line \d+$", title), title
    assert "# %% cell" not in out
    headers = re.findall(r"^\+\+\+ b/(.*)$", out, re.M)
    assert f"{path.name} (cell 3)" in headers  # the cell that builds the model
    cell3 = out[out.index(f"+++ b/{path.name} (cell 3)") :]
    assert max(_hunk_starts(cell3)) < 30  # numbered in the cell, not the program
    assert path.read_bytes() == before
    data = json.loads(
        gptfix(
            "recipe", "apply", "attention", path.name, "--dry-run", "--json", cwd=path.parent
        ).stdout
    )
    assert data["fix"]["title"] == title.removeprefix("gptfix: ")
    assert data["diff"] == out[len(title) + 1 :]
