"""Edits an answer states in its prose, and how its prose relates its blocks.

Bridges the words around an answer's code and the blocks :mod:`gptfix.llm.answer` cuts
out: "change `X` to `Y`" (English, Chinese, Spanish, French, German, Japanese), "remove the
`X` line", a block introduced as the new version of a quoted line ("replace `X` with:"),
"Before:"/"After:" and ❌/✅ pairs (alternatives are :mod:`gptfix.llm.options`).
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import Block, introducing
from gptfix.llm.pair_ranges import pair_range
from gptfix.llm.placewords import ORDINAL, nth
from gptfix.llm.prose_edit_patterns import CODE, INLINE, LEVEL, LEVEL_ZH

#: "replace `X` with:", "`X` 这一行改为：", "cambia `X` por:", "`X` を次のように変更": the
#: block that follows is the new version of the quoted script line
_REPLACE_QUOTED = [
    re.compile(
        rf"(?i)\b(?:replace|change|swap|rewrite)\s+(?:the\s+|your\s+)?"
        rf"(?:(?:whole|entire|existing|current)\s+)?(?:line\s+)?{CODE}\s*"
        rf"(?:(?:line|block|statement|call|definition|part)\s+)?"
        rf"(?:(?:in|inside|of|from)\s+(?:the\s+|your\s+)?(?:`[^`\n]+`|[\w-]+)(?:\s+\w+)?\s+)?"
        # "... with:", or the connector ending the sentence ("replace\n\n`X`\n\nwith")
        rf"(?:with|to|by|into|for)\b(?:[^`\n]*[:：])?\s*$"
    ),
    # "Change the `model.fit(...)` line so that it stores the return value:"
    re.compile(
        rf"(?i)\b(?:change|update|modify|rewrite|edit)\s+(?:the\s+|your\s+)?{CODE}\s*"
        rf"(?:line|call|statement)\s+(?:so\s+that|so|to\s+make|such\s+that)\b[^`\n]*[:：]\s*$"
    ),
    re.compile(
        rf"(?i)\b(?:cambia|reemplaza|sustituye|remplace[zr]?|ersetze|vervang|zamień|zastąp|"
        rf"ganti(?:kan)?|thay|замените|замени)\s+(?:la\s+l[ií]nea\s+|de\s+regel\s+|baris\s+|dòng\s+|"
        rf"строку\s+|строчку\s+|la\s+ligne\s+|die\s+Zeile\s+|linię\s+|"
        rf"(?:den|die|das|el|la|le|o|a|l')\s*)?"
        # "Ersetze den `model.fit(...)`-Aufruf durch:": a German compound on the quote
        rf"{CODE}(?:-\w+)?\s*(?:por|con|par|durch|door|na|przez|dengan|bằng|на)\b(?:[^`\n]*[:：])?\s*$"
    ),
    re.compile(
        rf"{CODE}\s*(?:这一?行|这句|那一?行|这(?:一)?(?:部分|段|块)(?:代码)?|部分|那段代码)?\s*"
        rf"(?:全部)?(?:改为|改成|替换为|替换成|换成|修改为)[^`\n]*[:：]\s*$"
    ),
    re.compile(
        rf"{CODE}\s*(?:の(?:行|部分|ブロック|箇所|ところ|コード|定義))?\s*を[^`\n]*"
        rf"(?:変更|置き換え|置換|書き換え|修正|差し替え)[^`\n]*[:：]\s*$"
    ),
    # Korean "`X` 부분을 다음으로 바꾸세요:" ("replace the `X` part with this")
    re.compile(
        rf"{CODE}\s*(?:부분|블록|줄|코드|정의)?\s*(?:을|를)\s*[^`\n]*(?:바꾸|교체|변경|대체)[^`\n]*[:：]\s*$"
    ),
    # Hindi "`X` को इससे बदलें:" ("replace `X` with this")
    # ... and "`X` को बदलकर यह कर दीजिए:" ("change `X` into this")
    re.compile(rf"{CODE}\s*को\s*(?:(?:इससे|इसके साथ|निम्न से|नीचे वाले से)\s*)?बदल[^`\n]*[:：]\s*$"),
]


_CALL_WORD = re.compile(r"(?i)\bcall\b|\bllamada\b|\bchamada\b|\bappel\b|\bAufruf\b|调用|呼び出し")


def pair_quoted_line(blocks: list[Block]) -> None:
    """A code block introduced as the new version of one quoted line becomes a pair; so
    does one introduced by "replace `X` with `Y`:" that writes `Y` where the script has
    `X` (the script's line is the block with `Y` read back as `X`)."""
    for block in blocks:
        if block.kind != "code":
            continue
        last = introducing(block.prose)
        if pair_range(block, last):
            continue
        for pattern in _REPLACE_QUOTED:
            m = pattern.search(last)
            if m and _defines(block.text, m.group(1)):
                break  # "Ersetze `main()` durch:" over ``def main():``: the function, by its name
            if m and m.group(1).strip() != block.text.strip() and is_code(m.group(1)):
                block.kind, block.search, block.replace = "pair", m.group(1), block.text
                break
            if (
                m
                and re.fullmatch(r"[A-Za-z_][\w.]*", m.group(1).strip())
                and _CALL_WORD.search(m.group(0))
            ):
                # "replace the `fit` call with:": the one statement that makes that call
                block.kind, block.replace = "pair", block.text
                block.search = f"{m.group(1).strip()}(...)"
                break
        else:
            if last.rstrip().endswith((":", "：")):
                _pair_renamed(block, last)


def _defines(code: str, quoted: str) -> bool:
    """Whether ``code`` opens with the definition of the function or class ``quoted``
    names (``main()``, ``def main``, ``MLP``)."""
    name = re.fullmatch(r"\s*(?:def\s+|class\s+)?([A-Za-z_]\w*)\s*(?:\(\s*\))?\s*", quoted)
    first = next((x for x in code.split("\n") if x.strip() and not x.lstrip().startswith("@")), "")
    return name is not None and bool(
        re.match(rf"\s*(?:async\s+)?(?:def|class)\s+{re.escape(name.group(1))}\b", first)
    )


def _pair_renamed(block: Block, intro: str) -> None:
    for edit in inline_edits(intro):
        old, new = edit.search or "", edit.replace or ""
        if old and new and new in block.text and old not in block.text:
            block.kind, block.search = "pair", block.text.replace(new, old)
            block.replace = block.text
            return


def is_code(text: str) -> bool:
    """A quoted piece that is a line of code, not a bare name (``model.fit``)."""
    return len(text.strip()) >= 4 and bool(re.search(r"[(=\[]", text))


_ARROW = ("->", "→", "=>")


def _in_chain(prose: str, start: int, end: int) -> bool:
    """Whether a "`X` → `Y`" match is part of a longer arrow chain."""
    return prose[:start].rstrip().endswith(_ARROW) or prose[end:].lstrip().startswith(_ARROW)


def _number(text: str) -> bool:
    return re.fullmatch(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?", text.strip()) is not None


#: "add `.ravel()` after `model.predict(X_test, verbose=0)`": a method chained to a call
_CHAINED = re.compile(
    rf"(?i)\b(?:add|append|put|chain|call|a[ñn]ade|ajoute[zr]?|f[üu]ge|adicione)\s+(?:a\s+)?"
    rf"`(\.[A-Za-z_]\w*\([^`\n]*\))`\s+(?:right\s+)?(?:after|to|at the end of|on|despu[ée]s de|"
    rf"apr[èe]s|nach|depois de)\s+(?:the\s+|your\s+)?{CODE}"
)


#: a verb right after "`A` → `B`": the pair is what a sentence describes, not a change
_SUBJECT = re.compile(
    r"(?i)\s+(?:is|are|was|were|gets|get|expects|receives|needs|produces|outputs|returns|"
    r"gives|has|have|sees|ist|sind|est|sont|es|son)\b"
)


#: a change offered for later or on a wish: "if you later want several quantiles", "나중에
#: ... 싶다면", "如果你想", "必要なら", "si quieres", "falls du ... willst"
LATER_IF = re.compile(
    r"(?i)\b(?:if you (?:ever |later )?(?:want|wish|need|prefer|'d like|would like)|if needed|"
    r"if necessary|optionally|later on|in the future|down the road|si (?:quieres|deseas|vous voulez|"
    r"tu veux|besoin)|se (?:quiser|precisar)|falls du|plus tard|m[áa]s adelante|mais tarde|"
    r"sp[äa]ter)\b|싶다면|싶으면|원하면|원한다면|나중에|如果你?(?:想|需要|希望)|以后|将来|"
    r"たい場合|たいなら|必要なら|後で"
)


def sentence_at(text: str, at: int) -> str:
    """The sentence (or list item) of ``text`` around position ``at``."""
    start = max(text.rfind(x, 0, at) for x in (". ", "\n", "。", "! ", "? "))
    ends = [e for x in (". ", "\n", "。", "! ", "? ") if (e := text.find(x, at)) >= 0]
    return text[start + 1 : min(ends, default=len(text))]


def inline_edits(prose: str) -> list[Block]:
    """Edits stated in prose only ("change `lr=1e-3` to `lr=1e-4`"), when there is no code."""
    out = [
        Block("inline", m.group(0), search=m.group(2), replace=m.group(2) + m.group(1), prose=prose)
        for m in _CHAINED.finditer(prose)
        if "(" in m.group(2)
    ]
    said = prose.replace("**", "")  # "把 `f` 里**第二个** `LSTM` 的 ...": bold is no word
    for pattern, reverse in INLINE:
        for m in pattern.finditer(said):
            old, new = (m.group(2), m.group(1)) if reverse else (m.group(1), m.group(2))
            if _in_chain(said, m.start(), m.end()):
                continue  # "`Input` → `Dense` → `Dropout`": a sequence, not a change
            if _SUBJECT.match(said, m.end()):
                continue  # "`Flatten()` → `Dense(16)` is built for 96 features": a description
            if LATER_IF.search(sentence_at(said, m.start())):
                continue  # "later, if you want three quantiles, change `head` to `Dense(3)`"
            if re.fullmatch(r"[\"']?(?:--?)?[A-Za-z_][\w.-]*[\"']?", old.strip()) and _number(new):
                continue  # "change `WINDOW` to `48`", "de `--lr` para `0.005`": a setting
            new = _assigned_value(old, new)
            if any(b.search == old and b.replace == new for b in out):
                continue  # "change ... from `A` to `B`" read by two of the patterns
            if old != new:
                block = Block("inline", m.group(0), search=old, replace=new, prose=prose)
                block.every = _every(said[m.end() : m.end() + 60])
                block.scope = _scope(said, m, 2 if reverse else 1)
                out.append(block)
    return out


#: "In `model.fit`, change ...", "inside the `build_model()` function, ...", "in the second
#: `LSTM`, change ...": where it is said
_SCOPE = re.compile(
    r"(?i)\b(?:in|inside|within|dans|en|im|in der|nel|nella|no|na)\s+(?:the\s+|your\s+|la\s+|le\s+|el\s+)?"
    rf"(?:(?P<ord>{ORDINAL})\s+)?"
    r"`(?P<name>[A-Za-z_][\w.]*)(?:\([^`]*\))?`(?:\s*(?:call|function|method|layer|-Aufruf|appel))?"
    r"\s*[,:]?\s*$"
)
#: "... to `Y` in the second `LSTM`": where it is said, right after the change
_SCOPE_AFTER = re.compile(
    r"(?i)^\s*(?:in|inside|of|on|for)\s+(?:the\s+|your\s+)?"
    rf"(?:(?P<ord>{ORDINAL})\s+)?"
    r"`(?P<name>[A-Za-z_][\w.]*)(?:\([^`]*\))?`(?:\s*(?:call|function|method|layer))?(?![\w`])"
)


#: the holder said right before the change with a possessive: "`ds_val` の `.map(crop)` を
#: ...", "`ds_val` 的 ...", "`ds_val`의 ..."
_OWNER = re.compile(
    r"`(?P<name>[A-Za-z_][\w.]*)(?:\([^`]*\))?`\s*(?:の|的|의|里的|中的)\s*(?P<ord>)$"
)


def _level(m: re.Match[str]) -> str:
    n = nth(m["ord"]) if m["ord"] else 0
    return f"{m['name']}#{n}" if n else m["name"]


def _scope(said: str, m: re.Match[str], old: int) -> str:
    """Where the inline change ``m`` (its old code in group ``old``) is made, as the
    ``/``-separated levels :mod:`gptfix.llm.scoped` reads: the sentence's "In `f`," before
    it, the holders between its verb and its quote ("`f` 里第二个 `LSTM` 的", "the second
    `LSTM`'s"), and "in the last `Dense`" right after it; "" when none is said."""
    levels = []
    before = re.split(r"[.!?。](?=\s)|\n", said[max(0, m.start() - 80) : m.start()])[-1]
    if outer := _SCOPE.search(before) or _OWNER.search(before):
        levels.append(_level(outer))
    head = said[m.start() : m.start(old)]
    reader = LEVEL_ZH if re.match(r"把|将", head) else LEVEL
    levels.extend(_level(x) for x in reader.finditer(head))
    if after := _SCOPE_AFTER.match(said[m.end() :]):
        levels.append(_level(after))
    return "/".join(levels)


_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
#: "... on all three lines", "everywhere", "in every place", "in both lines"
_EVERY = re.compile(
    r"(?i)^[^.\n]{0,20}?\b(?:(?:on|in|at)\s+(?:all|each of the|every one of the)\s+(?:(?P<n>\d+|"
    r"two|three|four|five|six)\s+)?(?:lines|places|occurrences|layers|calls)|(?:on|in)\s+"
    r"(?P<both>both)\s+(?:lines|places|calls)|everywhere|every occurrence|all occurrences|"
    r"each occurrence|throughout)\b"
)


def _assigned_value(old: str, new: str) -> str:
    """ "change `LEARNING_RATE = 1e-3` to `5e-4`": a bare value given for a quoted
    assignment is that name's new value (``LEARNING_RATE = 5e-4``), not the whole line."""
    target = re.fullmatch(r"\s*([A-Za-z_][\w.]*(?:\[[^\]]*\])?)\s*=(?!=)\s*(.+?)\s*", old)
    if target is None or "=" in new:
        return new
    try:
        ast.literal_eval(new.strip())
        ast.literal_eval(target.group(2).split("#")[0].strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return new
    return f"{target.group(1)} = {new.strip()}"


#: "in both places" in other words: "两处都要改", "an beiden Stellen", "her iki yerde"
BOTH_PLACES = re.compile(
    r"(?i)\bin both places\b|\bboth occurrences\b|两处(?!问题)|兩處(?!問題)|两个地方|兩個地方|両方の(?:箇所|場所)|"
    r"두\s*곳|\ben (?:ambos|los dos) (?:sitios|lugares)\b|\ben las dos (?:l[ií]neas|partes)\b|"
    r"\ban beiden Stellen\b|\baux deux endroits\b|\bnos dois (?:lugares|locais)\b|"
    r"\bem ambos os (?:lugares|locais)\b|в обоих местах|\bher iki yerde\b|"
    r"\bin entrambi i punti\b|\bdi kedua tempat\b|ở cả hai chỗ|दोनों जगह"
)


def _every(tail: str) -> int | None:
    """The count of places the words right after an inline change give it (0: "all")."""
    if BOTH_PLACES.search(re.split(r"[.!?。！？]\s|\n", tail, maxsplit=1)[0]):
        return 2  # in the sentence of the change, not the next one
    m = _EVERY.search(tail)
    if m is None:
        return None
    said = m["n"] or m["both"]
    if said is None:
        return 0
    return int(said) if said.isdigit() else _COUNT[said.lower()]
