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

#: one inline-code span of the prose, its text captured
CODE = r"`([^`\n]+)`"
_CODE = CODE
#: "in the line `model = keras.Seqential([`" between the verb and what it changes
_IN_LINE = (
    r"(?:(?:in der Zeile|in the line|on the line|en la l[ií]nea|na linha|dans la ligne|"
    r"nella riga)\s+`[^`\n]+`,?\s+)?(?:(?:das|den|die|the|el|la|le|o|a|il)\s+)?"
    # "the line", "a linha", "la línea", "die Zeile" between the verb and the quote
    r"(?:(?:line|linha|l[ií]nea|ligne|riga|Zeile)\s+)?"
)
#: "Remplacez simplement `X` par `Y`": a word between the verb and its quote
_JUST = r"(?:(?:just|simply|only|simplement|juste|simplemente|solo|apenas|s[óo]|einfach|nur)\s+)?"
#: "把 `model.compile` 里的 `X` 改成 `Y`", "把 `get_model` 里第二个 `LSTM` 的 `X` 改成 `Y`":
#: the calls or functions, outside in, the change is made in
_HOLDER_ZH = (
    rf"(?:(?:(?:{ORDINAL})\s*)?`[A-Za-z_][\w.]*(?:\(\))?`\s*(?:层|函数|调用)?\s*"
    r"(?:里面的?|里的?|中的?|内的?|的)\s*)*"
)
#: "the second `LSTM`'s `X`": a call named by its position, before the quote it changes
_HOLDER_EN = rf"(?:(?:the\s+)?(?:(?:{ORDINAL})\s+)?`[A-Za-z_][\w.]*(?:\(\))?`(?:'s|’s)\s+)?"
#: one level of those: its position (optional) and its name
_LEVEL = re.compile(rf"(?i)(?:(?P<ord>{ORDINAL})\s+)?`(?P<name>[A-Za-z_][\w.]*)(?:\(\))?`(?='s|’s)")
_LEVEL_ZH = re.compile(
    rf"(?:(?P<ord>{ORDINAL})\s*)?`(?P<name>[A-Za-z_][\w.]*)(?:\(\))?`"
    r"(?=\s*(?:层|函数|调用)?\s*(?:里|中|内|的))"
)
#: "change `X` to `Y`" in prose, in the ways answers say it (English and Chinese)
_INLINE: list[tuple[re.Pattern[str], bool]] = [
    (
        re.compile(
            rf"(?i)\b(?:change|replace|swap|update)\s+{_JUST}{_IN_LINE}{_HOLDER_EN}{_CODE}\s+"
            rf"(?:to|with|by|into)\s+{_CODE}"
        ),
        False,
    ),
    # "use `B` instead of `A`", "i.e. `B` in place of `A`"
    (
        re.compile(
            rf"(?i)\b(?:use|write|pass|try|i\.e\.|namely)\s*(?:just\s+)?{_CODE}\s+"
            rf"(?:instead\s+of|in\s+place\s+of)\s+{_CODE}"
        ),
        True,
    ),
    # "find the line that says `X` and change it to `Y`" (the quotes may stand alone)
    (
        re.compile(
            rf"(?i)\b(?:find|locate|look\s+for|search\s+for)\s+(?:the\s+)?(?:line|call|part)?\s*"
            rf"(?:that\s+(?:says|reads|contains|has)|with|containing|reading)?\s*:?\s*{_CODE}[.,;]?"
            rf"\s+(?:and\s+)?(?:then\s+)?(?:change|replace|update|turn)\s+it\s+(?:to|with|into|by)"
            rf"\s*:?\s*{_CODE}"
        ),
        False,
    ),
    (
        re.compile(
            rf"(?:把|将)\s*{_HOLDER_ZH}{_CODE}\s*(?:改成|改为|换成|替换为|替换成|修改为|改写为)\s*{_CODE}"
        ),
        False,
    ),
    (re.compile(rf"{_CODE}\s*(?:->|→|=>)\s*{_CODE}"), False),
    # "`X` becomes `Y`", "in `X` change lr by learning_rate, the code become `Y`"
    (
        re.compile(
            rf"(?i){_CODE}\s+(?:becomes|should\s+become|will\s+become|turns\s+into|must\s+become)"
            rf"\s*:?\s*{_CODE}"
        ),
        False,
    ),
    (
        re.compile(
            rf"(?i)\bin\s+{_CODE}\s*,?\s*(?:change|replace|rename|fix|update)\b[^`\n.]{{0,60}}?"
            r"[,;]?\s*(?:so\s+)?(?:the\s+code|the\s+line|the\s+call|it|this)\s+(?:now\s+)?"
            r"(?:become|becomes|will\s+become|should\s+become|will\s+be|should\s+be|reads)"
            rf"\s*:?\s*{_CODE}"
        ),
        False,
    ),
    # Spanish, Portuguese, French, German: "cambia `X` por `Y`", "remplace `X` par `Y`"
    (
        re.compile(
            rf"(?i)\b(?:cambia|reemplaza|sustituye|modifica|troque|substitua|altere|remplace[zr]?|"
            rf"change[zs]?|ersetze|ändere)\s+{_JUST}{_IN_LINE}{_CODE}\s+(?:por|con|para|par|durch|zu|a|à|en|auf)\s+"
            rf"{_CODE}"
        ),
        False,
    ),
    (
        re.compile(
            rf"(?i)\b(?:usa|utilise[zr]?|verwende|verwenden Sie|nimm|nehmen Sie|benutze|benutzen Sie|"
            rf"utilize)\s+{_CODE}\s+(?:en lugar de|en vez de|em vez de|au lieu de|"
            rf"statt|anstatt|anstelle von)\s+{_CODE}"
        ),
        True,
    ),
    # Russian, Polish, Dutch, Italian, Vietnamese, Indonesian, Thai, Arabic: a verb, `X`,
    # a preposition, `Y` ("замените `X` на `Y`", "vervang `X` door `Y`", "thay `X` bằng `Y`")
    (
        re.compile(
            rf"(?i)(?:замените|замени|поменяйте|поменяй|измените|исправьте|смените|"
            rf"zamie[ńn]|zmie[ńn]|zast[ąa]p|verander|vervang|wijzig|sostituisci|"
            rf"thay|đổi|sửa|ganti|ubah|เปลี่ยน|แก้|استبدل|غيّر|غير)\s+(?:السطر\s+|الكود\s+)?{_CODE}\s+"
            rf"(?:на|na|przez|in|door|naar|con|thành|bằng|dengan|menjadi|jadi|เป็น|بالسطر|بالكود|بـ|ب|إلى)"
            rf"\s*{_CODE}"
        ),
        False,
    ),
    # Korean, Hindi, Turkish: `X` first, `Y`, then the verb ("`X`를 `Y`로 바꾸세요",
    # "`X` को `Y` से बदलें", "`X` yerine `Y` kullanın")
    (
        re.compile(
            rf"{_CODE}\s*(?:을|를|은|는)?\s*{_CODE}\s*(?:으로|로)\s*(?:바꾸|변경|수정|교체)"
        ),
        False,
    ),
    (re.compile(rf"{_CODE}\s*को\s*{_CODE}\s*(?:से|में)\s*बदल"), False),
    (re.compile(rf"(?i){_CODE}\s+yerine\s+{_CODE}"), False),
    # a value changed "from `A` to `B`": "lower the learning rate from `1e-3` to `3e-4`",
    # "把学习率从 `1e-3` 改成 `3e-3`"
    (
        re.compile(
            rf"(?i)\b(?:change|lower|raise|increase|decrease|reduce|bump|drop|set|switch|swap|"
            rf"turn|move|update)\s+(?:[^`\n.]|`[^`\n]{{1,40}}`){{0,60}}?"
            rf"\bfrom\s+{_CODE}\s+to\s+{_CODE}"
        ),
        False,
    ),
    (
        re.compile(
            rf"从\s*{_CODE}\s*(?:改成|改为|调到|调成|调整为|降到|提高到|增加到|减少到)\s*{_CODE}"
        ),
        False,
    ),
    # no verb, but code on both sides: "Run this with correction from `acc = h['acc'][-1]` to
    # `acc = h['accuracy'][-1]`" (a value "from `0.7` to `0.3`" is a description)
    (re.compile(r"(?i)\bfrom\s+`([^`\n]*[=(\[][^`\n]*)`\s+(?:to|into)\s+" + _CODE), False),
    # "use `B` rather than `A`" said `A` first: Korean "`A`가 아닌 `B`를 사용", "`A` 대신 `B`를
    # 사용", Japanese "`A` ではなく `B` を使"
    (
        re.compile(
            rf"{_CODE}\s*(?:(?:이|가)?\s*아닌|대신(?:에)?|ではなく|じゃなくて|の代わりに)\s*"
            rf"{_CODE}\s*(?:을|를|を)?\s*(?:사용|써|쓰|使)"
        ),
        False,
    ),
    # Chinese "用 `B` 而不是 `A`", "使用 `B` 代替 `A`"
    (
        re.compile(
            rf"(?:用|使用|改用)\s*{_CODE}\s*(?:而不是|而非|代替|替代|来代替|来替代)\s*{_CODE}"
        ),
        True,
    ),
    # "aumente o `Dropout` de `0.2` para `0.3`", "erhöhe `lr` von `1e-3` auf `3e-3`"
    (
        re.compile(
            rf"(?i)\b(?:aumente|diminua|reduza|mude|altere|aumenta|sube|baja|cambia|reduce|"
            rf"augmente[zr]?|diminue[zr]?|r[ée]dui(?:s|sez)|passe[zr]?|erh[öo]he|verringere|senke|"
            rf"reduziere|[äa]ndere|setze|aumentare|riduci|porta)\s+"
            rf"(?:[^`\n.]|`[^`\n]{{1,40}}`){{0,60}}?\b(?:de|von|da|from)\s+{_CODE}\s+"
            rf"(?:para|a|à|auf|to|al)\s+{_CODE}"
        ),
        False,
    ),
    # Japanese: "`X` を `Y` に変更" / "`X` を `Y` に置き換え"
    (
        re.compile(rf"{_CODE}\s*を\s*{_CODE}\s*に(?:変更|置き換え|置換|書き換え|修正|変え|直)"),
        False,
    ),
    # "`Dense(2)` のままだとエラーになるので、`Dense(cfg.n_points * 2)` に直してください"
    (
        re.compile(
            rf"{_CODE}\s*のまま[^`\n。]{{0,30}}?{_CODE}\s*に(?:変更|置き換え|置換|書き換え|修正|変え|直)"
        ),
        False,
    ),
]


