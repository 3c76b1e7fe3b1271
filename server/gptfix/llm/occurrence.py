"""Which of several alike calls an answer's words mean: "before the second compile", "во
втором `fit`", "第二个 `compile`", "두 번째 `fit`" pick one by its order in the script; "in
both `compile` calls", "в обоих `fit`", "两个 `fit` 都", "beide `fit`-Aufrufe", "les deux
`compile`" mean every one of them. Read only next to a mention of the call, so an order word
about something else ("the first stage", "first, ...") picks nothing."""

from __future__ import annotations

import ast
import re

from gptfix.llm.patches import callee_tail
from gptfix.llm.placewords import ORDINAL, nth

#: "both" / "all of the" / "each" and their translations (no groups)
EVERY = (
    r"\bboth\b|\ball(?:\s+(?:of\s+)?(?:the|your|two|three))?\b|\beach\b|\bevery\b|"
    r"\bобо(?:их|ими)\b|\bоба\b|\bобе\b|\bвсе[хм]?\b|\bкажд\w*|"
    r"\bambos\b|\bambas\b|\b(?:los|las|os|as)\s+(?:dos|dois|duas)\b|\btod[oa]s\s+(?:l[oa]s|[oa]s)\b|"
    r"\bbeide[nm]?\b|\ballen?\b|\bjede[nmrs]?\b|\bles\s+deux\b|\b(?:tous|toutes)\s+les\b|"
    r"\bchaque\b|\bentramb[ie]\b|\btutt[ie]\b|\bob(?:a|u|ydwa|ydwu)\b|\bwszystki\w*|"
    r"\bher\s+iki\b|\bcả\s+hai\b|दोनों|"
    r"两个|兩個|两处|兩處|两次|所有|每个|每個|両方|すべての|全ての|どちらの|모든|두\s*(?=`)|양쪽"
)
#: "... `fit` 都加上", "`compile` の両方", "`fit` 둘 다": every one, said after the mention
_EVERY_AFTER = r"^[^`.;:!?。；：\n]{0,12}(?:都|両方|どちらにも|둘\s*다|모두|both|beide)"
#: between an order word and the call it counts: a few words, no quote, no sentence end
_GAP = r"[^`.,;:!?。，；：\n]{0,30}?"
#: between "both" and the calls: a word or two ("both of your `fit` calls"), not a phrase
#: ("all the callbacks to `fit`" is about the callbacks)
_NEAR = r"(?:\s*[^\s`.,;:!?。，；：]{1,8}){0,2}?\s*"
#: a call named in words where answers do not quote it ("второй компиляцией", "コンパイル")
_WORDED = {
    "compile": r"компил\w*|コンパイル|编译|編譯|컴파일|compila\w*|kompil\w*",
    "fit": r"обучени\w*|训练|訓練|学習|학습",
}


def _mention(name: str) -> str:
    """A mention of the call ``name``: quoted (``model.fit()``), or as a bare word
    ("the second compile", "both fits"), or in words for the usual ones."""
    quoted = rf"`(?:[\w.]*\.)?{re.escape(name)}(?:\(\)|\([^`]*\))?`"
    bare = rf"\b{re.escape(name)}(?:s|\(\))?(?!\w)"
    worded = _WORDED.get(name)
    return f"(?:{quoted}|{bare}|{worded})" if worded else f"(?:{quoted}|{bare})"


def said_which(prose: str, name: str) -> int | None:
    """The calls of ``name`` the prose picks: ``k`` (1-based) the k-th in the script, -1 the
    last, 0 every one (the first such word, when several are said); None when no word next
    to a mention of it says."""
    if not name or not prose:
        return None
    mention = _mention(name)
    found: list[tuple[int, int]] = []  # (where it is said, which)
    for m in re.finditer(rf"(?i)(?<![A-Za-zА-Яа-яÀ-ÿ])(?P<word>{ORDINAL}){_GAP}{mention}", prose):
        if nth(m["word"].strip()):
            found.append((m.start(), nth(m["word"].strip())))
    for m in re.finditer(rf"(?i)(?:{EVERY}){_NEAR}{mention}", prose):
        found.append((m.start(), 0))
    for m in re.finditer(rf"(?i){mention}", prose):
        if re.match(rf"(?i){_EVERY_AFTER}", prose[m.end() :]):
            found.append((m.start(), 0))
    # the first said is the instruction ("in both `compile` calls, otherwise the second
    # `compile` resets the metrics": both)
    return min(found)[1] if found else None


def pick(items: list[int], which: int | None) -> list[int] | None:
    """Of ``items`` (in script order), those ``which`` picks; None when it picks none of
    them (no word, or an order past their number)."""
    if which is None or not items:
        return None
    if which == 0:
        return list(items)
    if which == -1:
        return [items[-1]]
    return [items[which - 1]] if which <= len(items) else None


def enclosing_call(tree: ast.Module, line: int) -> str:
    """The name of the innermost call whose arguments span the 1-based ``line`` that does
    not start it (``compile`` for the ``metrics=[...]`` line of ``model.compile(``); "" when
    none does."""
    best: ast.Call | None = None
    for node in ast.walk(tree):
        end = getattr(node, "end_lineno", None)
        if isinstance(node, ast.Call) and end is not None and node.lineno < line <= end:
            if best is None or node.lineno >= best.lineno:
                best = node
    return callee_tail(best) if best is not None else ""


def said_calls(text: str, rows: list[int], prose: str) -> list[int] | None:
    """Of the 0-based ``rows`` (argument lines of alike calls: the ``metrics=`` line of each
    ``compile``), those the prose picks by order or "both"; None when the rows are not in
    calls of one name or no word picks."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return None
    names = {enclosing_call(tree, r + 1) for r in rows}
    if len(names) != 1 or "" in names:
        return None
    return pick(sorted(rows), said_which(prose, names.pop()))
