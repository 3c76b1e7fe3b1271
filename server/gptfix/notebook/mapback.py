"""A changed program -> the changed cells' new sources.

Bridges any change the core makes to a notebook's program (a rule's fix, a recipe, an
LLM answer applied) and the cells: the old and new program are aligned line by line;
unchanged lines give back the cell's own line as saved (so a commented-out ``%pip``
line comes back as ``%pip``), inserted and replaced lines go into the cell they sit in
(a line inserted right after a cell's header starts that cell; one inserted before the
next header ends the previous cell). A change that removes or rewrites a cell header
does not fit the cells and is refused.
"""

from __future__ import annotations

import difflib

from gptfix.errors import EXIT_REFUSED, GptfixError
from gptfix.notebook.program import HEADER_RE, Cell, Program


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").split("\n")[:-1] if text.endswith("\n") else text.split("\n")


def new_sources(program: Program, new_text: str) -> dict[int, str]:
    """The new source of each cell the change touches, by cell index."""
    old = _lines(program.text)
    new = _lines(new_text)
    owner: list[tuple[Cell, int] | None] = []  # old line -> (cell, 0-based line) or header
    for cell in program.cells:
        owner.append(None)
        owner += [(cell, k) for k in range(len(cell.code))]
    if len(owner) != len(old):
        raise GptfixError("the program does not match its notebook", EXIT_REFUSED)
    built: dict[int, list[str]] = {c.index: [] for c in program.cells}
    header_at = {c.header_line - 1: c for c in program.cells}
    current = program.cells[0]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal" and any(i in header_at for i in range(i1, i2)):
            cell = header_at[next(i for i in range(i1, i2) if i in header_at)]
            raise GptfixError(
                f"the change crosses the start of cell {cell.number}; "
                "it does not fit the notebook's cells",
                EXIT_REFUSED,
            )
        if tag in ("insert", "replace") and any(HEADER_RE.match(t) for t in new[j1:j2]):
            raise GptfixError(
                "the change adds a cell header; it does not fit the notebook's cells",
                EXIT_REFUSED,
            )
        if tag == "equal":
            for i in range(i1, i2):
                where = owner[i]
                if where is None:
                    current = header_at[i]
                    continue
                cell, k = where
                current = cell
                built[cell.index].append(cell.lines[k])
            continue
        if tag in ("delete", "replace"):
            where = owner[i1]
            if where is not None:
                current = where[0]
        restored = {current.code[k]: current.lines[k] for k in _old_range(owner, i1, i2)}
        built[current.index] += [restored.get(t, t) for t in new[j1:j2]]
    out: dict[int, str] = {}
    for cell in program.cells:
        lines = built[cell.index]
        if list(cell.lines) == lines:
            continue
        text = "\n".join(lines)
        if cell.source.endswith("\n") and lines:
            text += "\n"
        out[cell.index] = text
    return out


def _old_range(owner: list[tuple[Cell, int] | None], i1: int, i2: int) -> list[int]:
    return [w[1] for w in owner[i1:i2] if w is not None]
