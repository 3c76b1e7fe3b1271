"""Blocks that are one keyword argument of a call, not a statement of their own.

An answer often shows only the argument it changes: ``callbacks=[Warmup(cfg.lr, cfg.epochs)]``
or ``optimizer=keras.optimizers.Adam(...),`` cut out of the ``fit``/``compile`` call. Python
reads either as an assignment (the trailing comma even makes a one-item tuple), and placed
as one it would run and do nothing. Such a block, a name the script never binds given a
value in keyword style, becomes an in-place change of that keyword in the script's one call
that gives it, or in each of its alike calls the words around the block pick ("dans les deux
`compile`").
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.index import build_index
from gptfix.llm.blocks import Block, introducing
from gptfix.llm.occurrence import pick, said_which
from gptfix.llm.patches import offset_of, with_keyword

#: ``name=value`` with no spaces around ``=``, the way an argument is written
_KEYWORD_STYLE = re.compile(r"\A([A-Za-z_]\w*)=(?!=)\S")


def _fragments(code: str) -> list[tuple[str, str]]:
    """(keyword, value source) for each line of ``code`` when it is a run of keyword
    arguments: ``name=value`` with no spaces, or ``name = value,`` ending in the comma
    that follows an argument (every one but the last); else empty."""
    text = textwrap.dedent(code).strip()
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    out = []
    for k, st in enumerate(tree.body):
        if (
            not isinstance(st, ast.Assign)
            or len(st.targets) != 1
            or not isinstance(st.targets[0], ast.Name)
        ):
            return []
        seg = ast.get_source_segment(text, st) or ""
        trailing = seg.endswith(",") and isinstance(st.value, ast.Tuple) and len(st.value.elts) == 1
        last = k == len(tree.body) - 1
        if not (trailing or _KEYWORD_STYLE.match(seg)) or (not last and not trailing):
            return []
        value = seg.split("=", 1)[1].strip()
        out.append((st.targets[0].id, value[:-1].rstrip() if trailing else value))
    return out


def _read_elsewhere(name: str, others: list[str]) -> bool:
    """Whether another block of the answer reads ``name`` as a variable (``callbacks=callbacks``);
    a block that is no code (a traceback quoting `loss`) reads nothing."""
    for code in others:
        try:
            tree = ast.parse(textwrap.dedent(code))
        except SyntaxError:
            continue
        if any(
            isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
            for n in ast.walk(tree)
        ):
            return True
    return False


def _callee(call: ast.Call) -> str:
    return ast.unparse(call.func).rsplit(".", 1)[-1]


def _other_call_named(tree: ast.Module, holder: ast.Call, intro: str) -> bool:
    """Whether the sentence before the block names another call ("Put this in your `fit`
    call" while only ``evaluate`` gives the keyword): a name quoted there that the script
    calls, other than the call giving the keyword and the functions that hold it."""
    # the sentence that introduces the block (not "the `sin` term" said before it)
    last = re.split(r"(?<=[.!?。！？])\s+", intro.strip())[-1]
    quoted = {q.rsplit(".", 1)[-1] for q in re.findall(r"`([A-Za-z_][\w.]*)(?:\(\.*\))?`", last)}
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    around = {
        d.name
        for d in ast.walk(tree)
        if isinstance(d, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and d.lineno <= holder.lineno <= (d.end_lineno or d.lineno)
    }
    called = {_callee(c) for c in calls}
    return bool((quoted & called) - around - {_callee(holder)})


def _new_call(script_text: str, call: ast.Call, said: list[tuple[str, str]]) -> str:
    """The call's source with the keywords ``said`` gives: a value it has replaced, one it
    lacks added at the end; a value over several lines keeps the keyword's indentation."""
    source = ast.get_source_segment(script_text, call) or ""
    at = offset_of(script_text, call.lineno, call.col_offset)
    given = {k.arg: k for k in call.keywords}
    spans, added = [], []
    for name, value in said:
        kw = given.get(name)
        rows = value.split("\n")
        pad = " " * (kw.col_offset if kw is not None else call.col_offset + 4)
        value = "\n".join([rows[0], *(pad + r if r.strip() else r for r in rows[1:])])
        if kw is None:
            added.append(f"{name}={value}")
            continue
        start = offset_of(script_text, kw.lineno, kw.col_offset) - at
        end = offset_of(script_text, kw.end_lineno or kw.lineno, kw.end_col_offset or 0) - at
        spans.append((start, end, f"{name}={value}"))
    for start, end, new in sorted(spans, reverse=True):
        source = source[:start] + new + source[end:]
    for keyword in added:
        rows = source.split("\n")
        if len(rows) > 2 and rows[-1].strip() == ")" and rows[-2].rstrip().endswith(","):
            # one argument a line, the bracket on its own: the new one as a line of its own
            indent = rows[-2][: len(rows[-2]) - len(rows[-2].lstrip())]
            source = "\n".join([*rows[:-1], f"{indent}{keyword},", rows[-1]])
        else:
            source = with_keyword(source, keyword)
    return source


def keyword_fragments(blocks: list[Block], script_text: str) -> None:
    """Turn the blocks that are keyword arguments of the script's one call giving them
    into in-place changes of that call (``inline`` blocks)."""
    try:
        tree = ast.parse(script_text)
    except SyntaxError:
        return
    bound = {b.name for b in build_index(script_text).bindings}  # the program model's
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    for block in list(blocks):
        if block.kind != "code" or block.line <= 0:
            continue
        said = _fragments(block.text)
        names = [name for name, _ in said]
        if not said or set(names) & bound or len(set(names)) != len(names):
            continue
        others = [b.text for b in blocks if b is not block and b.kind != "suggestion"]
        if any(_read_elsewhere(name, others) for name in names):
            continue
        giving = sorted(
            (c for c in calls if any(k.arg in names for k in c.keywords)),
            key=lambda c: (c.lineno, c.col_offset),
        )
        if len(giving) > 1:  # "dans les deux `compile`", "in the second `fit`"
            giving = _picked(giving, block)
        if len(giving) < 1 or any(
            _other_call_named(tree, c, introducing(block.prose)) for c in giving
        ):
            continue
        olds = [ast.get_source_segment(script_text, c) for c in giving]
        if None in olds or len(set(olds)) != len(olds):
            continue
        for k, (call, old) in enumerate(zip(giving, olds, strict=True)):
            assert old is not None
            into = block if k == 0 else Block("code", block.text, block.lang, block.line)
            into.kind, into.search = "inline", old
            into.replace = _new_call(script_text, call, said)
            into.note = "keyword arguments of the script's call that gives them"
            if k:
                blocks.insert(blocks.index(block) + k, into)


def _picked(giving: list[ast.Call], block: Block) -> list[ast.Call]:
    """Of several alike calls giving the keyword, those the words right below the block
    pick ("dans les deux `compile`", "im zweiten `fit`"); none when they are not calls of one
    function, no word there picks, or the words above the block pick (read elsewhere)."""
    names = {_callee(c) for c in giving}
    if len(names) != 1:
        return []
    name = names.pop()
    if said_which(introducing(block.prose), name) is not None:
        return []  # "in both compiles:" above the block: the keyword lines' own reading
    below = block.after.strip().split("\n\n")[0]
    chosen = pick(list(range(len(giving))), said_which(below, name))
    return [giving[k] for k in chosen] if chosen else []
