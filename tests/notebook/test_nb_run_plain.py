"""Notebooks without TensorFlow: display cells run, a missing dataset fails on its cell."""

from __future__ import annotations

import json
from pathlib import Path

from nb_support import gptfix


def _notebook(path: Path, sources: list[str]) -> None:
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": s.splitlines(keepends=True),
        }
        for i, s in enumerate(sources)
    ]
    cells.insert(1, {"cell_type": "markdown", "id": "m", "metadata": {}, "source": ["# data"]})
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")


def test_display_cells_run_and_a_missing_dataset_fails_on_its_cell(tmp_path):
    path = tmp_path / "eda.ipynb"
    _notebook(
        path,
        [
            "!pip install -q kaggle\n%matplotlib inline\nimport json",
            "stats = {'rows': 3, 'cols': 2}\ndisplay(stats)\nstats",
            "%%bash\nkaggle datasets download -d someone/plants\nunzip plants.zip",
            "import os\nwith open('/kaggle/input/plants/train.csv') as f:\n    rows = f.readlines()",
        ],
    )
    before = path.read_bytes()
    proc = gptfix("run", "--smoke", "--json", path.name, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "{'rows': 3, 'cols': 2}" in proc.stderr  # display() printed (the script's output)
    failure = json.loads(proc.stdout)["failure"]
    assert failure["type"] == "FileNotFoundError"
    assert "/kaggle/input/plants/train.csv" in failure["message"]
    cell = failure["location"]["cell"]
    assert (cell["number"], cell["line"], cell["id"]) == (5, 2, "c3")
    assert path.read_bytes() == before
