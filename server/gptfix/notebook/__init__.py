"""Notebooks (``.ipynb``) as first-class input: one program from the code cells, mapped back.

Bridges Jupyter, Kaggle, Colab and VS Code notebooks and the core, which reads one
program: :func:`read_document` gives a :class:`Document` for a script or a notebook
(program text, version, the cell <-> program line map) and writes changes back into
the cells; :mod:`.locating` puts failures (runs, Kaggle logs, IPython tracebacks) on
the cell and line the user sees.
"""

from __future__ import annotations

from gptfix.notebook.document import Document, read_document
from gptfix.notebook.program import Cell, Place, Program, build_program
from gptfix.notebook.read import Notebook, is_notebook, read_notebook

__all__ = [
    "Cell",
    "Document",
    "Notebook",
    "Place",
    "Program",
    "build_program",
    "is_notebook",
    "read_document",
    "read_notebook",
]
