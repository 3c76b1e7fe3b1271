"""A move said in prose made in the script: the quoted statement (the script's one, by its
text or elided start) cut and put where the prose's place resolves; a place the script does
not have is refused, never guessed. The words are read by :mod:`gptfix.llm.moves`.
"""

from __future__ import annotations

import ast
import textwrap

from gptfix.edits import parses
from gptfix.llm.blocks import Block
from gptfix.llm.patches import Refused, TextEdit, short
from gptfix.llm.prose_place import place_from_prose
from gptfix.llm.roles import quoted_statements


def move_statement(text: str, block: Block) -> tuple[str, TextEdit] | None:
    """``text`` with the quoted statement moved where the prose says; None when the script
    has no such statement (nothing to move), :class:`Refused` when the place is unclear."""
    tree = ast.parse(text)
    lines = text.split("\n")
    spots = quoted_statements(tree, lines, block.text)
    if len(spots) != 1:
        return None
    node = spots[0]
    start, end = node.lineno - 1, node.end_lineno or node.lineno
    place = place_from_prose(lines, tree, block.search or "", "")
    if place is None:
        raise Refused(f"the prose moves `{short(block.text)}` to a place not found in the script")
    if start <= place.anchor < end:
        raise Refused(f"the prose moves `{short(block.text)}` next to itself")
    if place.at in (start, end):
        raise Refused(f"`{short(block.text)}` is already where the prose moves it")
    moved = textwrap.indent(textwrap.dedent("\n".join(lines[start:end])), place.indent)
    out = list(lines)
    if place.at > start:
        out[place.at : place.at] = moved.split("\n")
        del out[start:end]
    else:
        del out[start:end]
        out[place.at : place.at] = moved.split("\n")
    new = "\n".join(out)
    if parses(new) is not None:
        raise Refused(f"moving `{short(block.text)}` leaves code that does not parse")
    where = "before" if not place.after else "after"
    summary = f"moved line {start + 1} {where} line {place.anchor + 1} as asked"
    return new, TextEdit("move_statement", start + 1, end, summary)
