"""Bad notebooks: one clear line, its own exit code, nothing written."""

from __future__ import annotations

import json

import pytest
from nb_support import gptfix

from gptfix.errors import EXIT_BAD_NOTEBOOK, EXIT_NO_CODE_CELLS, EXIT_NOTEBOOK_VERSION

V3 = {
    "metadata": {"name": "old"},
    "nbformat": 3,
    "nbformat_minor": 0,
    "worksheets": [
        {"cells": [{"cell_type": "code", "input": "print(1)", "language": "python", "outputs": []}]}
    ],
}
MARKDOWN_ONLY = {
    "cells": [{"cell_type": "markdown", "id": "m1", "metadata": {}, "source": ["# notes"]}],
    "metadata": {},
    "nbformat": 4,
    "nbformat_minor": 5,
}
CASES = [
    (
        "broken.ipynb",
        '{"cells": [ {"cell_type": "code", "source": "x = 1"',
        EXIT_BAD_NOTEBOOK,
        "invalid JSON",
    ),
    ("v3.ipynb", json.dumps(V3), EXIT_NOTEBOOK_VERSION, "nbformat version 3"),
    ("notes.ipynb", json.dumps(MARKDOWN_ONLY, indent=1), EXIT_NO_CODE_CELLS, "no code cells"),
]


#: every command that reads a notebook ({} is where the notebook goes). ``undo`` is not
#: here: it restores the bytes its journal kept, whatever the file holds now.
COMMANDS = [
    ["run", "--smoke", "{}"],
    ["run", "--smoke", "--fix", "--yes", "{}"],
    ["recipe", "apply", "attention", "{}"],
    ["recipe", "list", "{}"],
    ["diagnose", "--log", "run.log", "{}"],
    ["context", "--log", "run.log", "{}"],
    ["ask", "{}", "add dropout"],
    ["apply", "{}", "--answer", "answer.md"],
    ["index", "{}"],
    ["index", "--json", "{}"],
    ["index", "--infer", "{}"],
    ["names", "{}", "other.py"],
    ["names", "other.py", "{}"],
    ["names", "{}", "answer.md", "--snippet"],
    ["check", "{}"],
]


@pytest.mark.parametrize(("name", "text", "code", "says"), CASES)
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c).replace("{}", "NB"))
def test_bad_notebook_one_line_and_exit_code(tmp_path, name, text, code, says, command):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "run.log").write_text("Traceback (most recent call last):\nValueError: x\n")
    (tmp_path / "other.py").write_text("x = 1\n")
    (tmp_path / "answer.md").write_text("```python\nx = 2\n```\n")
    before = path.read_bytes()
    proc = gptfix(*(name if a == "{}" else a for a in command), cwd=tmp_path, timeout=60)
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"gptfix: {name}: ") and says in lines[0]
    assert path.read_bytes() == before
    assert not (tmp_path / ".gptfix").exists()
