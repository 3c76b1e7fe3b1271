"""The sentences that state a change of quoted code in prose: "change `X` to `Y`", "use `Y`
instead of `X`", "把 `X` 改成 `Y`", "cambia `X` por `Y`", "`X` を `Y` に変更", in the ways
answers say them, and where a change is said to be made ("the second `LSTM`'s `X`", "把
`model.compile` 里的 `X`"). One table read by :mod:`gptfix.llm.prose_edits`.
"""

from __future__ import annotations

import re

from gptfix.llm.placewords import ORDINAL

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
#: "replace `"accuracy"` in the metrics list with `Y`": where the quote is, between it and "with"
_WHERE_IN = (
    r"(?:(?:in|inside|within|of)\s+(?:the\s+|your\s+)?(?:[\w.()]+\s+){0,2}"
    r"(?:list|call|line|dict|dictionary|arguments?|block|layer|function|tuple)\s+)?"
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
LEVEL = re.compile(rf"(?i)(?:(?P<ord>{ORDINAL})\s+)?`(?P<name>[A-Za-z_][\w.]*)(?:\(\))?`(?='s|’s)")
LEVEL_ZH = re.compile(
    rf"(?:(?P<ord>{ORDINAL})\s*)?`(?P<name>[A-Za-z_][\w.]*)(?:\(\))?`"
    r"(?=\s*(?:层|函数|调用)?\s*(?:里|中|内|的))"
)
#: "change `X` to `Y`" in prose, in the ways answers say it (English and Chinese)
INLINE: list[tuple[re.Pattern[str], bool]] = [
    (
        re.compile(
            rf"(?i)\b(?:change|replace|swap|update)\s+{_JUST}{_IN_LINE}{_HOLDER_EN}{_CODE}\s+"
            rf"{_WHERE_IN}(?:to|with|by|into)\s+{_CODE}"
        ),
        False,
    ),
    # "bump `EPOCHS = 4` to `EPOCHS = 10`" (never "lower `X` by `10`": an amount)
    (
        re.compile(
            rf"(?i)\b(?:bump|raise|increase|lower|reduce|decrease|turn)\s+{_JUST}{_IN_LINE}"
            rf"{_HOLDER_EN}{_CODE}\s+{_WHERE_IN}(?:to|into)\s+{_CODE}"
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
            rf"change[zs]?|ersetze|ändere|passe[zr]?|mets|mettez)\s+{_JUST}{_IN_LINE}{_CODE}\s+(?:por|con|para|par|durch|zu|a|à|en|auf)\s+"
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
