"""Writing a change back keeps the notebook's bytes everywhere outside the changed cell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from nb_support import NOTEBOOKS, gptfix

from gptfix.errors import EXIT_CHANGED, EXIT_REFUSED, GptfixError
from gptfix.notebook import read_document
from gptfix.notebook.jsontext import source_spans

ALL = sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def _cells_json(text: str) -> list[dict]:
    return json.loads(text)["cells"]


@pytest.mark.parametrize("name", ALL)
def test_an_unchanged_program_writes_the_same_bytes(name):
    doc = read_document(NOTEBOOKS / name)
    assert doc.file_text(doc.text) == (NOTEBOOKS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ALL)
def test_a_change_in_one_cell_leaves_every_other_byte_alone(name):
    raw = (NOTEBOOKS / name).read_text(encoding="utf-8")
    doc = read_document(NOTEBOOKS / name)
    assert doc.notebook is not None
    target = doc.notebook.program.cells[1]
    line = target.first_line + len(target.lines) - 1  # the cell's last line
    lines = doc.text.splitlines()
    lines.insert(line, "print('added by the test: \u00e9\u56fe')")
    new = doc.file_text("\n".join(lines) + "\n")
    spans = source_spans(raw)
    span = spans[target.index]
    assert span is not None
    new_span = source_spans(new)[target.index]
    assert new_span is not None
    # bytes before and after the changed source value are the original's
    assert new[: new_span.start] == raw[: span.start]
    assert new[new_span.end :] == raw[span.end :]
    old_value, new_value = raw[span.start : span.end], new[new_span.start : new_span.end]
    # the value keeps its layout: items one per line at the same indent (or one line)
    assert {ln[: len(ln) - len(ln.lstrip())] for ln in new_value.splitlines()[1:]} == {
        ln[: len(ln) - len(ln.lstrip())] for ln in old_value.splitlines()[1:]
    }
    assert ("\n" in new_value) == ("\n" in old_value)
    before, after = _cells_json(raw), _cells_json(new)
    src = after[target.index]["source"]
    text = "".join(src) if isinstance(src, list) else src
    assert text.endswith(
        "print('added by the test: \u00e9\u56fe')" + ("\n" if target.source.endswith("\n") else "")
    )
    assert type(src) is type(before[target.index]["source"])  # a list stays a list
    for i, (b, a) in enumerate(zip(before, after, strict=True)):
        if i != target.index:
            assert a == b
        assert a.get("outputs") == b.get("outputs")
        assert a.get("metadata") == b.get("metadata")


def test_magic_lines_come_back_as_magics_when_their_cell_changes():
    doc = read_document(NOTEBOOKS / "kerascv-starter-colab.ipynb")
    new = doc.text.replace("import random\n", "import random\nimport math\n")
    changed = doc.changed_cells(new)
    ((index, source),) = changed.items()
    assert source.startswith("%matplotlib inline\nimport os\nimport random\nimport math\n")


def test_a_change_across_a_cell_boundary_is_refused():
    doc = read_document(NOTEBOOKS / "adam-lr-vscode.ipynb")
    lines = doc.text.splitlines()
    del lines[doc.notebook.program.cells[2].header_line - 1]  # drop a cell header
    with pytest.raises(GptfixError) as err:
        doc.file_text("\n".join(lines) + "\n")
    assert err.value.exit_code == EXIT_REFUSED and "cell" in str(err.value)


def test_undo_restores_the_exact_bytes(notebook_copy):
    path = notebook_copy("flatten-kaggle.ipynb")
    original = path.read_bytes()
    doc = read_document(path)
    doc.write(doc.text.replace("EPOCHS = 2", "EPOCHS = 3"), "test change")
    changed = path.read_bytes()
    assert changed != original and b"EPOCHS = 3" in changed
    proc = gptfix("undo", path.name, cwd=path.parent, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert path.read_bytes() == original


def test_a_notebook_edited_meanwhile_is_not_overwritten(notebook_copy):
    path = notebook_copy("sparse-loss-jupyter.ipynb")
    doc = read_document(path)
    path.write_text(path.read_text(encoding="utf-8").replace("EPOCHS = 3", "EPOCHS = 4"))
    edited = path.read_bytes()
    with pytest.raises(GptfixError) as err:
        doc.write(doc.text.replace("BATCH_SIZE = 16", "BATCH_SIZE = 8"), "test")
    assert err.value.exit_code == EXIT_CHANGED
    assert path.read_bytes() == edited


def test_the_fixture_notebooks_are_what_the_generator_writes(tmp_path):
    """The committed notebooks and the generator agree (so the README's layouts are true)."""
    script = NOTEBOOKS / "make_notebooks.py"
    code = (
        "import runpy, sys; from pathlib import Path; g = runpy.run_path(sys.argv[1]); "
        "print('\\0'.join(g['NOTEBOOKS'][n]() for n in sys.argv[2:]))"
    )
    names = [n for n in ALL]
    out = subprocess.run(
        [sys.executable, "-c", code, str(script), *names],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.removesuffix("\n")
    for name, text in zip(names, out.split("\0"), strict=True):
        assert text == Path(NOTEBOOKS / name).read_text(encoding="utf-8"), name
