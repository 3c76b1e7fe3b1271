"""`gptfix apply` on a notebook takes positions as the user sees them.

``--line`` is ``CELL:LINE`` (a bare program line is refused with a one-line hint), and
``--log`` reads a notebook's log (IPython cell frames) as ``diagnose`` does. Dry runs: no
verification, nothing written.
"""

from __future__ import annotations

import shutil

from nb_support import NOTEBOOKS, gptfix

FLATTEN_ANSWER = """The Conv2D output is still 4-D when it reaches the head; flatten it first:

```python
<<<<<<< SEARCH
        layers.Dense(64, activation="relu"),
=======
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
>>>>>>> REPLACE
```
"""


def _setup(tmp_path):
    nb = tmp_path / "flatten-kaggle.ipynb"
    shutil.copy(NOTEBOOKS / "flatten-kaggle.ipynb", nb)
    answer = tmp_path / "answer.md"
    answer.write_text(FLATTEN_ANSWER, encoding="utf-8")
    return nb, answer


def test_line_is_a_cell_position(tmp_path):
    nb, answer = _setup(tmp_path)
    before = nb.read_bytes()
    ok = gptfix(
        "apply", nb.name, "--answer", str(answer), "--line", "8:3", "--dry-run", cwd=tmp_path
    )
    assert ok.returncode == 0, ok.stderr
    assert "+        layers.Flatten()," in ok.stdout
    assert "cell 6" in ok.stdout  # the diff is headed by the cell it changes
    bare = gptfix(
        "apply", nb.name, "--answer", str(answer), "--line", "30", "--dry-run", cwd=tmp_path
    )
    assert bare.returncode != 0
    assert bare.stdout == ""
    assert "CELL:LINE" in bare.stderr and len(bare.stderr.strip().splitlines()) == 1
    assert nb.read_bytes() == before


def test_log_of_a_notebook_run_is_read_on_its_cells(tmp_path):
    nb, answer = _setup(tmp_path)
    log = tmp_path / "run.log"
    shutil.copy(NOTEBOOKS / "flatten-kaggle.log", log)
    before = nb.read_bytes()
    ok = gptfix(
        "apply", nb.name, "--answer", str(answer), "--log", str(log), "--dry-run", cwd=tmp_path
    )
    assert ok.returncode == 0, ok.stderr
    assert "+        layers.Flatten()," in ok.stdout
    empty = tmp_path / "empty.log"
    empty.write_text("training on (128, 28, 28, 1)\nEpoch 1/2\n", encoding="utf-8")
    bad = gptfix(
        "apply", nb.name, "--answer", str(answer), "--log", str(empty), "--dry-run", cwd=tmp_path
    )
    assert bad.returncode != 0
    assert "no Python traceback" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert nb.read_bytes() == before
