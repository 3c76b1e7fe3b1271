"""Changes an answer lays out as a Markdown table, read as the sentences they stand for.

"| Line | Old | New |" with a row "| `model.compile(...)` | `loss="a"` | `loss="b"` |" says
"in `model.compile(...)`, change `loss="a"` to `loss="b"`". Each such row becomes that
sentence in the prose the readers of :mod:`gptfix.llm.prose_edits` go through, so a table
is read by the same rules as the words. Only tables with one column of old code and one of
new code (by their headers, in several languages) are read; a row naming a setting with its
old and new values unquoted ("| N_FOLDS | 3 | 5 |") says "Set `N_FOLDS` to 5."; any other row
is left as it is.
"""

from __future__ import annotations

import ast
import re

_OLD = re.compile(
    r"(?i)^\W*(?:old|before|current|original|was|from|alt|vorher|ancien(?:ne)?|avant|antes|"
    r"actual|antigo|vecchio|prima|было|до|旧|原|修改前|改前|変更前|現在|기존|변경\s*전|이전)\W*$"
)
_NEW = re.compile(
    r"(?i)^\W*(?:new|after|fixed|suggested|corrected|to|neu|nachher|nouveau|nouvelle|apr[eè]s|"
    r"nuevo|despu[eé]s|novo|nuovo|dopo|стало|после|新|改|修改后|改后|変更後|修正後|변경\s*후|새\s*코드|수정)\W*$"
)
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")
_ONE_QUOTE = re.compile(r"^\s*`([^`\n]+)`\s*$")


_NAME = re.compile(r"^\s*`?([A-Za-z_][\w.]*)`?\s*$")


def _value(cell: str) -> bool:
    """Whether a cell is one literal value (``3``, ``1e-3``, ``"adam"``, ``True``)."""
    try:
        ast.literal_eval(cell.strip().strip("`").strip())
    except (ValueError, SyntaxError):
        return False
    return True


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def _said(head: list[str], rows: list[str]) -> list[str]:
    """The sentences an old/new table's rows say; none when the table is no such table."""
    old = next((k for k, c in enumerate(head) if _OLD.match(c)), None)
    new = next((k for k, c in enumerate(head) if _NEW.match(c)), None)
    if old is None or new is None or old == new:
        return []
    where = next((k for k in range(len(head)) if k not in (old, new)), None)
    out = []
    for row in map(_cells, rows):
        if max(old, new) >= len(row):
            continue
        a, b = _ONE_QUOTE.match(row[old]), _ONE_QUOTE.match(row[new])
        if a is None or b is None:
            # "| N_FOLDS | 3 | 5 |": a setting by its name, its values as they are written
            name = _NAME.match(row[where]) if where is not None and where < len(row) else None
            if name is not None and _value(row[old]) and _value(row[new]):
                out.append(f"Set `{name.group(1)}` to {row[new].strip('`').strip()}.")
            continue
        at = _ONE_QUOTE.match(row[where]) if where is not None and where < len(row) else None
        verb = f"In `{at.group(1)}`, change" if at is not None else "Change"
        out.append(f"{verb} `{a.group(1)}` to `{b.group(1)}`.")
    return out


def tables_as_sentences(prose: str) -> str:
    """``prose`` with every old/new table of changes followed by its rows as sentences."""
    lines = prose.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if i + 1 < len(lines) and "|" in lines[i] and _SEPARATOR.match(lines[i + 1]):
            j = i + 2
            while j < len(lines) and lines[j].strip().startswith("|"):
                j += 1
            said = _said(_cells(lines[i]), lines[i + 2 : j])
            out.extend(lines[i:j])
            out.extend(["", *said, ""] if said else [])
            i = j
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)
