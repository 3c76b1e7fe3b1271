"""The script's statements a quote of code names, for the placer that reads where the prose
puts new code: a line of the script, ``name = ...``, a call (``model.fit`` or
``conv(...)``), a bare name, or several names a statement binds together (``tr, va``).
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.patches import Refused, find_lines
from gptfix.llm.stmts import COMPOUND, Stmt


def by_code(code: str, lines: list[str], bodies: list[list[Stmt]]) -> list[tuple[int, Stmt]]:
    """Statements quoted code names: a line of the script, ``name = ...``, a call, a name."""
    try:  # an elided quote (``conv(...)``) is no line of the script: named by its call
        start = -1 if "..." in code or "\u2026" in code else find_lines(lines, [code])[0]
    except Refused:
        start = -1
    if start >= 0 and not re.fullmatch(r"[\w.]+(?:\(\))?", code):
        inner = _innermost(bodies, start)
        return [inner] if inner is not None else []
    several = re.fullmatch(r"[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)+", code.strip())
    if several is not None:  # "after the `tr, va` split": the statement binding them all
        names = {x.strip() for x in code.split(",")}
        return [
            (b, st) for b, body in enumerate(bodies) for st in body if names <= targets_of(st.node)
        ]
    bound = re.fullmatch(r"([A-Za-z_][\w.]*)\s*=(?!=).*", code)
    name = bound.group(1) if bound else None
    head = re.fullmatch(r"([A-Za-z_][\w.]*)\s*(?:\(.*\))?\s*(?:call)?", code)
    out: list[tuple[int, Stmt]] = []
    for b, body in enumerate(bodies):
        for st in body:
            if st.is_import:
                continue
            targets = targets_of(st.node)
            if name is not None and name in targets:
                out.append((b, st))
            elif name is None and head is not None and head.group(1) in targets:
                if st.is_def and "(" in code:
                    continue  # ``conv(...)`` quotes a call of ``conv``, not its definition
                out.append((b, st))
    if out or head is None:
        return out
    called = head.group(1)
    for b, body in enumerate(bodies):
        for st in body:
            if isinstance(st.node, COMPOUND) or st.is_def:
                continue
            calls = {ast.unparse(c.func) for c in ast.walk(st.node) if isinstance(c, ast.Call)}
            if any(c == called or c.endswith("." + called) for c in calls):
                out.append((b, st))
    elided = re.split(r"\.\.\.|\u2026", code)[0].strip()
    if len(out) > 1 and len(elided) > len(called) + 1:
        # ``print("best val acc:", ...)``: of the calls, the ones written as the quote begins
        def said(st: Stmt) -> bool:
            return re.sub(r"\s+", " ", lines[st.start].strip()).startswith(
                re.sub(r"\s+", " ", elided)
            )

        out = [x for x in out if said(x[1])] or out
    return out


def targets_of(node: ast.stmt) -> set[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = list(node.targets)
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    out: set[str] = set()
    for t in targets:
        for sub in ast.walk(t):
            if isinstance(sub, ast.Name | ast.Attribute):
                out.add(ast.unparse(sub))
    return out


def _innermost(bodies: list[list[Stmt]], line0: int) -> tuple[int, Stmt] | None:
    best: tuple[int, Stmt] | None = None
    for b, body in enumerate(bodies):
        for st in body:
            if st.start <= line0 < st.end and (
                best is None or st.end - st.start < best[1].end - best[1].start
            ):
                best = (b, st)
    return best
