"""Program lines in reports as the user sees them: ``cell 7, line 3`` and JSON cell objects.

Bridges any report the core writes in program lines (``gptfix index``, ``names``,
``check``) and a notebook's cells. :func:`where` turns a program line into the words a
report uses (``line 12`` for a script, ``cell 7, line 3`` for a notebook);
:func:`parse_line` reads a position the user typed (``12``, or ``7:3`` = cell 7, line 3)
back into a program line; :func:`relabel` rewrites ``line N`` in a sentence the core
wrote about the program (a fix's title); :func:`cell_diff` shows a change of the program
as the cells it changes (one diff per cell, its header naming the cell, its lines the
cell's); :func:`annotate_lines` adds ``"cell": {"index", "number",
"id", "line"}`` beside every ``"line"`` of a JSON report, and :func:`program_map` is the
whole map for consumers that keep program lines.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from gptfix.edits import unified_diff
from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.notebook.mapback import new_sources
from gptfix.notebook.program import Program


def where(program: Program | None) -> Callable[[int], str]:
    """``line -> "line 12"`` for a script, ``"cell 7, line 3"`` for a notebook's program."""

    def on_cell(line: int) -> str:
        place = program.place(line) if program is not None else None
        if place is None:
            return f"line {line}"
        return f"cell {place.cell.number}, line {place.line}"

    return on_cell


_LINE_WORD = re.compile(r"\blines? (\d+)(?:-(\d+))?\b")


def relabel(text: str, program: Program) -> str:
    """``text`` (written about the program, e.g. "insert Flatten() ... at line 27") with
    each ``line N`` (and ``lines A-B``) that shows a cell's line named ``cell C, line L``
    (``cell C, lines a-b``)."""
    name = where(program)

    def sub(m: re.Match[str]) -> str:
        if m[2] is None:
            return name(int(m[1]))
        first, last = program.place(int(m[1])), program.place(int(m[2]))
        if first is not None and last is not None and first.cell == last.cell:
            return f"cell {first.cell.number}, lines {first.line}-{last.line}"
        return f"{name(int(m[1]))} to {name(int(m[2]))}"

    return _LINE_WORD.sub(sub, text)


def cell_diff(program: Program, new: str, name: str, *, color: bool = False) -> str:
    """A change of the program (``new``) as the user sees it: one diff per changed cell,
    headed ``a/train.ipynb (cell 7)``, with the cell's own lines and line numbers (the
    program's diff when the change does not fit the cells)."""
    try:
        changed = new_sources(program, new)
    except GptfixError:
        return unified_diff(program.text, new, name, color=color)
    out = []
    for index in sorted(changed):
        cell = program.cell(index)
        if cell is not None:
            shown = f"{name} (cell {cell.number})"
            out.append(unified_diff(cell.source, changed[index], shown, color=color))
    return "".join(out)


def parse_line(spec: str, program: Program | None, what: str) -> int:
    """The program line of a position the user typed: ``N``, or for a notebook ``CELL:LINE``.

    ``CELL`` is the cell's number as an editor shows it (markdown cells count).
    """
    text = spec.strip()
    cell_s, sep, line_s = text.partition(":")
    if not sep:
        if not text.isdigit():
            raise GptfixError(f"{what} {spec}: expected a line number", EXIT_USAGE)
        if program is not None:
            raise GptfixError(
                f"{what} {spec}: a notebook position is CELL:LINE (e.g. 7:3 for cell 7, line 3)",
                EXIT_USAGE,
            )
        return int(text)
    if program is None:
        raise GptfixError(f"{what} {spec}: CELL:LINE is for notebooks", EXIT_USAGE)
    if not (cell_s.isdigit() and line_s.isdigit()):
        raise GptfixError(f"{what} {spec}: expected CELL:LINE (e.g. 7:3)", EXIT_USAGE)
    cell = program.cell(int(cell_s) - 1)
    if cell is None:
        raise GptfixError(f"{what} {spec}: cell {cell_s} is not a code cell", EXIT_USAGE)
    line = int(line_s)
    if not 1 <= line <= max(len(cell.lines), 1):
        raise GptfixError(f"{what} {spec}: cell {cell_s} has {len(cell.lines)} line(s)", EXIT_USAGE)
    return cell.header_line + line


def annotate_lines(data: Any, program: Program, keys: tuple[str, ...] = ("line",)) -> Any:
    """``data`` (a JSON report in program lines) with a ``cell`` object beside each
    ``"line"`` (more keys: ``keys``; ``"end_line"`` gets ``"end_cell"``, any other key K
    ``"K_cell"``). Changed in place and returned."""
    if isinstance(data, list):
        for item in data:
            annotate_lines(item, program, keys)
    elif isinstance(data, dict):
        for value in list(data.values()):
            annotate_lines(value, program, keys)
        for key in keys:
            line = data.get(key)
            if isinstance(line, int) and not isinstance(line, bool):
                place = program.place(line)
                if place is not None:
                    name = "cell" if key == "line" else f"{key.removesuffix('_line')}_cell"
                    data[name] = place.cell.to_json(place.line)
    return data


def program_map(program: Program) -> list[dict[str, Any]]:
    """Each code cell with the program lines it spans (header comment excluded)."""
    return [
        {
            **cell.to_json(),
            "first_line": cell.first_line,
            "last_line": cell.header_line + len(cell.lines),
        }
        for cell in program.cells
    ]
