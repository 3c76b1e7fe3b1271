"""An answer that puts a run of the script's top-level code inside a new loop: a seed or
k-fold ensemble ("replace the training/prediction part with: ``for i in range(N): model =
build_model(...); model.fit(...); all_preds.append(model.predict(...))``, then ``preds =
np.mean(all_preds, axis=0)``").

Bridges such a block and the script's module body: a script statement is held by the block
when a block statement (at its top level or inside its loop) is the same statement, makes the
same call of one of the script's own values or functions (``model.fit``, ``build_model``), or
sets the same name by assignment (``preds = np.mean(...)`` for ``preds = model.predict(...)``).
The run from the first held statement to the last is replaced by the block; definitions in it
stay, above. Not a loop wrap (None: the caller goes on as before) unless the loop holds at
least two of the script's statements and the block holds three in all; a plain statement of
the run that the block does not hold is dropped only when the prose says the block replaces
that part ("replace the training part with:"), else it is no such wrap.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import introducing
from gptfix.llm.patches import TextEdit
from gptfix.llm.stmts import Stmt

_LOOPS = (ast.For, ast.While)
_REPLACES = re.compile(
    r"(?i)\b(?:replace|instead of|swap out|substitute)\b|\bersetze|\bremplace|\breemplaza|"
    r"\bsubstitu|替换|换成|置き換"
)


def wrap_in_loop(
    lines: list[str],
    top: list[Stmt],
    new: list[Stmt],
    block_lines: list[str],
    prose: str,
) -> tuple[list[tuple[int, int, list[str]]], TextEdit] | None:
    """The line operation that puts the block (with its loop) in place of the run of script
    statements it holds, or None when the block is no such wrap."""
    real = [n for n in new if not n.marker and not n.is_import]
    loops = [n for n in real if isinstance(n.node, _LOOPS)]
    if not loops or any(n.is_def for n in real):
        return None
    own = _script_values(top)
    inside = [
        s for n in loops for s in ast.walk(n.node) if isinstance(s, ast.stmt) and s is not n.node
    ]
    outside = [n.node for n in real if n not in loops]
    in_loop = {k for k, st in enumerate(top) if _held(st.node, inside, own)}
    # outside the loop a statement is held as written or set anew, never by a shared call
    # (``folds = split(rng.permutation(n))`` is not the script's ``idx = rng.permutation(n)``)
    hits = sorted(in_loop | {k for k, st in enumerate(top) if _held(st.node, outside, set())})
    hits = _main_run(top, hits, in_loop)
    last_paragraph = introducing(prose)
    if _CELL_WORD.search(last_paragraph):  # "replace the training cell with:": that cell only
        hits = _one_cell(lines, top, hits)
    if len(in_loop & set(hits)) < 2 or len(hits) < 3:
        return None
    if any(top[k].is_def or isinstance(top[k].node, _LOOPS) for k in hits):
        return None  # the script's own loop re-pasted: merged as a rewrite of it, elsewhere
    first, last = hits[0], hits[-1]
    kept: list[str] = []
    for k in range(first, last + 1):
        st = top[k]
        if st.is_def:
            kept += [*lines[st.start : st.end], "", ""]
        elif k not in hits and not _REPLACES.search(last_paragraph):
            return None  # a statement the block neither holds nor is said to replace
    start = real[0].start
    while start > 0 and block_lines[start - 1].strip().startswith("#"):
        start -= 1
    body = [x.rstrip() for x in block_lines[start : real[-1].end]]
    edit = TextEdit(
        "replace_statement",
        top[first].start + 1,
        top[last].end,
        f"replaced lines {top[first].start + 1}-{top[last].end} with the loop",
    )
    return [(top[first].start, top[last].end, [*kept, *body])], edit


_CELL_WORD = re.compile(
    r"(?i)\bcell\b|\bcelda\b|\bc[ée]lula\b|\bcellule\b|\bZelle\b|单元格|セル|셀"
)


def _one_cell(lines: list[str], top: list[Stmt], hits: list[int]) -> list[int]:
    """The held statements in the cell (``# %%``) of the last one: a block said to replace
    one cell never takes statements of the cells above it."""
    marks = [i for i, x in enumerate(lines) if x.lstrip().startswith("# %%")]

    def cell(k: int) -> int:
        return sum(1 for m in marks if m < top[k].start)

    return [k for k in hits if cell(k) == cell(hits[-1])] if hits else hits


def _main_run(top: list[Stmt], hits: list[int], in_loop: set[int]) -> list[int]:
    """The held statements the loop takes the place of: from the first of the part that
    holds the most of the loop's statements to the last held one. A statement the block
    does not hold that makes a value (``X_test = ...`` between a ``seed_everything(CFG.seed)``
    the loop repeats and the training it wraps) separates parts; a setup call held before
    such a statement stays where it is."""
    runs: list[list[int]] = []
    for k in hits:
        if runs and not any(
            _makes_value(top[j].node) for j in range(runs[-1][-1] + 1, k) if not top[j].is_def
        ):
            runs[-1].append(k)
        else:
            runs.append([k])
    if not runs:
        return []
    main = max(runs, key=lambda r: len(in_loop & set(r)))
    return [k for k in hits if k >= main[0]]


def _makes_value(node: ast.stmt) -> bool:
    return isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign)


def _script_values(top: list[Stmt]) -> set[str]:
    """Names the script's module body binds (its values, functions and classes)."""
    out: set[str] = set()
    for st in top:
        if isinstance(st.node, ast.FunctionDef | ast.ClassDef):
            out.add(st.node.name)
        for x in ast.walk(st.node):
            if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Store):
                out.add(x.id)
    return out


def _own_calls(node: ast.AST, own: set[str]) -> set[str]:
    """Calls of the script's values or functions a statement makes (``model.fit``,
    ``build_model``), by their written callee."""
    out = set()
    for x in ast.walk(node):
        if not isinstance(x, ast.Call):
            continue
        f = x.func
        if isinstance(f, ast.Name) and f.id in own:
            out.add(f.id)
        elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in own:
            out.add(f"{f.value.id}.{f.attr}")
    return out


def _targets(node: ast.AST) -> set[str]:
    if not isinstance(node, ast.Assign):
        return set()
    return {t.id for t in node.targets if isinstance(t, ast.Name)}


def _held(script: ast.stmt, block: list[ast.stmt], own: set[str]) -> bool:
    """Whether a block statement stands for the script statement ``script``."""
    if isinstance(script, ast.FunctionDef | ast.ClassDef | ast.Import | ast.ImportFrom):
        return False
    dump = ast.dump(script)
    calls = _own_calls(script, own)
    names = _targets(script)
    for b in block:
        if isinstance(b, (*_LOOPS, ast.If, ast.With, ast.Try)):
            continue  # a compound is held through its own statements
        if ast.dump(b) == dump or (calls and calls & _own_calls(b, own)):
            return True
        if (
            names
            and names & _targets(b)
            and not names
            & {x.id for x in ast.walk(b) if isinstance(x, ast.Name) and isinstance(x.ctx, ast.Load)}
        ):
            return True  # ``preds = np.mean(all_preds, 0)`` sets the script's ``preds`` anew
    return False
