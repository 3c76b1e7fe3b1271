"""Edit operator for a value the script's own commented-out code was meant to make.

Bridges a failure whose statement reads a value (``v_lines = t_lines[8000:]``, empty on a
short file) and a run of commented-out lines in the same function that rebinds it from a
variable the live code binds and never reads (``# with open(val_path) as v_f:`` /
``#     v_lines = v_f.readlines()``): the unused variable is the evidence that the comment
is the author's own code switched off, not an example. The fix uncomments the run, at its
own indentation. Nothing is proposed when the commented lines do not parse as code, bind
nothing the failing statement reads, or read no otherwise unused binding.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.index.script import ScriptIndex
from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, RuleContext

_COMMENT = re.compile(r"^(\s*)#(?!!)(.*)$")
_MAX_RUN = 40


def _runs(lines: list[str]) -> list[tuple[int, int]]:
    """(first, last) 1-based lines of each run of comment lines at one indentation."""
    runs: list[tuple[int, int]] = []
    start, indent = 0, None
    for i, text in enumerate([*lines, ""], start=1):
        m = _COMMENT.match(text)
        here = m.group(1) if m else None
        if here is not None and here == indent:
            continue
        if indent is not None:
            runs.append((start, i - 1))
        start, indent = i, here
    return [r for r in runs if r[1] - r[0] < _MAX_RUN]


def _uncomment(run: list[str]) -> list[str]:
    """The run's lines without their ``#``, and without the space after it when every
    line has one (``# x`` and ``#x`` styles both keep their nested indentation)."""
    parts = [(m.group(1), m.group(2)) if (m := _COMMENT.match(x)) else ("", x) for x in run]
    drop = 1 if all(rest.startswith(" ") or not rest for _, rest in parts) else 0
    return [indent + rest[drop:] for indent, rest in parts]


def _code(lines: list[str], first: int, last: int) -> tuple[int, int, ast.Module] | None:
    """The longest sub-run (prose lines trimmed at both ends) that parses as statements."""
    for lo in range(first, last + 1):
        for hi in range(last, lo - 1, -1):
            body = textwrap.dedent("\n".join(_uncomment(lines[lo - 1 : hi])))
            try:
                tree = ast.parse(body)
            except SyntaxError:
                continue
            if any(not isinstance(s, ast.Expr) for s in tree.body):
                return lo, hi, tree
    return None


def _bound(tree: ast.Module) -> set[str]:
    return {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }


def _read(tree: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _unused(index: ScriptIndex, name: str, line: int) -> bool:
    """``name`` is bound where the run sits and the live code never reads it."""
    found = index.lookup(name, line)
    return found is not None and found.kind == "assign" and not index.uses_of(found)


def _failing_reads(ctx: RuleContext) -> set[str]:
    """Names the failing statements read, and the names those were made from."""
    return {b.name for line in ctx.user_lines for b in ctx.index.dependencies(line, depth=2)}


def commented_code(ctx: RuleContext) -> list[Fix]:
    """``v_lines = t_lines[8000:]`` then ``# v_lines = open(val_path).readlines()``:
    the commented lines, uncommented."""
    tree = ctx.index.tree
    if tree is None or not ctx.user_lines:
        return []
    text = ctx.script.text
    lines = text.split("\n")
    wanted = _failing_reads(ctx)
    scopes = {ctx.index.enclosing_scope(line).id for line in ctx.user_lines}
    for first, last in _runs(lines):
        if ctx.index.enclosing_scope(first).id not in scopes:
            continue
        found = _code(lines, first, last)
        if found is None:
            continue
        lo, hi, code = found
        makes = sorted(_bound(code) & wanted)
        evidence = sorted(n for n in _read(code) - _bound(code) if _unused(ctx.index, n, lo))
        if not makes or not evidence:
            continue
        new = lines[: lo - 1] + _uncomment(lines[lo - 1 : hi]) + lines[hi:]
        shown = ", ".join(f"`{n}`" for n in makes)
        return ctx.fix(
            "ops.commented-code",
            f"restore the commented-out lines {lo}-{hi} that make {shown}",
            "\n".join(new),
            SAFE,
            [
                f"lines {lo}-{hi} are commented-out code that binds {shown}, "
                "which the failing statement reads",
                f"they read {', '.join(f'`{n}`' for n in evidence)}, bound but never read "
                "elsewhere",
            ],
        )
    return []
