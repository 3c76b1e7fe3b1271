"""``Document``: a script or a notebook as the one program every core part reads.

Bridges the user's file and the core: a ``.py`` script is its own program; a ``.ipynb``
notebook's program is built from its code cells (:mod:`.program`). Every part works on
``Document.text`` (index, runner, locating, rules, recipes, LLM context, applier) and
writes a changed program back through :meth:`Document.write`, which for a notebook
edits only the changed cells' sources in the JSON text (outputs, metadata, ids and the
file's layout keep their bytes); both go through the one checked writer
(:func:`gptfix.files.write_checked`: refused when the file moved since it was read,
an undo backup always). Positions map both
ways: :meth:`Document.place` (program line -> cell, line) and
:meth:`Document.program_line`; :meth:`Document.diff` and :meth:`Document.words` show a
change and a sentence about the program in cells and cell lines.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from gptfix import files
from gptfix.edits import unified_diff
from gptfix.errors import EXIT_CHANGED, EXIT_REFUSED, GptfixError
from gptfix.model import Script
from gptfix.notebook.jsontext import JsonLayoutError, edit_sources
from gptfix.notebook.mapback import new_sources
from gptfix.notebook.positions import cell_diff, relabel
from gptfix.notebook.program import Place
from gptfix.notebook.read import Notebook, is_notebook, parse_notebook, read_notebook
from gptfix.runner.inputs import check_script


@dataclass(frozen=True)
class Document:
    """A script or a notebook: its program text, version and (for a notebook) its cells."""

    path: Path  #: absolute path of the file
    text: str  #: the program: the script's text, or the notebook's code cells as one program
    version: int | None = None  #: editor document version; None for files on disk
    notebook: Notebook | None = None  #: the notebook behind the program, when it is one
    snapshot: files.Snapshot | None = None  #: the file as read (the base of a write)

    @property
    def is_notebook(self) -> bool:
        return self.notebook is not None

    def script(self) -> Script:
        """The program as the core's :class:`~gptfix.model.Script` (same path and version)."""
        return Script(path=self.path, text=self.text, version=self.version)

    def place(self, line: int) -> Place | None:
        """The cell line program line ``line`` shows (None for scripts and cell headers)."""
        return self.notebook.program.place(line) if self.notebook else None

    def program_line(self, cell_index: int, line: int) -> int | None:
        """The program line of a cell's line (1-based), for a notebook."""
        return self.notebook.program.program_line(cell_index, line) if self.notebook else None

    def label(self, line: int) -> str:
        """``train.ipynb, cell 7, line 3`` (or ``train.py:12``) for program line ``line``."""
        place = self.place(line)
        if place is None:
            return f"{self.path.name}:{line}"
        return f"{self.path.name}, cell {place.cell.number}, line {place.line}"

    def diff(self, new_program: str, name: str | None = None, *, color: bool = False) -> str:
        """The change to show the user: a script's unified diff, or for a notebook one
        diff per changed cell, headed with the cell (``a/train.ipynb (cell 7)``)."""
        shown = name or self.path.name
        if self.notebook is None:
            return unified_diff(self.text, new_program, shown, color=color)
        return cell_diff(self.notebook.program, new_program, shown, color=color)

    def words(self, text: str) -> str:
        """``text`` written about the program (``at line 27``) in the user's terms: for a
        notebook each ``line N`` becomes ``cell C, line L``; a script's is unchanged."""
        return relabel(text, self.notebook.program) if self.notebook else text

    def file_text(self, new_program: str) -> str:
        """The file's new text for a changed program (a notebook: only changed cells differ).

        Raises GptfixError (exit 3) when the change does not fit the notebook's cells.
        """
        if self.notebook is None:
            return new_program
        changed = new_sources(self.notebook.program, new_program)
        if not changed:
            return self.notebook.raw
        try:
            return edit_sources(self.notebook.raw, changed)
        except JsonLayoutError as exc:
            raise GptfixError(
                f"{self.path}: cannot write the change into the notebook ({exc}); "
                "nothing was changed",
                EXIT_REFUSED,
            ) from None

    def changed_cells(self, new_program: str) -> dict[int, str]:
        """The new sources of the cells a changed program touches (empty for scripts)."""
        return new_sources(self.notebook.program, new_program) if self.notebook else {}

    def write(self, new_program: str, reason: str) -> Path:
        """Write a changed program to the file with an undo backup; returns the backup.

        Refuses (nothing written) when the file changed on disk since it was read, or,
        for a document made from an editor's text, when that text is not the file's.
        """
        if self.snapshot is not None:
            return files.write_checked(self.snapshot, self.file_text(new_program), reason)
        snapshot = files.read_for_edit(self.path)  # an editor buffer: the file must hold it
        base = self
        if self.notebook is not None:
            nb = parse_notebook(self.path, snapshot.text)
            base = dataclasses.replace(self, text=nb.program.text, notebook=nb)
        if (base.text if self.notebook else snapshot.text) != self.text:
            raise GptfixError(
                f"{self.path}: the file differs from the text that was changed "
                "(save it first); nothing was written",
                EXIT_CHANGED,
            )
        return files.write_checked(snapshot, base.file_text(new_program), reason)


def read_document(
    path: str | Path, *, text: str | None = None, version: int | None = None
) -> Document:
    """The document at ``path``: a notebook's program, or a script's text.

    ``text`` is an editor's unsaved buffer (the notebook's JSON, or the script's text).
    Bad notebooks raise GptfixError with one line (see :mod:`gptfix.notebook.read`).
    """
    p = Path(path).expanduser().resolve()
    if is_notebook(p):
        if text is not None:
            nb = parse_notebook(p, text, shown=path)
            return Document(path=p, text=nb.program.text, version=version, notebook=nb)
        nb, snapshot = read_notebook(path)
        return Document(p, nb.program.text, version, notebook=nb, snapshot=snapshot)
    if text is None:
        snapshot = files.read_for_edit(check_script(p))
        return Document(path=p, text=snapshot.text, version=version, snapshot=snapshot)
    return Document(path=p, text=text, version=version)
