"""A new method an answer gives alone, for a class of the script ("Add this method to the
`VAE` class, right after `train_step`:" / ``def test_step(self, data): ...``).

Bridges a code block holding one new ``def`` whose first parameter is ``self`` (or ``cls``)
and the script's class its introducing sentence names: the method is written inside that
class, after the method the sentence names or else after the class's last statement, at the
class body's indentation. A method is never placed at module level, where ``self`` means
nothing and the class still lacks it.

A new function under a sentence that replaces one of the script's functions by name
("Reemplaza la función `f1_score` entera por esta:" over ``def make_f1(...)``) takes that
function's place: the old one goes, its callers are the answer's to update.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import introducing
from gptfix.llm.patches import TextEdit
from gptfix.llm.stmts import Stmt


def _mentions(sentence: str, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", sentence) is not None


def _self_attrs(node: ast.AST) -> set[str]:
    return {
        n.attr
        for n in ast.walk(node)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "self"
    }


def _class_for(
    tree: ast.Module, fn: ast.FunctionDef | ast.AsyncFunctionDef, said: str
) -> ast.ClassDef | None:
    """The script's class a new method goes into: the one the sentence names; else the one
    with a method the sentence names ("在 `train_step` 下面加"); else the one class whose
    own ``self.`` attributes the method reads."""
    classes = [c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)]
    for pick in (
        lambda c: _mentions(said, c.name),
        lambda c: any(
            isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef) and _mentions(said, m.name)
            for m in c.body
        ),
    ):
        hits = [c for c in classes if pick(c)]
        if hits:
            return hits[0] if len(hits) == 1 else None
    reads = _self_attrs(fn)
    shared = [c for c in classes if reads & _self_attrs(c)]
    return shared[0] if len(shared) == 1 and isinstance(shared[0], ast.ClassDef) else None


def method_into_class(
    lines: list[str], tree: ast.Module, new: list[Stmt], blines: list[str], prose: str
) -> tuple[list[tuple[int, int, list[str]]], TextEdit] | None:
    """The line operation writing the block's one new method into the class the prose
    names, and its edit; None when the block is not one method or no one class is named."""
    real = [n for n in new if not n.marker]
    if len(real) != 1 or not isinstance(real[0].node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    fn = real[0].node
    params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
    if not params or params[0] not in ("self", "cls"):
        return None
    said = introducing(prose)
    cls = _class_for(tree, fn, said)
    if cls is None:
        return None
    methods = {m.name: m for m in cls.body if isinstance(m, ast.FunctionDef | ast.AsyncFunctionDef)}
    if fn.name in methods:
        return None  # a method the class has: a rewrite, the merger's to place
    named = [m for name, m in methods.items() if _mentions(said, name)]
    after = named[0] if len(named) == 1 else cls.body[-1]
    assert after.end_lineno is not None
    first = cls.body[0]
    row = lines[first.lineno - 1]
    pad = row[: len(row) - len(row.lstrip())]
    if first.lineno == cls.lineno:  # ``class VAE(keras.Model): pass``: one level in
        head = lines[cls.lineno - 1]
        pad = head[: len(head) - len(head.lstrip())] + "    "
    code = blines[real[0].start : real[0].end]
    base = len(code[0]) - len(code[0].lstrip())
    body = [pad + x[base:] if x.strip() else "" for x in code]
    at = after.end_lineno
    edit = TextEdit(
        "insert_definition", at + 2, at + 1, f"added method `{fn.name}` to `{cls.name}`"
    )
    return [(at, at, ["", *body])], edit


#: a sentence that replaces something: the verbs of many languages
_REPLACE = re.compile(
    r"(?i)\b(?:replace|swap|substitute|reemplaza|sustituye|substitua|troque|"
    r"remplace[zr]?|ersetze|ersetzen|sostituisci|vervang)\b|替换|换成|替代|"
    r"置き換え|置換|교체|대체|바꾸"
)


def def_in_place_of(
    lines: list[str], tree: ast.Module, new: list[Stmt], blines: list[str], prose: str
) -> tuple[list[tuple[int, int, list[str]]], TextEdit] | None:
    """The line operation writing a block's one new top-level function over the script's
    function the introducing sentence replaces by name, and its edit; None otherwise."""
    real = [n for n in new if not n.marker and not n.is_import]
    if len(real) != 1 or not isinstance(real[0].node, ast.FunctionDef | ast.AsyncFunctionDef):
        return None
    fn = real[0].node
    said = introducing(prose)
    if not _REPLACE.search(said):
        return None
    defs = {
        n.name: n
        for n in tree.body
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }
    if fn.name in defs:
        return None  # the same function given anew: the merger's
    named = [d for name, d in defs.items() if f"`{name}`" in said or f"`{name}()`" in said]
    if len(named) != 1:
        return None
    old = named[0]
    start = min([old.lineno, *(d.lineno for d in old.decorator_list)]) - 1
    end = old.end_lineno or old.lineno
    code = blines[real[0].start : real[0].end]
    base = len(code[0]) - len(code[0].lstrip())
    body = [x[base:] if x.strip() else "" for x in code]
    while body and not body[-1].strip():
        body.pop()
    edit = TextEdit(
        "replace_statement",
        start + 1,
        end,
        f"replaced `{old.name}` with `{fn.name}`, as the prose says",
    )
    return [(start, end, body)], edit
