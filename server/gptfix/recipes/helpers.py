"""Bridges recipes that add module-level helper functions to the script's layout.

Helper functions (an SE block, a cosine LR schedule) are added once, after the import
block, before their first use, in the script's import style; calls to them are found
again on a second run so recipes stay idempotent.
"""

from __future__ import annotations

import re

import libcst as cst

from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import CstScript, callee, dotted


def helper_def(code: str) -> cst.BaseStatement:
    """Parse a ``def`` so it keeps two blank lines above it."""
    return cst.parse_module("pass\n\n\n" + code.strip("\n") + "\n").body[1]


def family(src: CstScript, base: str) -> list[str]:
    """Defined functions named ``base`` or ``base_<n>`` (a helper and its renamed copies)."""
    pattern = re.compile(rf"^{re.escape(base)}(_\d+)?$")
    return [name for name in src.functions if pattern.match(name)]


def calls_helper(stmt: cst.CSTNode, names: set[str]) -> str | None:
    """The helper's name when ``stmt`` is ``v = helper(...)`` for one of ``names``."""
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
        small = stmt.body[0]
        value = small.value if isinstance(small, cst.Assign | cst.Expr) else None
        if isinstance(value, cst.Call) and dotted(value.func) in names:
            return dotted(value.func)
    return None


def neighbour(src: CstScript, stmt: cst.BaseStatement, offset: int) -> cst.BaseStatement | None:
    body = list(src.block(stmt).body)
    i = body.index(stmt) + offset
    return body[i] if 0 <= i < len(body) else None


def add_helper(src: CstScript, patch: NodeEdits, code: str, first_use: cst.CSTNode) -> None:
    """Insert a helper ``def`` after the import block, or before its first use if earlier."""
    node = helper_def(code)
    anchor = src.last_import(first_use)
    use_top = src.top_statement(first_use)
    if anchor is not None and src.line(anchor) < src.line(use_top):
        patch.after[anchor].append(node)
        nxt = neighbour(src, anchor, 1)
        if nxt is not None and not isinstance(nxt, cst.FunctionDef | cst.ClassDef):
            patch.edit(nxt, two_blank_lines)
    else:
        patch.before[use_top].append(node)
        if not isinstance(use_top, cst.FunctionDef | cst.ClassDef):
            patch.edit(use_top, two_blank_lines)


def two_blank_lines(node: cst.CSTNode) -> cst.CSTNode:
    """At least two blank lines above a module-level statement that follows a new def."""
    lines = list(getattr(node, "leading_lines", ()))
    blank = 0
    for line in lines:
        if line.comment is not None:
            break
        blank += 1
    if blank >= 2:
        return node
    return node.with_changes(leading_lines=[cst.EmptyLine()] * (2 - blank) + lines)


def count_calls(src: CstScript, name: str) -> int:
    return sum(1 for c in src.calls if callee(c) == name)
