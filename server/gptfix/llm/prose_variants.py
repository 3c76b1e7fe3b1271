"""A line and its new version quoted in one sentence, in any wording.

Bridges a sentence that quotes exactly two statements, the second a close variant of the
first ("`val_loss, val_acc = net.evaluate(ds_val)` satırını `val_loss, val_acc, val_top3 =
net.evaluate(ds_val)` yap", "`A` を `B` にしてください") and an inline change. The verb is not
read (the patterns of :mod:`gptfix.llm.prose_edit_patterns` know a few languages' verbs):
two statements of one kind and call, alike, quoted a few words apart at the end of a clause
with no word that keeps or compares them ("not", "vs", "would"), are the old line and the
new one, in the order said; a pair whose first side the script lacks is skipped as advice
when the change is applied.
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.llm.blocks import Block

_QUOTE = re.compile(r"`([^`\n]+)`")
#: a clause: a line, or a run of words ending at a full stop or a semicolon
_SENTENCE = re.compile(r"[^\n.!?;。！？；]*(?:[.!?;。！？；](?!\w)|\n|$)")


def _statement(code: str) -> ast.stmt | None:
    try:
        body = ast.parse(code.strip()).body
    except SyntaxError:
        return None
    return body[0] if len(body) == 1 else None


#: words that keep the first line or only compare ("`A`, not `B`", "`B` would diverge",
#: "`A` vs `B`", "`A` ist gut")
_NOT_A_CHANGE = re.compile(
    r"(?i)\b(?:not|no|never|rather|than|vs\.?|versus|would|could|while|whereas|nicht|kein\w*|"
    r"ist gut|statt|pas|non|sino|não|nie|не|вместо|ou|or|oder|o)\b|不是|而不是|ではなく|아니"
)


def _said_as_change(sentence: str, old: str, new: str) -> bool:
    """The two quotes are said as one change: close together (a few words between them),
    the sentence ending soon after the second, no word that keeps or compares them."""
    at_old, at_new = sentence.find(f"`{old}`"), sentence.find(f"`{new}`")
    if at_old < 0 or at_new < at_old:
        return False
    between = sentence[at_old + len(old) + 2 : at_new]
    after = sentence[at_new + len(new) + 2 :]
    if len(between) > 25 or len(after.strip()) > 25:
        return False
    return _NOT_A_CHANGE.search(between + " " + after) is None


def _callee(node: ast.stmt) -> str | None:
    value = getattr(node, "value", None)
    if isinstance(value, ast.Call):
        return ast.unparse(value.func)
    return None


def _alike(a: ast.stmt, b: ast.stmt, old: str, new: str) -> bool:
    """Two statements of one kind, setting or calling the same thing, close in text."""
    if type(a) is not type(b) or not isinstance(a, ast.Assign | ast.Expr | ast.AugAssign):
        return False
    if any(
        isinstance(n, ast.Constant) and n.value is Ellipsis for x in (a, b) for n in ast.walk(x)
    ):
        return False  # ``warm = ...`` and ``rng = ...``: lines named, not written
    if _callee(a) != _callee(b):
        return False  # ``model.evaluate(...)`` and ``model.predict(...)``: two calls
    if isinstance(a, ast.Assign) and isinstance(b, ast.Assign):
        if ast.dump(a.value) != ast.dump(b.value) and ast.dump(a.targets[0]) != ast.dump(
            b.targets[0]
        ):
            return False  # one side of ``=`` stays: the other is what changes
    return difflib.SequenceMatcher(a=old, b=new).ratio() >= 0.6


def _sentences(prose: str) -> list[str]:
    """The sentences of ``prose``, a full stop inside a code quote (``net.evaluate``) ending
    none."""
    masked = _QUOTE.sub(lambda q: "`" + "x" * (len(q.group(0)) - 2) + "`", prose)
    return [prose[m.start() : m.end()] for m in _SENTENCE.finditer(masked) if m.group(0).strip()]


def inline_variants(prose: str) -> list[Block]:
    """Changes said as two quoted statements, the old one and its variant, in a clause
    with no question in it (other quotes, a bare name such as `evaluate`, may be there)."""
    out: list[Block] = []
    for sentence in _sentences(prose):
        if "?" in sentence or "？" in sentence:
            continue
        quotes = [q.strip() for q in _QUOTE.findall(sentence)]
        stated = [(q, st) for q in quotes if re.search(r"[=(]", q) and (st := _statement(q))]
        if len(stated) != 2 or stated[0][0] == stated[1][0]:
            continue
        (old, a), (new, b) = stated
        if not _alike(a, b, old, new) or not _said_as_change(sentence, old, new):
            continue
        out.append(Block("inline", sentence.strip(), search=old, replace=new, prose=prose))
    return out
