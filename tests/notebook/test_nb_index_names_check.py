"""`gptfix index`, `names` and `check` on notebooks: places are cells and their lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nb_support import NOTEBOOKS, gptfix


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def _find(path: Path, needle: str) -> tuple[int, int]:
    """(cell index, 1-based line in the cell) of the first line containing ``needle``."""
    for index, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        for k, line in enumerate(_source(cell).split("\n"), 1):
            if needle in line:
                return index, k
    raise AssertionError(needle)


def test_index_names_cells_and_lines(notebook_copy):
    path = notebook_copy("kerascv-starter-colab.ipynb")
    proc = gptfix("index", path.name, cwd=path.parent, timeout=60)
    assert proc.returncode == 0, proc.stderr
    fit_index, fit_line = _find(path, "model.fit(")
    cfg_index, cfg_line = _find(path, "batch_size = 8")
    out = proc.stdout
    assert f"fit: cell {fit_index + 1}, line {fit_line}: model.fit(data=train_ds" in out
    assert f"cell {cfg_index + 1}, line {cfg_line}: CFG.batch_size = 8" in out
    assert "# %% cell" not in out  # the program's header comments never show


def test_index_json_carries_the_cell_index_and_id(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    proc = gptfix("index", "--json", path.name, cwd=path.parent, timeout=60)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    index, line = _find(path, ".compile(")
    cell = data["keras"]["compile"][0]["cell"]
    assert (cell["index"], cell["number"], cell["line"]) == (index, index + 1, line)
    assert cell["id"] == _cells(path)[index]["id"]
    # the map from program lines to cells covers every code cell
    code = [i for i, c in enumerate(_cells(path)) if c["cell_type"] == "code"]
    assert [c["index"] for c in data["notebook"]["cells"]] == code


def test_index_infer_takes_a_cell_line(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    index, line = _find(path, ".compile(")
    proc = gptfix("index", "--infer", "--line", f"{index + 1}:{line}", path.name, cwd=path.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"inferred types at cell {index + 1}, line {line}:")
    bad = gptfix("index", "--infer", "--line", "12", path.name, cwd=path.parent, timeout=60)
    assert bad.returncode == 2 and "CELL:LINE" in bad.stderr


def test_names_reports_a_broken_name_on_the_changed_cell(notebook_copy, tmp_path):
    path = notebook_copy("kerascv-starter-colab.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    index, line = _find(path, "valid_ds = build_dataset(")
    cell = nb["cells"][index]
    cell["source"] = _source(cell).replace("valid_ds = ", "val_ds = ")
    changed = tmp_path / "changed.ipynb"
    changed.write_text(json.dumps(nb), encoding="utf-8")
    proc = gptfix("names", path.name, changed.name, cwd=tmp_path, timeout=60)
    assert proc.returncode == 1, proc.stderr
    reader_index, reader_line = _find(changed, "validation_data=valid_ds")
    assert f"unbound: valid_ds at cell {reader_index + 1}, line {reader_line}:" in proc.stdout, (
        proc.stdout
    )
    assert f"removed: valid_ds (cell {index + 1}, line {line} in <module>)" in proc.stdout
    # the evidence for the rename names the new binding's place in the cell too
    assert f"renamed to val_ds (val_ds (cell {index + 1}, line {line}) is bound" in proc.stdout
    js = json.loads(
        gptfix("names", "--json", path.name, changed.name, cwd=tmp_path, timeout=60).stdout
    )
    unbound = next(u for u in js["unbound"] if u["name"] == "valid_ds")
    assert unbound["cell"]["index"] == reader_index and unbound["cell"]["line"] == reader_line


def test_names_snippet_goes_in_at_a_cell_line(notebook_copy, tmp_path):
    path = notebook_copy("kerascv-starter-colab.ipynb")
    snippet = tmp_path / "snippet.py"
    snippet.write_text("model.fit(train_dataset, epochs=1)\n", encoding="utf-8")
    index, line = _find(path, "model.fit(")
    proc = gptfix(
        "names", path.name, snippet.name, "--snippet", "--at", f"{index + 1}:{line}",
        cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert "map: train_dataset -> train_ds" in proc.stdout, proc.stdout + proc.stderr


@pytest.mark.tf
def test_check_builds_the_notebook_and_shows_the_failing_cell(notebook_copy):
    path = notebook_copy("adam-lr-vscode.ipynb")
    index, line = _find(path, "Adam(lr=")
    proc = gptfix("check", "--json", path.name, cwd=path.parent, timeout=300)
    assert proc.returncode == 1, proc.stderr
    cell = json.loads(proc.stdout)["failure"]["location"]["cell"]
    assert (cell["index"], cell["line"]) == (index, line)
    text = gptfix("check", path.name, cwd=path.parent, timeout=300)
    assert text.stdout.startswith(f"{path.name}, cell {index + 1}, line {line}: ValueError")
    assert path.read_bytes() == (NOTEBOOKS / path.name).read_bytes()  # a build writes nothing
