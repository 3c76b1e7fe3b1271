"""The script's block of module-level constants (``EPOCHS = 10``, ``LR = 1e-3``), the place
an answer means by "at the top with the other constants", "oben bei den Konstanten",
"和其他常量放在一起": a new constant goes after the last of them."""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import Block, introducing
from gptfix.llm.placewords import CONSTANTS
from gptfix.llm.stmts import Stmt

_CAPS = re.compile(r"[A-Z][A-Z0-9_]*")


def last_constant(top: list[Stmt]) -> Stmt | None:
    """The last of the first run of module-level constants in ``top`` (the module's
    statements; imports between them allowed); None when the script has no such run."""
    run: list[Stmt] = []
    for st in top:
        node = st.node
        targets: list[ast.expr] = (
            list(node.targets)
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if names and len(names) == len(targets) and all(_CAPS.fullmatch(n) for n in names):
            run.append(st)
        elif run and not st.is_import:
            break
    return run[-1] if run else None


def constants_place(text: str, prose: str) -> tuple[str, bool] | None:
    """The top-level place a new value goes when the words introducing it put it with the
    script's constants: the first line of the last constant, and True (after it); None when
    the prose says nothing of the kind or the script has no constants."""
    if not CONSTANTS.search(introducing(prose)):
        return None
    from gptfix.llm.code_block import said_top_place  # it reads the cue the same way

    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    return said_top_place(text.split("\n"), tree, Block("code", "", prose=introducing(prose)))
