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
    assert first.startswith("flatten-kaggle.ipynb, cell 8, line 1: ValueError: Argument `output`")
    assert " 1 | history = model.fit(" in proc.stdout


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
    assert "Cell In[7], line 1" in text


def test_llm_context_of_a_notebook_is_its_program_with_cell_headers(notebook_copy):
    path = notebook_copy("flatten-kaggle.ipynb")
    log = notebook_copy("flatten-kaggle.log")
    proc = gptfix("context", "--log", log.name, path.name, cwd=path.parent, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "# %% cell 8\nhistory = model.fit(" in proc.stdout
    assert "Argument `output` must have rank" in proc.stdout
    assert '"cells"' not in proc.stdout  # never the notebook's JSON
