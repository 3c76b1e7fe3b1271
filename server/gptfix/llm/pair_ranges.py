"""Blocks introduced as the new code of a run of the script's statements or of notebook
cells: "replace everything from `A` down to the final `B` with this:", "replace the last
two lines with:", "replace cells 5 and 6 with this loop:", "... instead of the single
model in the last cell:". Each becomes a "pair" whose search text names the run by its
first and last statements, or by placeholders (``<end>``, ``<tail:N>``, ``<cell:N>``)
that :mod:`gptfix.llm.patches` resolves in the script.
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block
from gptfix.llm.cells import CELL_MARK

#: one inline-code span of the prose, its text captured
_CODE = r"`([^`\n]+)`"

#: "replace ... from `A` down to the final `B` with this:": the block replaces that run of
#: the script's statements (English, Spanish, Portuguese, French, Italian, German,
#: Russian, Chinese, Japanese)
_RANGE = [
    re.compile(
        rf"(?i)\bfrom\s+(?:the\s+)?(?:line\s+)?{_CODE}\s+(?:(?:all\s+the\s+way|down|up)\s+)?"
        rf"(?:to|through|till|until|thru)\s+(?:the\s+)?(?P<last>(?:final|last)\s+)?"
        rf"(?:line\s+|call\s+)?{_CODE}"
    ),
    re.compile(
        rf"(?i)\b(?:desde|de|da|von|от)\s+{_CODE}\s+(?:hasta|at[eé]|jusqu'(?:à|au|a)|"
        rf"fino\s+a[l]?|bis(?:\s+zu[mr]?)?|до)\s+(?:el\s+|o\s+|la\s+|le\s+|al\s+)?"
        rf"(?P<last>(?:[uú]ltimo|dernier|letzten|последн\w*|final)\s+)?{_CODE}"
    ),
    re.compile(rf"从\s*{_CODE}\s*(?:一直)?到\s*(?P<last>最后(?:的|一个)?)?\s*{_CODE}"),
    re.compile(rf"{_CODE}\s*から\s*(?P<last>最後の)?\s*{_CODE}\s*まで"),
    # "replace cells 5 and 6 (the single `model.compile` and `model.fit`) with this loop:"
    re.compile(
        rf"(?i)\b(?:replace|swap)\b[^`\n]*?{_CODE}\s*,?\s+(?:and|&)\s+(?:the\s+)?(?P<last>(?!))?{_CODE}"
        rf"[^`\n]*?\b(?:with|by)\b[^`\n]*[:：]\s*$"
    ),
]
#: "replace everything from the model definition down with this:" / "... from `A` onwards"
_FROM_DOWN = re.compile(
    r"(?i)\b(?:replace|swap|rewrite)\b[^.\n]*?\b(?:everything|all(?: the code)?|the rest|the code)\s+"
    r"from\s+(?:the\s+|your\s+)?(?:`(?P<code>[^`\n]+)`|(?P<what>model(?:\s+(?:definition|"
    r"construction|building|creation))?|compile(?:\s+call)?|training|fit(?:\s+call)?)\b)[^.\n]*?"
    r"\b(?:down(?!\s+(?:to|through|till|until)\s+(?:the\s+)?(?:(?:final|last)\s+)?(?:line\s+)?`)|"
    r"onwards?|to the end|till the end|until the end|to the bottom)\b"
)
#: "replace the last line with:", "replace the last two lines of the script with:"
_LAST_LINES = re.compile(
    r"(?i)\b(?:replace|swap|change)\s+(?:the|your)\s+(?:very\s+)?(?:last|final)\s+"
    r"(?:(?P<n>\d|two|three|four)\s+)?(?:line|lines|statement|statements)\b(?![^:\n]*`)"
)
_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4}
#: "instead of the single `model.fit(...)` and the RMSE computation at the end, run ...:"
_TO_END = re.compile(
    rf"(?i)\b(?:instead of|replace|in place of)\b[^`\n]*?{_CODE}[^`\n]*?"
    r"\b(?:at|to|until|till|through)\s+the\s+(?:very\s+)?end\b(?!\s+of\b)"
)
#: what a described start of a run is, as a placeholder :func:`patches.statement_run` reads
_DESCRIBED_START = {"model": "<model>", "compile": "<compile>", "training": "<fit>", "fit": "<fit>"}
#: the notebook cells a block replaces: "replace cell 5", "cells 5-6", "the last cell"
#: how many cells "the last N cells" names, in the words answers use
_CELL_COUNT = {
    "two": 2, "three": 3, "duas": 2, "dois": 2, "dos": 2, "deux": 2, "zwei": 2, "due": 2,
    "tres": 3, "três": 3, "trois": 3, "drei": 3, "tre": 3, "两": 2, "二": 2, "三": 3, "두": 2,
    "세": 3, "2": 2, "3": 3, "4": 4,
}  # fmt: skip
_CELL_N = r"(?:[234]|two|three|duas|dois|dos|deux|zwei|due|tres|três|trois|drei|tre|两|二|三|두|세)"
_CELLS = re.compile(
    # "the last two cells", "as duas últimas células", "die letzten zwei Zellen", "最后两个 cell"
    rf"(?i)(?:\b(?P<n1>{_CELL_N})\s+)?(?:\b(?:last|final)|[uú]ltim[ao]s|derni[eè]res|letzten|ultime|"
    rf"最后|最後の|마지막)\s*(?P<n2>{_CELL_N})?\s*(?:个|つの)?\s*(?:cells|celdas|c[ée]lulas|cellules|"
    rf"Zellen|celle|cell|单元格|セル|셀)(?(n1)|(?(n2)|(?!)))|"
    r"(?P<lastw>\b(?:last|final)\s+cell\b|(?:[uú]ltima|derni[eè]re)\s+(?:celda|c[ée]lula|cellule)|"
    r"последн\w*\s+ячейк\w*|最后一个单元格|最後のセル|마지막 셀)|"
    r"\b(?:cells?|celdas?|c[ée]lulas?|cellules?|Zellen?|ячейк\w*)\s*(?:#|no\.?|n[º°])?\s*(?P<a>\d+)"
    r"(?:\s*(?:-|–|to|and|&|through|y|e|et|und|и|bis|a)\s*(?:#\s*)?(?P<b>\d+))?\b|"
    # "your training cell", "the evaluation cell", "la celda de entrenamiento": by what it does
    r"\b(?:your|the)\s+(?P<role>training|train|fit|evaluation|prediction|submission|inference|model)"
    r"\s+cell\b|\b(?:la\s+)?(?:celda|c[ée]lula|cellule)\s+(?:de\s+|d')?(?P<role2>entrenamiento|"
    r"treino|entra[iî]nement)\b|训练(?:的)?\s*(?P<role3>cell|单元格)"
)
#: what a cell named by its role does: its statements call this method
_CELL_ROLE = {
    "training": "fit", "train": "fit", "fit": "fit", "evaluation": "evaluate",
    "prediction": "predict", "submission": "predict", "inference": "predict",
    "entrenamiento": "fit", "treino": "fit", "entraînement": "fit", "entrainement": "fit",
    "cell": "fit", "单元格": "fit", "model": "compile",
}  # fmt: skip
#: "... instead of the single model in the last cell:" (a cell's code given anew)
_INSTEAD = re.compile(
    r"(?i)\binstead of\b|\ben (?:lugar|vez) de\b|\bau lieu de\b|\b(?:an)?statt\b|\bem vez de\b|"
    r"\binvece di\b|\bвместо\b|代わりに|而不是|取代"
)
_REPLACE_VERB = re.compile(
    r"(?i)\b(?:replace|swap|rewrite|reemplaza|sustituye|remplace[zr]?|ersetze|substitua|"
    r"troque|sostituisci|замените|замени)|替换|换成|置き換え|置換|바꾸|교체"
)


def pair_range(block: Block, intro: str) -> bool:
    """A block introduced as the replacement of a run of statements ("replace everything
    from `A` down to the final `B` with this:") becomes a pair over that run."""
    if not intro.rstrip().endswith((":", "：")) or not (
        _REPLACE_VERB.search(intro) or _INSTEAD.search(intro.strip().split("\n")[-1])
    ):
        return False
    tail = _LAST_LINES.search(intro.strip().split("\n")[-1])
    if tail is not None:  # "replace the last two lines with:"
        count = tail["n"] or "one"
        n = int(count) if count.isdigit() else _COUNT_WORDS.get(count.lower(), 1)
        block.kind, block.search, block.replace = "pair", f"<tail:{n}>\n...\n<end>", block.text
        return True
    to_end = _TO_END.search(intro.strip().split("\n")[-1])
    if to_end is not None:  # "instead of the single `model.fit(...)` and the rest at the end"
        line = intro.strip().split("\n")[-1]
        said_line = re.match(r"`?\s+(?:line|call)\b", line[to_end.end(1) :]) is not None
        block.kind, block.search = "pair", f"{_as_call(to_end.group(1), said_line)}\n...\n<end>"
        block.replace = block.text
        return True
    down = _FROM_DOWN.search(intro)
    if down is not None:
        what = (down["what"] or "").split()[0].lower() if down["what"] else ""
        first = down["code"].strip() if down["code"] else _DESCRIBED_START.get(what, "")
        if down["code"] and re.match(r"\s+(?:line|call)\b", intro[down.end("code") + 1 :]):
            first = _as_call(first, bare=True)  # "from the `train_test_split` line"
        if first:
            block.kind, block.search, block.replace = "pair", f"{first}\n...\n<end>", block.text
            return True
    for pattern in _RANGE:
        m = pattern.search(intro)
        if m is not None:
            first, last = (_as_call(x) for x in (m.group(1), m.groups()[-1]))
            block.kind, block.search, block.replace = "pair", f"{first}\n...\n{last}", block.text
            block.until_last = bool(m.group("last"))
            return True
    return _pair_cells(block, intro)


#: a line of a cell named, not the cell: "the save line", "저장 줄", "保存の行", "die Zeile"
_A_LINE = re.compile(
    r"(?i)\b(?:line|lines|zeile|l[ií]nea|ligne|linha|riga|строк\w*)\b|줄|라인|(?<![运进進执執実])行"
)


_STARTING = re.compile(
    r"(?i)\(\s*(?:the one|the cell|which|that)\s+(?:starting|starts|beginning|begins|that starts)"
    r"\s+with\s+`[^`\n]+`\s*\)"
)


def _pair_cells(block: Block, intro: str) -> bool:
    """A block introduced as the new code of notebook cells ("replace cells 5 and 6 with
    this loop:", "evaluate the ensemble instead of the single model in the last cell:")
    becomes a pair over those cells' statements (resolved in the script's cell markers)."""
    # "the last cell (the one starting with `model = ...`)": the quote only describes it
    said = _STARTING.sub("", intro.strip().split("\n")[-1])
    # "the model cell (the `keras.Sequential([...])`, `compile` and `fit` part)": what the
    # cell holds, said beside the cell word, describes it
    said = re.sub(r"(?<=cell)(\**)\s*\((?:[^()`\n]|`[^`\n]*`)*\)", r"\1", said)
    found = list(_CELLS.finditer(said))
    if len(found) != 1 or "`" in said:
        return False  # several cells named, or code quoted: the quote is more precise
    if _A_LINE.search(said):
        return False  # "change the save line in the last cell to:": a line of it, not all
    m = found[0]
    a, b = ("last", "last") if m["lastw"] else (m["a"], m["b"] or m["a"])
    role = m["role"] or m["role2"] or m["role3"]
    if role:  # the one cell that calls ``fit`` (``evaluate``, ``predict``)
        a = b = _CELL_ROLE[role.lower()]
    if m["n1"] or m["n2"]:  # the last N cells: from the N-th from the end
        a, b = f"last-{_CELL_COUNT[(m['n1'] or m['n2']).lower()] - 1}", "last"
    code = block.text.split("\n")
    while code and (not code[0].strip() or CELL_MARK.match(code[0].strip())):
        code = code[1:]  # the cells keep their own marker
    block.kind, block.search = "pair", f"<cell:{a}>\n...\n<cellend:{b}>"
    block.replace = "\n".join(code)
    return True


def _as_call(quoted: str, bare: bool = False) -> str:
    """A quoted callee (``model.fit``; ``train_test_split`` too when ``bare``) as the
    elided call it names (``model.fit(...)``)."""
    text = quoted.strip()
    callee = r"[A-Za-z_]\w*(?:\.[A-Za-z_][\w.]*)?" if bare else r"[A-Za-z_]\w*\.[A-Za-z_][\w.]*"
    return f"{text}(...)" if re.fullmatch(callee, text) else text
