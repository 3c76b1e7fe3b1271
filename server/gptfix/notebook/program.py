"""A notebook's code cells -> one Python program, with the position map both ways.

Bridges what the user sees (cell N, line L) and what every core part reads (one
program text). The program is the code cells in order, each after a header comment
``# %% cell N`` (N counts every cell from 1, as an editor's "cell 7 of 20" does);
IPython syntax is neutralised the way ``nbconvert``/jupytext comment it out, one line
for one line, so positions hold: line magics (``%pip``), cell magics (``%%time``; the
body stays code when the magic runs Python, else it is commented too), shell lines
(``!pip install``, ``files = !ls``) and help (``model.fit?``). An indented magic becomes
``pass  # %magic`` so its block still parses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: cell magics whose body is Python code (kept as code; only the magic line is commented)
PYTHON_CELL_MAGICS = frozenset(
    {"time", "timeit", "capture", "prun", "debug", "python", "python3", "memit", "mprun"}
)
_HEADER = "# %% cell {number}"
HEADER_RE = re.compile(r"^# %% cell (\d+)\s*$")
_SHELL_OR_MAGIC = re.compile(r"^(?P<indent>\s*)(?:!|%)")
_ASSIGNED = re.compile(r"^(?P<indent>\s*)[\w.\[\], ]+?\s*=\s*[!%]\S")
_HELP = re.compile(r"^(?P<indent>\s*)(?:\?\??[\w.]+(?:\(\))?|[\w.]+(?:\(\))?\?\??)\s*$")


@dataclass(frozen=True)
class Cell:
    """One code cell as read: where it is in the notebook and in the program."""

    index: int  #: 0-based index among all cells (nbformat's ``cells[index]``)
    id: str | None  #: the cell id (nbformat 4.5+), when the notebook has one
    source: str  #: the cell's source as saved
    execution_count: int | None
    header_line: int  #: program line (1-based) of the cell's header comment
    lines: tuple[str, ...]  #: the source's lines as saved (no line ends)
    code: tuple[str, ...]  #: the same lines as program code (IPython syntax neutralised)

    @property
    def number(self) -> int:
        """1-based position among all cells, as an editor counts them."""
        return self.index + 1

    @property
    def first_line(self) -> int:
        """Program line of the cell's first source line."""
        return self.header_line + 1

    def to_json(self, line: int | None = None) -> dict[str, object]:
        out: dict[str, object] = {"index": self.index, "number": self.number, "id": self.id}
        if self.execution_count is not None:
            out["execution_count"] = self.execution_count
        if line is not None:
            out["line"] = line
        return out


@dataclass(frozen=True)
class Place:
    """A program line as the user sees it: a line of a cell."""

    cell: Cell
    line: int  #: 1-based line within the cell


def neutralise(lines: list[str]) -> list[str]:
    """The cell's lines with IPython syntax commented out, one line for one line."""
    out = list(lines)
    if not out:
        return out
    first = out[0].lstrip()
    if first.startswith("%%"):
        name = first[2:].split(None, 1)[0] if len(first) > 2 else ""
        out[0] = "# " + out[0]
        if name not in PYTHON_CELL_MAGICS:  # %%bash, %%writefile, %%html: not Python
            return [out[0]] + [_comment(line) for line in out[1:]]
    state = _Scan()
    for i, line in enumerate(out):
        if i == 0 and line.startswith("# %%"):
            continue
        if not state.continues():
            m = _SHELL_OR_MAGIC.match(line) or _ASSIGNED.match(line) or _HELP.match(line)
            if m and line.strip() and not line.lstrip().startswith("#"):
                indent = m["indent"]
                rest = line[len(indent) :]
                out[i] = f"{indent}pass  # {rest}" if indent else f"# {rest}"
                continue
        state.feed(line)
    return out


def _comment(line: str) -> str:
    return f"# {line}" if line.strip() else line


class _Scan:
    """Enough of Python's tokenizer to tell whether the next line continues a statement."""

    def __init__(self) -> None:
        self.depth = 0
        self.quote: str | None = None
        self.backslash = False

    def continues(self) -> bool:
        return self.depth > 0 or self.quote is not None or self.backslash

    def feed(self, line: str) -> None:
        j = 0
        while j < len(line):
            ch = line[j]
            if self.quote is not None:
                if ch == "\\":
                    j += 2
                    continue
                if line.startswith(self.quote, j):
                    j += len(self.quote)
                    self.quote = None
                    continue
            elif ch == "#":
                break
            elif line.startswith('"""', j) or line.startswith("'''", j):
                self.quote = line[j : j + 3]
                j += 3
                continue
            elif ch in "\"'":
                self.quote = ch
            elif ch in "([{":
                self.depth += 1
            elif ch in ")]}":
                self.depth = max(0, self.depth - 1)
            j += 1
        if self.quote in ('"', "'"):  # an unterminated one-quote string ends with its line
            self.quote = None
        self.backslash = line.rstrip().endswith("\\") and self.quote is None


@dataclass(frozen=True)
class Program:
    """The program built from a notebook's code cells, and the map between the two."""

    text: str
    cells: tuple[Cell, ...]

    def place(self, line: int) -> Place | None:
        """The cell line a program line shows (None for a header or past the end)."""
        for cell in self.cells:
            offset = line - cell.header_line
            if 1 <= offset <= len(cell.lines):
                return Place(cell, offset)
        return None

    def program_line(self, cell_index: int, line: int) -> int | None:
        """The program line of line ``line`` (1-based) of the cell at ``cell_index``."""
        for cell in self.cells:
            if cell.index == cell_index and 1 <= line <= max(len(cell.lines), 1):
                return cell.header_line + line
        return None

    def cell(self, index: int) -> Cell | None:
        return next((c for c in self.cells if c.index == index), None)

    def header_of(self, line: int) -> Cell | None:
        """The cell whose header comment is program line ``line``."""
        return next((c for c in self.cells if c.header_line == line), None)


def source_lines(source: str) -> list[str]:
    """A cell source's lines, split on ``\\n`` only (as notebooks store them)."""
    if not source:
        return []
    lines = source.split("\n")
    if source.endswith("\n"):
        lines.pop()
    return lines


def build_program(code_cells: list[tuple[int, str | None, str, int | None]]) -> Program:
    """The program for code cells given as (index, id, source, execution_count)."""
    parts: list[str] = []
    cells: list[Cell] = []
    line = 0
    for index, cell_id, source, count in code_cells:
        lines = source_lines(source)
        code = neutralise(lines)
        line += 1
        cells.append(
            Cell(
                index=index,
                id=cell_id,
                source=source,
                execution_count=count,
                header_line=line,
                lines=tuple(lines),
                code=tuple(code),
            )
        )
        parts.append(_HEADER.format(number=index + 1))
        parts += code
        line += len(code)
    return Program(text="\n".join(parts) + "\n", cells=tuple(cells))


#: what the first header line runs when the program calls IPython's ``display`` builtin
_DISPLAY_SHIM = (
    'display = getattr(__import__("builtins"), "display", None) '
    "or (lambda *objs, **kw: print(*objs))  "
)


def runnable_text(text: str) -> str:
    """The program as a script runs it: IPython's ``display`` defined when it is used.

    The definition takes the place of the first cell header (a comment), so every
    line keeps its number.
    """
    first, sep, rest = text.partition("\n")
    if HEADER_RE.match(first) and re.search(r"\bdisplay\s*\(", rest):
        return _DISPLAY_SHIM + first + sep + rest
    return text
