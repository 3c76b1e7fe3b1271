"""Failures on notebook cells: program lines -> (cell, line) and IPython frames -> program.

Bridges the core's failures (located on the notebook's program lines, as every part
reads them) and what the user sees: :class:`CellView` labels a place
``train.ipynb, cell 7, line 3`` and gives its source line, for the CLI's report;
:func:`annotate_json` adds ``"cell": {"index", "number", "id", "line"}`` to the JSON
contract's location and frames. For logs from elsewhere, :func:`diagnose_notebook_log`
maps IPython's cell frames (``Cell In[7], line 3``, ``<ipython-input-7-...>``,
``/tmp/ipykernel_N/M.py``) onto the program: the code cell with that execution count
when its line shows the frame's source, else the cell line showing it nearest the
frame's cell line.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

from gptfix.model import Failure, Frame
from gptfix.notebook.document import Document
from gptfix.notebook.program import Cell, Program
from gptfix.tracebacks.locate import locate
from gptfix.tracebacks.parse import parse_log

_COUNT = re.compile(r"^(?:Cell In\s?\[(\d*)\]|<ipython-input-(\d+)-[^>]*>)$")
_KERNEL_FILE = re.compile(r"^/tmp/ipykernel_\d+/\d+\.py$")


def _same(a: str | None, b: Path) -> bool:
    if not a:
        return False
    try:
        return Path(a).resolve() == b
    except OSError:
        return False


class CellView:
    """Labels and source lines of a notebook document's program lines, for reports."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    def label(self, path: str, line: int) -> str | None:
        """``train.ipynb, cell 7, line 3`` for a program line of this notebook, else None."""
        if not _same(path, self.doc.path):
            return None
        place = self.doc.place(line)
        if place is None:
            return None
        return f"{self._name(path)}, cell {place.cell.number}, line {place.line}"

    def text(self, path: str, line: int) -> str | None:
        """The cell's line as saved, for a program line of this notebook."""
        if not _same(path, self.doc.path):
            return None
        place = self.doc.place(line)
        return place.cell.lines[place.line - 1] if place else None

    def cell_line(self, path: str, line: int) -> int | None:
        place = self.doc.place(line) if _same(path, self.doc.path) else None
        return place.line if place else None

    @staticmethod
    def _name(path: str) -> str:
        try:
            return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError):
            return path


def cell_json(
    notebook: Path, program: Program, path: str | None, line: int
) -> dict[str, Any] | None:
    """``{"index", "number", "id", "line", ...}`` for a program line of the notebook."""
    if not _same(path, notebook):
        return None
    place = program.place(line)
    return place.cell.to_json(place.line) if place else None


def annotate_json(data: dict[str, Any], notebook: Path, program: Program) -> dict[str, Any]:
    """The run/diagnose JSON with ``cell`` added to locations and frames in the notebook."""
    failure = data.get("failure")
    if not isinstance(failure, dict):
        return data
    loc = failure.get("location")
    if isinstance(loc, dict):
        cell = cell_json(notebook, program, loc.get("path"), int(loc.get("line", 0)))
        if cell:
            loc["cell"] = cell
    frames = list(failure.get("frames") or [])
    for cause in failure.get("causes") or []:
        frames += cause.get("frames") or []
    for frame in frames:
        cell = cell_json(notebook, program, frame.get("local_path"), int(frame.get("line", 0)))
        if cell:
            frame["cell"] = cell
    return data


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


def _best_cell_line(doc: Document, frame: Frame, count: int | None) -> int | None:
    """The program line a notebook-cell frame stands for (None when no cell shows it)."""
    assert doc.notebook is not None
    want = _norm(frame.source)
    cells: list[Cell] = list(doc.notebook.program.cells)

    def shows(cell: Cell, k: int) -> bool:
        return 1 <= k <= len(cell.lines) and (not want or _norm(cell.lines[k - 1]) == want)

    if count is not None:
        for cell in cells:
            if cell.execution_count == count and shows(cell, frame.line):
                return cell.header_line + frame.line
    if not want:
        return None
    hits = [
        (abs(k - frame.line), cell.header_line + k)
        for cell in cells
        for k in range(1, len(cell.lines) + 1)
        if _norm(cell.lines[k - 1]) == want
    ]
    return min(hits)[1] if hits else None


def to_program(failure: Failure, doc: Document) -> Failure:
    """A copy of ``failure`` with its notebook-cell frames on the notebook's program lines."""
    out = copy.deepcopy(failure)
    frames = [*out.frames, *(f for c in out.causes for f in c.frames)]
    for frame in frames:
        m = _COUNT.match(frame.file)
        if not (m or _KERNEL_FILE.match(frame.file)):
            continue
        count_text = (m.group(1) or m.group(2)) if m else None
        line = _best_cell_line(doc, frame, int(count_text) if count_text else None)
        if line is not None:
            frame.line = line
            frame.file = str(doc.path)
            frame.column = frame.end_column = None
    return out


def diagnose_notebook_log(text: str, doc: Document) -> Failure | None:
    """The failure in a log that belongs to the notebook, located on its program lines.

    Like :func:`gptfix.tracebacks.diagnose_log`: the last traceback that touches the
    notebook wins, else the last one.
    """
    failures = parse_log(text)
    if not failures:
        return None
    located = [locate(to_program(f, doc), doc.path, text=doc.text) for f in failures]
    for failure in reversed(located):
        frames = [*failure.frames, *(f for c in failure.causes for f in c.frames)]
        if any(_same(f.local_path, doc.path) for f in frames):
            return failure
    return located[-1]
