"""Moves said only in prose: "move `os.makedirs(...)` before the `fit` call", "`X` vor den
`fit`-Aufruf ziehen", "把 `X` 移到 `Y` 之前". The quoted statement is the script's (one
statement, by its text or its elided start); the place is read by the same placer that puts
new code where the prose says. A quote the script does not have is no move (the answer may
add that code in a block). Read here; made by :mod:`gptfix.llm.move_apply`.
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block

_Q = r"`(?P<code>[^`\n]{4,160})`"
#: the words after the quote, up to the sentence's end (a quote may hold dots)
_REST = r"(?:`[^`\n]{1,120}`|\n(?!\s*\n)|[^\n.;!?。；`]){3,120}"
_ARTICLE = r"(?:(?:the|that|this|your|la|el|le|o|a|die|den|das)\s+)?"
_NOUN = r"(?:(?:line|call|statement|l[ií]nea|ligne|zeile|linha|строку|вызов)\s+)?"
#: the verb first: "move `X` before ...", "mueve `X` después de ...", "déplacez `X` avant ..."
_MOVE_FIRST = re.compile(
    r"(?i)\b(?:move|relocate|mueve|mover|mova|mover|d[ée]place[zr]?|verschiebe|sposta|"
    r"перенесите|переместите|przenieś)\s+" + _ARTICLE + _NOUN + _Q + rf"(?P<rest>{_REST})"
)
#: the verb last: "`X` vor den `fit`-Aufruf ziehen", "把 `X` 移到 `Y` 之前", "`X` を `Y` の前に移動"
_MOVE_LAST = re.compile(
    _Q + rf"(?P<rest>{_REST}?)\s*(?:\b(?:ziehen|verschieben|stellen)\b|移動(?:して|する|します)?)"
    r"|(?:把|将)\s*"
    + _Q.replace("code", "code2")
    + r"\s*(?:移到|移动到|挪到|放到)(?P<rest2>"
    + _REST.replace("{3,120}", "{2,120}")
    + ")"
)


def prose_moves(prose: str, blocks: list[Block]) -> list[Block]:
    """The moves the prose asks for, as "move" blocks (``text`` the quote, ``search`` the
    words that name the place); quotes that a block re-pastes are left to that block."""
    quoted = "\n".join(b.text for b in blocks)
    out = []
    for pattern in (_MOVE_FIRST, _MOVE_LAST):
        for m in pattern.finditer(prose):
            code = m["code"] if m["code"] is not None else m["code2"]
            rest = m["rest"] if m["rest"] is not None else m["rest2"]
            if not re.search(r"[(=\[]", code) or code.strip() in quoted:
                continue
            out.append(Block("move", code.strip(), prose=m.group(0), search=rest.strip()))
    return out
