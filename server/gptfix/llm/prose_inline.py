"""Edits said only in prose with inline code, where the answer has no block for them.

Bridges sentences such as "add `x = self.bn(x)` right after `x = self.conv2(x)`" (also
"在 `A` 之后加上 `B`", "`A` の直前に `B` を追加", "`A` 다음에 `B`를 추가") and "change the input
layer to `keras.layers.Input(shape=(24, 1))`" (only the new call quoted) and the blocks the
applier places: a code block whose prose gives the place in words the placer reads, and an
inline edit whose old text is the script's one call of the same function.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import Block
from gptfix.llm.placewords import ADD_VERB
from gptfix.llm.prose_edit_patterns import CODE as _CODE
from gptfix.llm.prose_edits import LATER_IF, sentence_at
from gptfix.llm.prose_keywords import KWARG, is_keyword

_REL = (
    r"(?:right |just |directly |justo |juste |direkt |logo |subito |tepat |ngay |zaraz |сразу )?"
    r"(?:after|before|below|above|despu[eé]s de|antes de|apr[eè]s|avant|nach|vor|depois de|"
    r"dopo|prima di|setelah|sesudah|sebelum|sau|trước|po|przed|после|перед|після)"
)
#: "add `x = self.bn(x)` right after `x = self.conv2(x)`": a line to add, said in prose
_ADD_INLINE = re.compile(
    rf"(?i)\b(?:{ADD_VERB})\s+(?:[^\W\d_`]+\s+){{0,2}}?{_CODE}"
    rf"[\s,]*(?:(?:[^\W\d_`]+|`[^`\n]+`)[\s,]+){{0,6}}?(?P<rel>{_REL})\s+(?:(?:the|la|le|el|der|die|das)\s+)?"
    rf"(?:(?:first|second|third|last|final|premi[eè]re?|deuxi[eè]me|derni[eè]re?|primera?|"
    rf"segund[ao]|[úu]ltim[ao]|ersten|zweiten|letzten)\s+)?"
    rf"(?:(?:line|l[ií]nea|ligne|Zeile|couche|layer|capa|camada|Schicht)\s+)?{_CODE}"
)

#: German, the verb split around the place: "Füge in der `Sequential`-Liste direkt nach `A`
#: eine Zeile `B` ein"
_ADD_DE = re.compile(
    rf"(?i)\bF[üu]ge\b[^`\n]{{0,40}}?(?:`[^`\n]+`[^`\n]{{0,20}}?)?\b(?P<rel>(?:direkt |gleich )?(?:nach|vor))"
    rf"\s+{_CODE}\s+(?:(?:eine|die|folgende)\s+(?:neue\s+)?Zeile\s+)?{_CODE}\s+(?:ein|hinzu)\b"
)
#: German, the code first: "Füge eine `layers.Flatten()`-Schicht direkt nach dem zweiten
#: `layers.MaxPooling2D()` ein"
_ADD_DE_CODE_FIRST = re.compile(
    rf"(?i)\bF[üu]ge\s+(?:(?:eine|einen|ein|die|den|das)\s+)?(?:neue[nrs]?\s+)?{_CODE}"
    rf"(?:-(?:Schicht|Zeile|Layer|Aufruf))?\s+(?P<rel>(?:direkt |gleich )?(?:nach|vor))\s+"
    rf"(?:(?:dem|der|den)\s+)?(?:(?:ersten|zweiten|dritten|letzten)\s+)?{_CODE}[^\n.]{{0,12}}?\s+(?:ein|hinzu)\b"
)
#: the same place said again by the next item: "..., also vor `Dense(64)`", "i.e. before `B`"
_THAT_IS_BEFORE = re.compile(
    r"(?i)^[^`\n]{0,30}?\b(?:before|vor|avant|antes de|prima di)\s+"
    r"(?:(?:the|dem|der|den|le|la|el)\s+)?`([^`\n]+)`"
)
#: "reload the best weights with `model.load_weights(p)` right before `model.evaluate`",
#: "recharge les poids avec `...` juste avant le `model.evaluate`": a call to add, by its use
_WITH_INLINE = re.compile(
    rf"(?i)\b(?:(?:re)?(?:load|store|call|run)|recharge[zr]?|charge[zr]?|carga|recarga|"
    rf"ricarica|carica|l[äa]de|carregue|recarregue)\b[^`\n]{{0,50}}?\b(?:with|using|via|avec|"
    rf"con|mit|com)\s+{_CODE}[\s,]*(?:[^\W\d_`]+[\s,]+){{0,3}}?(?P<rel>{_REL})\s+"
    rf"(?:(?:the|la|le|el|der|die|das)\s+)?(?:(?:line|l[ií]nea|ligne|Zeile|call|appel)\s+)?{_CODE}"
)

#: the anchor first ("在 `A` 之后加上 `B`", "`A` の後に `B` を追加", "`A` 다음에 `B`를 추가")
_ADD_AFTER_ANCHOR = [
    re.compile(
        rf"在\s*{_CODE}\s*(?P<rel>之后|以后|后面|之前|以前|前面)\s*(?:加上|添加|插入|加入|加)\s*{_CODE}"
    ),
    re.compile(
        rf"{_CODE}\s*の(?:行の)?(?P<rel>直後|後|あと|直前|前)に[、,]?\s*{_CODE}\s*を(?:追加|挿入|入れ)"
    ),
    re.compile(
        rf"{_CODE}\s*(?P<rel>다음에|뒤에|후에|앞에|전에)\s*{_CODE}\s*(?:을|를)?\s*(?:추가|넣)"
    ),
]
#: the place first in English: "Right after `x = layers.Dense(32)(x)` in `build_model`, add `Y`"
_PLACE_THEN_ADD = re.compile(
    rf"(?i)\b(?:right\s+|just\s+|directly\s+|immediately\s+|justo\s+|juste\s+|direkt\s+|logo\s+|сразу\s+)?"
    rf"(?P<rel>after|before|below|above|debajo\s+de(?:l)?|encima\s+de(?:l)?|despu[eé]s\s+de(?:l)?|"
    rf"antes\s+de(?:l)?|en\s+dessous\s+de|apr[eè]s|avant|unter|nach|vor|abaixo\s+d[eo]|depois\s+d[eo]|"
    rf"после|под|перед)\s+"
    rf"(?:the\s+|your\s+|la\s+|el\s+|le\s+|dem\s+|der\s+|o\s+|a\s+)?(?:line\s+|l[ií]nea\s+|ligne\s+|Zeile\s+|строки\s+)?"
    rf"{_CODE}(?:\s+(?:line|call))?(?:\s+in\s+(?:`[^`\n]+`|(?:the|your)\s+\w+))?\s*,?\s*"
    rf"(?:then\s+|also\s+)?(?:{ADD_VERB})\s+{_CODE}"
)
#: "insert `Flatten(),` between the second `MaxPooling2D(),` and `Dense(64),`": placed right
#: before the second quote (the first may be written several times)
_ADD_BETWEEN = re.compile(
    rf"(?i)\b(?:{ADD_VERB})\s+(?:[^\W\d_`]+\s+){{0,2}}?{_CODE}[\s,]*"
    rf"(?P<rel>between|entre|zwischen|tra|fra)\s+(?:(?:the|your|la|le|el|der|die|das)\s+)?"
    rf"(?:[^\W\d_`]+\s+){{0,2}}?`[^`\n]+`(?:\s+\w+)?\s+(?:and|et|y|e|und)\s+"
    rf"(?:(?:the|your|la|le|el|der|die|das)\s+)?(?:[^\W\d_`]+\s+){{0,2}}?{_CODE}"
)
#: a value added as an item of a list: "as the first layer", "in your `layers` list"
_AS_ITEM = re.compile(
    r"(?i)\bas (?:the |a |an )?(?:first |new |extra |last )?layer\b|\blist\b|\bitem\b|"
    r"`(?:-|\s+)(?:Schicht|Layer)\b|Liste\b|\bliste\b|\blista\b"
)
_BEFORE_WORD = re.compile(
    r"(?i)before|above|antes|encima|avant|au-dessus|\bvor\b|oberhalb|prima|sebelum|trước|przed|перед|"
    r"над|之前|以前|前面|直前|前|앞에|전에"
)


def inline_additions(prose: str) -> list[Block]:
    """Lines to add said in prose only ("add `X` right after `Y`"), as code blocks whose
    prose gives the place in words the placer reads."""
    found = [
        (m.group(1), m.group(3), m.group("rel"), m.start()) for m in _ADD_INLINE.finditer(prose)
    ]
    found += [
        (m.group(1), m.group(3), m.group("rel"), m.start()) for m in _WITH_INLINE.finditer(prose)
    ]
    found += [
        (m.group(3), m.group(2), m.group("rel"), m.start()) for m in _PLACE_THEN_ADD.finditer(prose)
    ]
    found += [(m.group(3), m.group(2), m.group("rel"), m.start()) for m in _ADD_DE.finditer(prose)]
    found += [
        (m.group(1), m.group(3), m.group("rel"), m.start())
        for m in _ADD_DE_CODE_FIRST.finditer(prose)
    ]
    found += [(m.group(1), m.group(3), "before", m.start()) for m in _ADD_BETWEEN.finditer(prose)]
    for pattern in _ADD_AFTER_ANCHOR:
        found += [
            (m.group(3), m.group(1), m.group("rel"), m.start()) for m in pattern.finditer(prose)
        ]
    out = []
    for code, anchor, rel, at in sorted(found, key=lambda f: f[3]):
        try:
            body = ast.parse(code).body
        except SyntaxError:
            continue
        sentence = re.split(r"(?<=[.!?。])(?<!i\.e\.)(?<!e\.g\.)(?<!d\.h\.)\s+", prose[at:])[0]
        if (
            "..." in code
            # "add `callbacks=cb` to `fit(...)`, right before `verbose=0`": a keyword, no line
            or (KWARG.match(code) and is_keyword(code))
            # "add a `Dropout` layer": a class named, no code ("insert `aug` as the first
            # layer" puts the script's value in the list)
            or (
                not re.search(r"[(=]", code)
                and (code[:1].isupper() or not _AS_ITEM.search(sentence))
            )
            or sentence.split("\n")[0].rstrip().endswith((":", "："))
        ):
            # "Füge im `Sequential([...])` nach `A` diese Schichten ein:": the block below
            continue  # is the code to add, the quote only names where it goes
        if len(body) == 1 and isinstance(body[0], ast.Expr) and _AS_ITEM.search(sentence):
            code = code.rstrip().rstrip(",") + ","  # "insert `aug` as the first layer ...": an item
        before = _BEFORE_WORD.search(rel) and not re.search(r"後|后|nach", rel)
        quoted_at = sentence.find(f"`{anchor}`")
        again = (
            _THAT_IS_BEFORE.match(sentence[quoted_at + len(anchor) + 2 :])
            if quoted_at >= 0
            else None
        )
        if not before and again is not None and "(" in again.group(1):
            # "right after the second `MaxPooling2D()`, i.e. before `Dense(64)`": the
            # next item names the place without an ordinal
            anchor, before = again.group(1), True
        place = f"Add this {'right before' if before else 'right after'} `{anchor}`:"
        out.append(Block("code", code + "\n", prose=place))
    return out


#: "change the input layer to `keras.layers.Input(shape=(24, 1))`", "把输入层改成 `...`":
#: only the new call is quoted; it replaces the script's one call of the same function
_TO_NEW_CALL = [
    re.compile(
        rf"(?i)\b(?:change|replace|update|switch|swap)\s+(?:the\s+|your\s+)?"
        rf"(?:[^\W\d_`]+\s+){{0,3}}?(?:to|with|into|for)\s+{_CODE}"
    ),
    re.compile(rf"把[^`\n]{{1,12}}?(?:改成|改为|换成|替换为|替换成|修改为)\s*{_CODE}"),
    # "i.e. use `keras.optimizers.Adam(learning_rate=LR)` in your `model.compile` call"
    re.compile(
        rf"(?i)\b(?:use|write|call)\s+{_CODE}\s+(?:in|inside|within)\s+(?:the\s+|your\s+)?"
        r"`[A-Za-z_][\w.]*(?:\(\))?`\s*(?:call|line)\b"
    ),
    # "모델을 만드는 줄을 `model = MLP(...)`로 바꾸세요", "モデルを作る行を `...` に変更"
    re.compile(rf"(?:을|를)\s*{_CODE}\s*(?:으로|로)\s*(?:바꾸|바꿔|변경|수정|교체)"),
    re.compile(rf"(?:行|部分)を\s*{_CODE}\s*に(?:変更|置き換え|書き換え|修正|変え)"),
    # "pass it to Adam: `keras.optimizers.Adam(learning_rate=lr_schedule)`"
    re.compile(
        rf"(?i)\b(?:pass|give|feed|hand)\s+(?:it|this|that|them|the \w+)\s+(?:to|into)\s+"
        rf"[^`\n:.]{{0,30}}[:：]\s*{_CODE}"
    ),
    # "In `train`, pass `x` when building the model: `model = build_regressor(settings, x)`."
    re.compile(
        rf"(?i)\b(?:pass|give|feed|hand)\s+`[^`\n]+`\s+(?:when|while|as you|to)\s+"
        rf"[^`\n:.]{{0,40}}[:：]\s*{_CODE}\s*(?:[.。]|$)"
    ),
]


#: a keyword named by its role, whose value a quoted literal replaces: "swap the loss for
#: `"categorical_crossentropy"`", "change the padding to `"same"`"
_ROLE_WORD = re.compile(
    r"(?i)^(?:change|replace|update|switch|swap)\s+(?:the\s+|your\s+)?"
    r"(?:loss|optimizer|activation|padding|metrics|monitor|kernel_initializer)\s+(?:to|with|for)\b"
)


def inline_new_calls(prose: str) -> list[Block]:
    """Prose that quotes only the new call of a change ("change the input layer to `X`"):
    an inline edit whose old text the applier finds by the call's function."""
    out = []
    for pattern in _TO_NEW_CALL:
        for m in pattern.finditer(prose):
            if LATER_IF.search(sentence_at(prose, m.start())):
                continue  # "later, if you want three outputs, change `head` to `Dense(3)`"
            new = m.group(1).strip().rstrip(",").strip()
            try:
                node = ast.parse(new).body[0]
            except (SyntaxError, IndexError):
                continue
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                new = ast.get_source_segment(new, node.value) or new  # its call is what changes
                node = ast.Expr(node.value)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
                out.append(Block("inline", m.group(0), search=None, replace=new, prose=prose))
            elif (
                isinstance(node, ast.Expr)
                and isinstance(node.value, ast.Constant)
                and _ROLE_WORD.search(m.group(0))
            ):
                # "swap the loss for `"categorical_crossentropy"`": the value of that keyword
                out.append(Block("inline", m.group(0), search=None, replace=new, prose=prose))
    return out


#: "so it reads `callbacks = [ckpt, es]`", "So the line becomes `x = Conv1D(32, 3)(x)`": the
#: statement as it is to be, said in prose
_BECOMES = re.compile(
    rf"(?i)\b(?:it|the line|this line|that line|the call|the list|your line)\s+(?:now\s+|then\s+)?"
    rf"(?:reads|becomes|looks like|should read|should look like|will read|will look like)\s*:?\s*{_CODE}"
)


def inline_becomes(prose: str) -> list[Block]:
    """Statements the prose gives whole as what a line becomes, as code blocks: the applier
    anchors each on the script's statement it rewrites (same target, same call)."""
    out = []
    for m in _BECOMES.finditer(prose):
        code = m.group(1).strip()
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        if len(tree.body) == 1 and isinstance(tree.body[0], ast.Assign | ast.Expr):
            out.append(Block("code", code + "\n", prose=m.group(0)))
    return out
