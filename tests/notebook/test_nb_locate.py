"""Logs of notebook runs elsewhere (IPython tracebacks, Kaggle's JSON log) on the cells."""

from __future__ import annotations

import json

import pytest
from nb_support import LOGS, NOTEBOOKS, gptfix

from gptfix.notebook import read_document
from gptfix.notebook.locating import diagnose_notebook_log
from gptfix.tracebacks import read_log


@pytest.mark.parametrize(
    "log", ["ipython_nocolor.log", "ipython_color.log", "ipython7_nocolor.log"]
)
def test_ipython_cell_frames_land_on_the_cell_that_ran(notebook_copy, log):
    path = notebook_copy("ipython-cells-jupyter.ipynb")
    proc = gptfix("diagnose", "--json", "--log", str(LOGS / log), path.name, cwd=path.parent)
    assert proc.returncode == 1, proc.stderr
    failure = json.loads(proc.stdout)["failure"]
    cell = failure["location"]["cell"]
    # In [7] is the `def train` cell: the 9th cell of the notebook (markdown cells count)
    assert (cell["execution_count"], cell["number"], cell["line"]) == (7, 9, 2)
    assert cell["id"] == "cell-08" and cell["index"] == 8
    user = [f for f in failure["frames"] if f["is_user"]]
    assert [f["cell"]["execution_count"] for f in user] == [8, 7]


def test_kaggle_json_log_of_a_notebook_is_put_on_the_fit_cell(notebook_copy):
    path = notebook_copy("flatten-kaggle.ipynb")
    log = notebook_copy("flatten-kaggle.log")
    proc = gptfix("diagnose", "--log", log.name, path.name, cwd=path.parent)
    assert proc.returncode == 1, proc.stderr
    first = proc.stdout.splitlines()[0]
    # papermill's "In [6]" / "Cell In[6], line 3" is the 6th code cell: cell 8 (markdown counts)
    assert first.startswith("flatten-kaggle.ipynb, cell 8, line 3: ValueError: Argument `output`")
    assert " 3 | history = model.fit(" in proc.stdout


def _kaggle_variants(text: str) -> dict[str, str]:
    """The log as saved, streamed one record per line, and cut off while the kernel ran."""
    records = text[1:-2].split("\n,")
    cut = text[: text.index("\n,", text.index("ValueError: Argument"))]  # no closing "]"
    return {"saved": text, "lines": "\n".join(records) + "\n", "cut": cut}


@pytest.mark.parametrize("variant", ["saved", "lines", "cut"])
def test_kaggle_log_variants_are_read(notebook_copy, variant):
    path = notebook_copy("flatten-kaggle.ipynb")
    text = (NOTEBOOKS / "flatten-kaggle.log").read_text(encoding="utf-8")
    log = path.parent / "kernel.log"
    log.write_text(_kaggle_variants(text)[variant], encoding="utf-8")
    proc = gptfix("diagnose", "--json", "--log", log.name, path.name, cwd=path.parent)
    assert proc.returncode == 1, proc.stderr
    cell = json.loads(proc.stdout)["failure"]["location"]["cell"]
    assert (cell["number"], cell["line"], cell["index"]) == (8, 3, 7)


def test_the_kaggle_fixture_is_in_kaggles_layout():
    text = (NOTEBOOKS / "flatten-kaggle.log").read_text(encoding="utf-8")
    assert text.startswith('[{"stream_name":') and text.endswith("}\n]")
    records = json.loads(text)
    assert len(text[1:-2].split("\n,")) == len(records)  # one record per line
    assert {tuple(r) for r in records} == {("stream_name", "time", "data")}
    assert "<" not in text and ">" not in text and "\\u003e" in text  # Go's escaping
    # the error reached the log through papermill, as Kaggle runs a notebook
    assert any(r["data"] == 'Exception encountered at "In [6]":\n' for r in records)


def test_a_repeated_line_is_found_in_the_cell_with_the_execution_count():
    doc = read_document(NOTEBOOKS / "ipython-cells-jupyter.ipynb")
    # the same source line in two cells: the execution count decides
    text = (
        "---------------------------------------------------------------------------\n"
        "NameError                                 Traceback (most recent call last)\n"
        "Cell In[3], line 1\n"
        "----> 1 from keras import layers\n\n"
        "NameError: name 'keras' is not defined\n"
    )
    failure = diagnose_notebook_log(text, doc)
    assert failure is not None and failure.location is not None
    place = doc.place(failure.location.line)
    assert place is not None and place.cell.execution_count == 3 and place.line == 1


def test_read_log_handles_the_kaggle_file():
    text = read_log(NOTEBOOKS / "flatten-kaggle.log")
    assert "Cell In[6], line 3\n" in text and "----> 3 history = model.fit(" in text


def test_llm_context_of_a_notebook_is_its_program_with_cell_headers(notebook_copy):
    path = notebook_copy("flatten-kaggle.ipynb")
    log = notebook_copy("flatten-kaggle.log")
    proc = gptfix("context", "--log", log.name, path.name, cwd=path.parent, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "# %% cell 8\n# two epochs show whether it learns at all\n" in proc.stdout
    assert "Argument `output` must have rank" in proc.stdout
    assert '"cells"' not in proc.stdout  # never the notebook's JSON