#: "replace `X` with:", "`X` 这一行改为：", "cambia `X` por:", "`X` を次のように変更": the
#: block that follows is the new version of the quoted script line
_REPLACE_QUOTED = [
    re.compile(
        rf"(?i)\b(?:replace|change|swap|rewrite)\s+(?:the\s+|your\s+)?"
        rf"(?:(?:whole|entire|existing|current)\s+)?(?:line\s+)?{_CODE}\s*"
        rf"(?:(?:line|block|statement|call|definition|part)\s+)?"
        rf"(?:(?:in|inside|of|from)\s+(?:the\s+|your\s+)?(?:`[^`\n]+`|[\w-]+)(?:\s+\w+)?\s+)?"
        # "... with:", or the connector ending the sentence ("replace\n\n`X`\n\nwith")
        rf"(?:with|to|by|into|for)\b(?:[^`\n]*[:：])?\s*$"
    ),
    # "Change the `model.fit(...)` line so that it stores the return value:"
    re.compile(
        rf"(?i)\b(?:change|update|modify|rewrite|edit)\s+(?:the\s+|your\s+)?{_CODE}\s*"
        rf"(?:line|call|statement)\s+(?:so\s+that|so|to\s+make|such\s+that)\b[^`\n]*[:：]\s*$"
    ),
    re.compile(
        rf"(?i)\b(?:cambia|reemplaza|sustituye|remplace[zr]?|ersetze|vervang|zamień|zastąp|"
        rf"ganti(?:kan)?|thay|замените|замени)\s+(?:la\s+l[ií]nea\s+|de\s+regel\s+|baris\s+|dòng\s+|"
        rf"строку\s+|строчку\s+|la\s+ligne\s+|die\s+Zeile\s+|linię\s+|"
        rf"(?:den|die|das|el|la|le|o|a|l')\s*)?"
        # "Ersetze den `model.fit(...)`-Aufruf durch:": a German compound on the quote
        rf"{_CODE}(?:-\w+)?\s*(?:por|con|par|durch|door|na|przez|dengan|bằng|на)\b(?:[^`\n]*[:：])?\s*$"
    ),
    re.compile(
        rf"{_CODE}\s*(?:这一?行|这句|那一?行|这(?:一)?(?:部分|段|块)(?:代码)?|部分|那段代码)?\s*"
        rf"(?:全部)?(?:改为|改成|替换为|替换成|换成|修改为)[^`\n]*[:：]\s*$"
    ),
    re.compile(
        rf"{_CODE}\s*(?:の(?:行|部分|ブロック|箇所|ところ|コード|定義))?\s*を[^`\n]*"
        rf"(?:変更|置き換え|置換|書き換え|修正|差し替え)[^`\n]*[:：]\s*$"
    ),
    # Korean "`X` 부분을 다음으로 바꾸세요:" ("replace the `X` part with this")
    re.compile(
        rf"{_CODE}\s*(?:부분|블록|줄|코드|정의)?\s*(?:을|를)\s*[^`\n]*(?:바꾸|교체|변경|대체)[^`\n]*[:：]\s*$"
    ),
    # Hindi "`X` को इससे बदलें:" ("replace `X` with this")
    # ... and "`X` को बदलकर यह कर दीजिए:" ("change `X` into this")
    re.compile(rf"{_CODE}\s*को\s*(?:(?:इससे|इसके साथ|निम्न से|नीचे वाले से)\s*)?बदल[^`\n]*[:：]\s*$"),
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
    rf"apr[èe]s|nach|depois de)\s+(?:the\s+|your\s+)?{_CODE}"
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
    for pattern, reverse in _INLINE:
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
    if outer := _SCOPE.search(before):
        levels.append(_level(outer))
    head = said[m.start() : m.start(old)]
    reader = _LEVEL_ZH if re.match(r"把|将", head) else _LEVEL
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


def _every(tail: str) -> int | None:
    """The count of places the words right after an inline change give it (0: "all")."""
    m = _EVERY.search(tail)
    if m is None:
        return None
    said = m["n"] or m["both"]
    if said is None:
        return 0
    return int(said) if said.isdigit() else _COUNT[said.lower()]
