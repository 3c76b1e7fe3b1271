"""Set a value where the script writes it: the apply side of "increase `epochs` to 20".

The one place a setting is written: a configuration value the index knows (class
attribute, dict key, argparse default, constant), a keyword argument given a literal
(``fit(..., epochs=2)``) or a variable assigned a literal. The value is replaced there; a
setting written in several places, or in none, is reported and left alone.
"""

from __future__ import annotations

import ast
import re

from gptfix.errors import Unclear
from gptfix.index import build_index
from gptfix.index.positions import LineMap
from gptfix.llm.patches import Refused, TextEdit, callee_tail
from gptfix.llm.worded import signature


class AlreadySet(Refused):
    """The setting already has the value asked for."""


def set_value(
    text: str, name: str, value: str, *, worded: bool = False, holder: str = ""
) -> tuple[str, TextEdit]:
    """``text`` with the one place that writes setting ``name`` given ``value``; a
    ``worded`` name ("learning rate") is any name of the same words (``lr``); a ``holder``
    (``EarlyStopping``, ``CFG``) picks among several places the one it holds."""
    owned = _sites(text, name, worded)
    named = {site: written for site, (written, _) in owned.items()}
    sites = set(named)
    tail = holder.rsplit(".", 1)[-1]
    if len(sites) > 1 and tail:
        held = {site for site, (_, owner) in owned.items() if owner == tail}
        sites = held if len(held) == 1 else sites
    if len(sites) > 1 and not worded:
        # ``EPOCHS`` and ``CFG.epochs``: the one spelled as the answer writes it
        exact = {s for s, written in named.items() if written == name}
        sites = exact if len(exact) == 1 else sites
    if not sites:
        raise Refused(f"the script writes no literal value for `{name}`")
    if len(sites) > 1:
        where = " and ".join(str(s[0]) for s in sorted(sites))
        raise Unclear(
            f"`{name}` is written in several places (lines {where}): which one is unclear"
        )
    site = sites.pop()
    line, col, end_line, end_col = site
    # the script's own name, with the words the answer said
    shown = f"`{named[site]}` ({name})" if worded else f"`{name}`"
    start, end = _offset(text, line, col), _offset(text, end_line, end_col)
    if text[start:end] == value:
        raise AlreadySet(f"{shown} is already {value}")
    new = text[:start] + value + text[end:]
    return new, TextEdit("set_value", line, end_line, f"set {shown} to {value} at line {line}")


def _sites(text: str, name: str, worded: bool) -> dict[tuple[int, int, int, int], tuple[str, str]]:
    """Where a literal value of setting ``name`` is written (1-based lines, 0-based columns),
    with the name as written there and what holds it (the class, dict or parser; the
    callee's last name for a keyword; "" for a variable)."""
    _norm = _by_words if worded else _by_name
    want = _norm(name)
    found: dict[tuple[int, int, int, int], tuple[str, str]] = {}
    for attr in build_index(text).config:
        if _norm(attr.name) == want and attr.span is not None:
            s = attr.span
            found[(s.line, s.col, s.end_line, s.end_col)] = (attr.name, attr.owner)
    tree = ast.parse(text)
    chars = LineMap(text)
    for node in ast.walk(tree):
        values: list[tuple[ast.expr, str]] = []
        owner = ""
        if isinstance(node, ast.Call):
            values = [(k.value, k.arg) for k in node.keywords if k.arg and _norm(k.arg) == want]
            owner = callee_tail(node)
            if worded and want == _by_words("lr") and owner in _OPTIMIZERS and node.args:
                values.append((node.args[0], owner))  # ``Adam(1e-3)``: its learning rate
            if not values and len(node.args) == 1 and _norm(owner) == want:
                values.append((node.args[0], owner))  # ``Dropout(0.3)``: "the dropout"
        elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            values = [
                (node.value, t.id)
                for t in targets
                if isinstance(t, ast.Name) and _norm(t.id) == want
            ][:1]
        for v, written in values:
            if _literal(v):
                assert v.end_lineno is not None and v.end_col_offset is not None
                col = chars.char_col(v.lineno, v.col_offset)
                end = chars.char_col(v.end_lineno, v.end_col_offset)
                found.setdefault((v.lineno, col, v.end_lineno, end), (written, owner))
    return {s: w for s, w in found.items() if _literal_at(text, s)}


#: optimizers whose first argument is the learning rate
_OPTIMIZERS = frozenset(
    "Adam AdamW SGD RMSprop Adagrad Adadelta Adamax Nadam Ftrl Lion Adafactor".split()
)


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.List | ast.Tuple):  # ``"units": [128, 64]``
        return bool(node.elts) and all(_literal(e) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        node = node.operand
    return isinstance(node, ast.Constant) and isinstance(node.value, int | float | str | bool)


def _literal_at(text: str, site: tuple[int, int, int, int]) -> bool:
    """The span is one literal (a configuration value written as an expression is not)."""
    chunk = text[_offset(text, site[0], site[1]) : _offset(text, site[2], site[3])]
    try:
        return _literal(ast.parse(chunk.strip(), mode="eval").body)
    except SyntaxError:
        return False


def _by_name(name: str) -> str:
    return name.lower().replace("-", "_")


def _by_words(name: str) -> str:
    return " ".join(sorted(signature(name))) or "\0"


def _offset(text: str, line: int, col: int) -> int:
    """The string offset of a 1-based line and 0-based code-point column."""
    return sum(len(x) + 1 for x in text.split("\n")[: line - 1]) + col


def keyword_value(text: str, sentence: str) -> str | None:
    """The source of the value the script's one call gives the keyword ``sentence`` names
    by its role ("change the optimizer to `AdamW(1e-3)`": ``optimizer=``'s value); None
    when no role word names one, or several calls give it."""
    m = re.search(
        r"(?i)\b(?:change|replace|update|switch|swap)\s+(?:the\s+|your\s+)?(\w+)", sentence
    )
    if m is None:
        return None
    word = m.group(1).lower()
    values = [
        k.value
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Call)
        for k in node.keywords
        if k.arg == word
    ]
    if len(values) != 1:
        return None
    return ast.get_source_segment(text, values[0])
