"""A re-pasted body that stops short of the script's, and what stays after it.

Bridges the statement merge (:mod:`gptfix.llm.merge`) and a body an answer shows only down
to the line it adds or changes (no elision marker): ``for lr in grid:`` re-pasted down to
the ``clear_session()`` it adds above ``model = build_model(lr)`` keeps the loop's fit and
record; a ``def`` shown down to the layer it adds keeps its ``compile`` and ``return``.
"""

from __future__ import annotations

import ast
import textwrap

from gptfix.llm.stmts import Stmt


def stops_short(block: list[str], old: list[Stmt], new: list[Stmt], outer: Stmt) -> bool:
    """A re-pasted body that may stop short of the script's (see :func:`kept_tail`).

    It has no elision marker, the answer adds or changes something in it, and the block
    does not go on past the statement (a block that does shows that statement whole).
    """
    if any(x.strip() and not x.strip().startswith("#") for x in block[outer.end :]):
        return False
    real = [n for n in new if not n.marker]
    if not real or not old or len(real) != len(new):
        return False
    dumps = {o.dump for o in old}
    # only the script's own lines: a removal, said by what the body leaves out
    return not all(n.dump in dumps for n in real)


def kept_tail(block: list[str], old: list[Stmt], cursor: int) -> bool:
    """The script's lines after the last one an open-tailed body places stay.

    ``for lr in grid:`` re-pasted with ``clear_session()`` added above ``model =
    build_model(lr)``, its last line, while the script's loop goes on to fit and
    record: the answer shows where its line goes, not a loop without training (and a
    ``def`` shown down to the layer it adds keeps its ``compile`` and ``return``). Not
    when the answer shows one of those lines elsewhere (moved out of the loop).
    """
    if cursor < 0 or cursor >= len(old) - 1:
        return False
    shown = _block_dumps(block)
    return not any(o.dump in shown for o in old[cursor + 1 :])


def _block_dumps(block: list[str]) -> set[str]:
    """Every statement of the answer's block, normalised (empty when it does not parse)."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(block)))
    except SyntaxError:
        return set()
    return {ast.dump(x) for x in ast.walk(tree) if isinstance(x, ast.stmt)}
