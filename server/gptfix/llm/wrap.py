"""An answer that moves the script's top-level code into a new function.

Bridges a block such as ``def main(): ...`` (the script's own statements, indented) followed by
``if __name__ == "__main__": main()`` and the script's module body: the run of top-level
statements the new function's body holds (most of them as written) is replaced by the
function and the block's call, in place; functions and classes defined inside that run stay
at module level, above the new function. Refused (None: the caller goes on as before) when a
plain statement inside the run is neither in the new body nor a definition, or when the
function holds fewer than three of the script's statements.
"""

from __future__ import annotations

import ast

from gptfix.llm.patches import TextEdit
from gptfix.llm.stmts import Stmt


def wrap_in_function(
    lines: list[str],
    top: list[Stmt],
    new: list[Stmt],
    block_lines: list[str],
    script_defs: set[str | None],
) -> tuple[list[tuple[int, int, list[str]]], TextEdit] | None:
    """The line operation that puts the block's new function (and its call) in place of
    the script statements it moved into it, or None when the block is no such move."""
    real = [n for n in new if not n.marker and not n.is_import]
    fns = [n for n in real if n.is_def and isinstance(n.node, ast.FunctionDef)]
    if len(fns) != 1 or fns[0].key in script_defs:
        return None
    fn = fns[0]
    assert isinstance(fn.node, ast.FunctionDef)
    others = [n for n in real if n is not fn]
    name = fn.node.name
    if not others or not all(_calls(n.node, name) for n in others):
        return None
    inner = {ast.dump(s) for s in fn.node.body}
    hits = [k for k, st in enumerate(top) if not st.is_def and st.dump in inner]
    if len(hits) < 3 or len(hits) < 0.6 * len(fn.node.body):
        return None
    first, last = hits[0], hits[-1]
    kept: list[str] = []
    for k in range(first, last + 1):
        st = top[k]
        if st.is_def:
            kept += [*lines[st.start : st.end], "", ""]
        elif k not in hits:
            return None  # a plain statement the function neither holds nor replaces
    start = fn.start
    while start > 0 and block_lines[start - 1].strip().startswith("#"):
        start -= 1
    body = block_lines[start : fn.end]
    calls = [x for n in others for x in block_lines[n.start : n.end]]
    new_lines = [*kept, *body, "", "", *calls]
    edit = TextEdit(
        "replace_statement",
        top[first].start + 1,
        top[last].end,
        f"moved lines {top[first].start + 1}-{top[last].end} into `{name}()`",
    )
    return [(top[first].start, top[last].end, new_lines)], edit


def _calls(node: ast.stmt, name: str) -> bool:
    """A statement that calls the function (``main()``, ``if __name__ == "__main__": main()``)."""
    return any(
        isinstance(x, ast.Call) and isinstance(x.func, ast.Name) and x.func.id == name
        for x in ast.walk(node)
    )
