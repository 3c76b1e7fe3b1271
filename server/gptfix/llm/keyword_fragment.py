"""Blocks that are one keyword argument of a call, not a statement of their own.

An answer often shows only the argument it changes: ``callbacks=[Warmup(cfg.lr, cfg.epochs)]``
or ``optimizer=keras.optimizers.Adam(...),`` cut out of the ``fit``/``compile`` call. Python
reads either as an assignment (the trailing comma even makes a one-item tuple), and placed
as one it would run and do nothing. Such a block, a name the script never binds given a
value in keyword style, becomes an in-place change of that keyword in the script's one call
that gives it.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.blocks import Block, introducing

#: ``name=value`` with no spaces around ``=``, the way an argument is written
_KEYWORD_STYLE = re.compile(r"\A([A-Za-z_]\w*)=(?!=)\S")


def _bound(tree: ast.Module) -> set[str]:
    """Every name the script binds: assignments, loop targets, parameters, definitions."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.alias):
            out.add((node.asname or node.name).split(".")[0])
    return out


def _fragment(code: str) -> tuple[str, str] | None:
    """(keyword, value source) when ``code`` is one keyword argument: ``name=value`` with
    no spaces, or ``name = value,`` ending in the comma that follows an argument."""
    text = textwrap.dedent(code).strip()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return None
    st = tree.body[0]
    if len(st.targets) != 1 or not isinstance(st.targets[0], ast.Name):
        return None
    trailing = text.endswith(",") and isinstance(st.value, ast.Tuple) and len(st.value.elts) == 1
    if not trailing and not _KEYWORD_STYLE.match(text):
        return None
    value = text.split("=", 1)[1].strip()
    return st.targets[0].id, value[:-1].rstrip() if trailing else value


def _read_elsewhere(name: str, others: list[str]) -> bool:
    """Whether another block of the answer reads ``name`` as a variable (``callbacks=callbacks``)."""
    return any(re.search(rf"(?<![\w.])(?<![\w.]\s){name}\b(?!\s*=[^=])", o) for o in others)


def _callee(call: ast.Call) -> str:
    return ast.unparse(call.func).rsplit(".", 1)[-1]


def _other_call_named(tree: ast.Module, keyword: ast.keyword, intro: str) -> bool:
    """Whether the words before the block name another call ("Put this in your `fit`
    call" while only ``evaluate`` gives the keyword): a name quoted there that the script
    calls, other than the call giving the keyword and the functions that hold it."""
    quoted = {q.rsplit(".", 1)[-1] for q in re.findall(r"`([A-Za-z_][\w.]*)(?:\(\.*\))?`", intro)}
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    holder = next(c for c in calls if keyword in c.keywords)
    around = {
        d.name
        for d in ast.walk(tree)
        if isinstance(d, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and d.lineno <= holder.lineno <= (d.end_lineno or d.lineno)
    }
    called = {_callee(c) for c in calls}
    return bool((quoted & called) - around - {_callee(holder)})


def keyword_fragments(blocks: list[Block], script_text: str) -> None:
    """Turn the blocks that are one keyword argument of the script's one call giving that
    keyword into in-place changes of it (``inline`` blocks)."""
    try:
        tree = ast.parse(script_text)
    except SyntaxError:
        return
    bound = _bound(tree)
    for block in blocks:
        if block.kind != "code" or block.line <= 0:
            continue
        said = _fragment(block.text)
        if said is None or said[0] in bound:
            continue
        name, value = said
        others = [b.text for b in blocks if b is not block and b.kind != "suggestion"]
        if _read_elsewhere(name, others):
            continue
        given = [
            k
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            for k in node.keywords
            if k.arg == name
        ]
        if len(given) != 1 or _other_call_named(tree, given[0], introducing(block.prose)):
            continue
        old = ast.get_source_segment(script_text, given[0])
        if old is None:
            continue
        rows = value.split("\n")
        pad = " " * given[0].col_offset
        new = "\n".join([f"{name}={rows[0]}", *(pad + r if r.strip() else r for r in rows[1:])])
        block.kind, block.search, block.replace = "inline", old, new
        block.note = f"the `{name}=` argument of the script's call that gives it"
