"""A change said in prose for one call or function only: "In `model.fit`, change
`y_train` to `y_train_oh`" changes the ``y_train`` inside the script's one ``fit`` call,
not the other ``y_train`` of the script.

Bridges the scope a prose change names (read by :mod:`gptfix.llm.prose_edits`) and the
inline replacement of :mod:`gptfix.llm.patches`, made on that call's or function's source.
"""

from __future__ import annotations

import ast
import re

from gptfix.errors import Refused
from gptfix.index import build_index
from gptfix.llm.patches import TextEdit, apply_inline, callee_tail, short, span_of


def _region(text: str, scope: str) -> tuple[int, int] | None:
    """Character offsets of the part of the script ``scope`` names; None when it names
    none or several.

    ``scope`` is one or more levels from the outside in, ``/``-separated: a call (by its
    last dotted part) or a function name, with ``#n`` for the n-th call in source order
    inside the level above (``get_model/LSTM#2``: the second ``LSTM`` call in
    ``get_model``; ``#-1`` the last), else a name the statement making it binds (``ds_val``).
    A level without a position must be the only one."""
    start, end = 0, len(text)
    tree = ast.parse(text)
    for level in scope.split("/"):
        name, _, pos = level.partition("#")
        tail = name.rsplit(".", 1)[-1]
        defs: list[tuple[int, int]] = []
        calls: list[tuple[int, int]] = []
        made: list[tuple[int, int]] = []  # ``ds_val = (...)``: the statement that makes it
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == tail:
                defs.append(span_of(text, node))
            elif isinstance(node, ast.Call) and callee_tail(node) == tail:
                calls.append(span_of(text, node))
            elif (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == name
            ):
                made.append(span_of(text, node))
        # a function's name is its definition, not the calls made of it
        inside = [
            sorted(x for x in spans if x[0] >= start and x[1] <= end)
            for spans in (defs, calls, made)
        ]
        found = inside[0] or inside[1] or inside[2]
        n = int(pos) if pos else 0
        if not found or (not n and len(found) > 1) or n > len(found):
            return None
        start, end = found[n - 1] if n > 0 else found[-1] if n < 0 else found[0]
    return start, end


def apply_scoped_inline(
    text: str, scope: str, old: str, new: str, every: int | None = None
) -> tuple[str, TextEdit]:
    """``old`` replaced by ``new`` inside the call or function ``scope`` only."""
    region = _region(text, scope)
    if region is None:
        raise Refused(f"the prose changes code in {_said(scope)}, which the script has not once")
    start, end = region
    inner, edit = apply_inline(text[start:end], old, new, every)
    shift = text.count("\n", 0, start)
    edit.start_line += shift
    edit.end_line += shift
    edit.summary = f"replaced `{short(old, 30)}` in {_said(scope)} (line {edit.start_line})"
    return text[:start] + inner + text[end:], edit


def _said(scope: str) -> str:
    """``get_model/LSTM#2`` as words: "the 2nd `LSTM` in `get_model`"."""
    words = []
    for level in reversed(scope.split("/")):
        name, _, pos = level.partition("#")
        at = {"": "", "-1": "the last ", "1": "the first ", "2": "the second "}.get(
            pos, f"call {pos} of "
        )
        words.append(f"{at}`{name}`")
    return " in ".join(words)


def named_function_lines(text: str, prose: str) -> tuple[int, int] | None:
    """The 0-based first and last line of the one function the prose quotes by name
    ("in `ScaledEmbedding.call`", "in `build_model()`"), a method by its class (the
    program model's scopes); None when it quotes none or several, or when the name is
    defined more than once."""
    index = build_index(text)
    if index.syntax_error is not None:
        return None
    found: set[tuple[int, int]] = set()
    for quote in re.findall(r"`([^`\n]+)`", prose):
        name = quote.strip().removesuffix("()")
        if not re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?", name):
            continue
        defs = [
            sc
            for sc in index.scopes
            if sc.kind == "function"
            and (
                sc.qualname == name or sc.qualname.endswith("." + name)
                if "." in name
                else sc.name == name
            )
        ]
        if len(defs) == 1:
            found.add((defs[0].line - 1, defs[0].end_line - 1))
    return found.pop() if len(found) == 1 else None


#: "In `FailureNet.__init__` add", "inside `build_model`:", "im `train_step`", "在 `f` 里"
_IN_QUOTE = re.compile(
    r"(?i)(?:\b(?:in|inside|within|im|en|dans|em|no|na|nel|в|во)\s+"
    r"(?:the\s+|your\s+|der\s+|la\s+|el\s+)?(?:method\s+|function\s+|Methode\s+|Funktion\s+)?"
    r"|在\s*)`[^`\n]+`"
)


def end_of_named_function(
    text: str, tree: ast.Module, prose: str
) -> tuple[int, str, int, bool] | None:
    """Where new statements go that the prose puts "in `f`" and nowhere more precise: the
    end of that one function's body, before a closing ``return``; as (0-based line to
    insert at, indent, 0-based anchor line, after the anchor). None when the prose names no
    one function with "in"."""
    if not _IN_QUOTE.search(prose):
        return None
    span = named_function_lines(text, prose)
    if span is None:
        return None
    node = next(
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.lineno - 1 == span[0]
        ),
        None,
    )
    if node is None:
        return None
    last = node.body[-1]
    if last.lineno == node.lineno or isinstance(
        last, ast.If | ast.For | ast.While | ast.Try | ast.With | ast.Match
    ):
        return None  # a one-line def, or a body that ends in a branch: no one end to add at
    lines = text.split("\n")
    indent = lines[last.lineno - 1][
        : len(lines[last.lineno - 1]) - len(lines[last.lineno - 1].lstrip())
    ]
    if isinstance(last, ast.Return | ast.Raise):  # what the function still runs: before it
        return last.lineno - 1, indent, last.lineno - 1, False
    end = last.end_lineno or last.lineno
    return end, indent, last.lineno - 1, True
