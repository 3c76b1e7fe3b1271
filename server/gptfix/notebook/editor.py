"""Notebooks as an editor holds them: one document per cell, changes mapped onto the cells.

Bridges an editor's open notebook (LSP 3.17 notebook sync: the notebook's URI plus one
text document per cell, with URIs like ``vscode-notebook-cell:/home/u/train.ipynb#W3s``)
and the core, which reads one program. :func:`notebook_path` is the file a notebook or
cell URI stands for; :func:`editor_notebook` builds the program from the cells as the
editor has them (unsaved edits included) and keeps each code cell's URI and version;
:func:`cell_fix` turns a change of the program into a change of one cell document with
the other cells it touches in ``Fix.other_documents``, so a fix whose edit lies in
another cell (the root cause in the data-prep cell, the crash in the fit cell) is one
edit of several cell documents; :func:`program_lines` puts lines a command names in a
cell document (a selection) on the program's lines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from gptfix.errors import EXIT_NO_CODE_CELLS, GptfixError
from gptfix.model import Fix
from gptfix.notebook.mapback import new_sources
from gptfix.notebook.positions import relabel
from gptfix.notebook.program import Cell, Program, build_program
from gptfix.notebook.read import is_notebook

#: URI schemes editors give notebook cells (their path is the notebook's, the fragment
#: tells the cells apart)
CELL_SCHEMES = frozenset({"vscode-notebook-cell"})


@dataclass(frozen=True)
class EditorCell:
    """A cell as an input: its position among all cells and its document."""

    index: int  #: 0-based among all cells (markdown cells count)
    uri: str
    text: str
    version: int | None = None
    is_code: bool = True
    id: str | None = None  #: the cell id, when the editor passes it in the cell metadata


@dataclass(frozen=True)
class EditorNotebook:
    """An open notebook: its file, the program of its code cells, each cell's document."""

    uri: str
    path: Path
    program: Program
    cells: dict[int, EditorCell]  #: code cells by index

    def cell_uris(self) -> dict[int, str]:
        return {i: c.uri for i, c in self.cells.items()}

    def cell_at(self, uri: str) -> Cell | None:
        """The program's cell whose document is ``uri`` (URIs compared unquoted)."""
        want = unquote(uri)
        for index, cell in self.cells.items():
            if unquote(cell.uri) == want:
                return self.program.cell(index)
        return None


def notebook_path(uri: str) -> Path | None:
    """The ``.ipynb`` file a notebook URI or a notebook cell's URI names, else None."""
    parts = urlsplit(uri)
    if parts.scheme not in CELL_SCHEMES | {"file"}:
        return None
    raw = unquote(parts.path)
    if len(raw) > 2 and raw[0] == "/" and raw[2] == ":":  # file:///C:/x.ipynb on Windows
        raw = raw[1:]
    path = Path(raw)
    return path if is_notebook(path) else None


def is_cell_uri(uri: str) -> bool:
    return urlsplit(uri).scheme in CELL_SCHEMES


def editor_notebook(uri: str, path: Path, cells: list[EditorCell]) -> EditorNotebook:
    """The notebook as the editor has it; GptfixError when it has no code cell."""
    code = [c for c in cells if c.is_code]
    if not code:
        raise GptfixError(f"{path.name}: the notebook has no code cells", EXIT_NO_CODE_CELLS)
    program = build_program([(c.index, c.id, c.text, None) for c in code])
    return EditorNotebook(uri, path, program, {c.index: c for c in code})


def cell_fix(notebook: EditorNotebook, cell_uri: str, fix: Fix) -> Fix | None:
    """``fix`` (its ``new_text`` a new program) as a change of the cell document ``cell_uri``.

    The result's ``new_text`` is that cell's new text (its text when the change lies
    elsewhere); every other cell the change touches is in ``other_documents`` as
    ``uri -> (its text now, its new text)``. None when the change does not fit the
    cells (it crosses a cell boundary) or ``cell_uri`` is not one of them.
    """
    cell = notebook.cell_at(cell_uri)
    if cell is None:
        return None
    try:
        changed = new_sources(notebook.program, fix.new_text)
    except GptfixError:
        return None
    if not changed:
        return None
    others = {
        notebook.cells[i].uri: (notebook.cells[i].text, text)
        for i, text in changed.items()
        if i != cell.index
    }
    own = changed.get(cell.index, notebook.cells[cell.index].text)
    return dataclasses.replace(
        fix,
        title=relabel(fix.title, notebook.program),  # "at line 27" -> "at cell 6, line 7"
        evidence=[relabel(e, notebook.program) for e in fix.evidence],
        new_text=own,
        other_documents=others,
    )


def program_lines(
    notebook: EditorNotebook, cell_uri: str, options: dict[str, Any], keys: tuple[str, ...]
) -> dict[str, Any]:
    """``options`` with its 1-based line numbers under ``keys`` (ints, or digit strings as
    recipe options are), given in the cell document ``cell_uri``, as lines of the
    notebook's program (unchanged when it is no cell)."""
    cell = notebook.cell_at(cell_uri)
    if cell is None:
        return options
    out = dict(options)
    for key in keys:
        line = out.get(key)
        if isinstance(line, str) and line.strip().isdigit():  # a recipe option: "16"
            out[key] = str(cell.header_line + min(max(int(line), 1), max(len(cell.lines), 1)))
        elif isinstance(line, int) and not isinstance(line, bool):
            out[key] = cell.header_line + min(max(line, 1), max(len(cell.lines), 1))
    return out
