"""Checks on what the user asked to run: the script file and the interpreter.

Bridges command-line input and the runner: each bad input becomes a one-line
:class:`~gptfix.errors.GptfixError` with its own exit code, before anything runs.
"""

from __future__ import annotations

import ast
import os
import shutil
import sys
from pathlib import Path

from gptfix.errors import EXIT_NO_SCRIPT, EXIT_NOT_PYTHON, EXIT_USAGE, GptfixError

PY_SUFFIXES = (".py", ".pyw")


def check_script(script: Path) -> Path:
    """The script's absolute path, or an error if it is missing or not Python source.

    Binary content (NUL bytes), bytes that are not UTF-8 and Jupyter notebooks are
    refused (the commands read notebooks with :mod:`gptfix.notebook` before they get
    here). A ``.py`` file with a syntax error is accepted: running it reports the
    SyntaxError as its failure. A file with another suffix must at least parse as Python.
    """
    path = Path(script).expanduser()
    if not path.exists():
        raise GptfixError(f"{script}: no such script", EXIT_NO_SCRIPT)
    if not path.is_file():
        raise GptfixError(f"{script}: not a file", EXIT_NO_SCRIPT)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise GptfixError(f"{script}: cannot read ({exc.strerror})", EXIT_NO_SCRIPT) from None
    if b"\x00" in raw:
        raise GptfixError(f"{script}: not a Python script (binary content)", EXIT_NOT_PYTHON)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GptfixError(
            f"{script}: not a Python script (not UTF-8 text at byte {exc.start})", EXIT_NOT_PYTHON
        ) from None
    if path.suffix.lower() == ".ipynb":  # JSON that would even parse as a Python dict
        raise GptfixError(
            f"{script}: a notebook where a script was expected (or export it: "
            "jupyter nbconvert --to script)",
            EXIT_NOT_PYTHON,
        )
    if path.suffix.lower() not in PY_SUFFIXES:
        try:
            ast.parse(text)
        except SyntaxError:
            raise GptfixError(
                f"{script}: not a Python script (no .py suffix and it does not parse)",
                EXIT_NOT_PYTHON,
            ) from None
    return path.resolve()


def resolve_python(python: str | None) -> str:
    """The interpreter to run the script with: ``python`` (a path or a name on PATH)."""
    if not python:
        return sys.executable
    candidate = Path(python).expanduser()
    if os.sep in python or candidate.exists():
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate.absolute())
        raise GptfixError(f"{python}: no such Python interpreter", EXIT_USAGE)
    found = shutil.which(python)
    if found is None:
        raise GptfixError(f"{python}: no such Python interpreter on PATH", EXIT_USAGE)
    return found
