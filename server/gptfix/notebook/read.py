"""Reading a ``.ipynb`` file: nbformat's reading plus the program and the text layout.

Bridges the file on disk and :class:`Notebook` (its exact text, its code cells as one
:class:`~gptfix.notebook.program.Program`). Bad input is one clear line and its own
exit code, before anything runs or is written: bytes that are not UTF-8 JSON, JSON that
is not a notebook, an nbformat major version other than 4, a notebook without code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from gptfix import files
from gptfix.errors import (
    EXIT_BAD_NOTEBOOK,
    EXIT_NO_CODE_CELLS,
    EXIT_NO_SCRIPT,
    EXIT_NOT_PYTHON,
    EXIT_NOTEBOOK_VERSION,
    GptfixError,
)
from gptfix.notebook.jsontext import JsonLayoutError, source_spans
from gptfix.notebook.program import Program, build_program

NOTEBOOK_SUFFIX = ".ipynb"


def is_notebook(path: str | Path) -> bool:
    return Path(path).suffix.lower() == NOTEBOOK_SUFFIX


@dataclass(frozen=True)
class Notebook:
    """A notebook as read: its exact text and the program of its code cells."""

    path: Path
    raw: str  #: the file's text exactly as on disk (decoded UTF-8)
    program: Program
    nbformat: tuple[int, int]


def _fail(path: Path | str, why: str, code: int = EXIT_BAD_NOTEBOOK) -> GptfixError:
    return GptfixError(f"{path}: {why}; nothing was changed", code)


def parse_notebook(path: Path, raw: str, shown: str | Path | None = None) -> Notebook:
    """A notebook from its text (a file's or an editor buffer's); errors name ``shown``."""
    name = path if shown is None else shown
    try:
        data: Any = json.loads(raw.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise _fail(name, f"not a notebook: invalid JSON at line {exc.lineno}") from None
    if not isinstance(data, dict) or not isinstance(
        data.get("cells", data.get("worksheets")), list
    ):
        raise _fail(name, "not a notebook: the JSON has no cells")
    major, minor = data.get("nbformat"), data.get("nbformat_minor", 0)
    if major != 4 or "cells" not in data:
        raise _fail(
            name,
            f"nbformat version {major} is not supported (only 4.x); "
            "save it from a current Jupyter or VS Code to convert it",
            EXIT_NOTEBOOK_VERSION,
        )
    try:
        nb = nbformat.reads(raw, as_version=nbformat.NO_CONVERT, capture_validation_error={})
    except Exception as exc:  # nbformat's reader errors share no base class
        raise _fail(name, f"not a readable notebook ({type(exc).__name__})") from None
    try:
        spans = source_spans(raw)
    except (JsonLayoutError, ValueError, IndexError):
        raise _fail(name, "not a notebook: its cells cannot be read") from None
    code = [
        (i, cell.get("id"), cell.source, cell.get("execution_count"))
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
    ]
    if not code:
        raise _fail(name, "the notebook has no code cells", EXIT_NO_CODE_CELLS)
    if any(spans[i] is None for i, *_ in code):
        raise _fail(name, "not a notebook: a code cell has no source")
    return Notebook(
        path=path,
        raw=raw,
        program=build_program(code),
        nbformat=(int(major), int(minor if isinstance(minor, int) else 0)),
    )


def read_notebook(path: str | Path) -> tuple[Notebook, files.Snapshot]:
    """Read and check a ``.ipynb`` file (see the module docstring for what is refused).

    Returns the notebook and the file's snapshot (the base of a later checked write);
    the notebook's ``raw`` is the snapshot's text (BOM dropped, line endings as ``\\n``).
    """
    p = Path(path).expanduser()
    if not p.is_file():
        raise GptfixError(f"{path}: no such notebook", EXIT_NO_SCRIPT)
    try:
        snapshot = files.read_for_edit(p)
    except GptfixError as exc:
        if exc.exit_code == EXIT_NOT_PYTHON:
            raise GptfixError(f"{path}: not a notebook (not UTF-8 text)", EXIT_NOT_PYTHON) from None
        raise
    return parse_notebook(p.resolve(), snapshot.text, shown=path), snapshot
