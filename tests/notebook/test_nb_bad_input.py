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


@pytest.mark.parametrize(("name", "text", "code", "says"), CASES)
@pytest.mark.parametrize(
    "command",
    [
        ["run", "--smoke"],
        ["run", "--smoke", "--fix", "--yes"],
        ["recipe", "apply", "attention"],
        ["diagnose", "--log", "run.log"],
    ],
)
def test_bad_notebook_one_line_and_exit_code(tmp_path, name, text, code, says, command):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (tmp_path / "run.log").write_text("Traceback (most recent call last):\nValueError: x\n")
    before = path.read_bytes()
    proc = gptfix(*command, name, cwd=tmp_path, timeout=60)
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"gptfix: {name}: ") and says in lines[0]
    assert path.read_bytes() == before
    assert not (tmp_path / ".gptfix").exists()
