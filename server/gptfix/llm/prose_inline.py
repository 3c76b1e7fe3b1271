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
from gptfix.llm.placewords import beside_sign
from gptfix.llm.prose_edit_patterns import CODE as _CODE
from gptfix.llm.prose_edits import LATER_IF, sentence_at

_ADD_VERB = (
    r"add|insert|put|place|append|a[ñn]ade|agrega|inserta|ajoute[zr]?|ins[eè]re[zr]?|"
    r"f[üu]ge|adicione|acrescente|aggiungi|inserisci|tambahkan|sisipkan|thêm|dodaj|"
    r"добав\w*|додайте|ekleyin|ekle"
)
_REL = (
    r"(?:right |just |directly |justo |juste |direkt |logo |subito |tepat |ngay |zaraz |сразу )?"
    r"(?:after|before|below|above|despu[eé]s de|antes de|apr[eè]s|avant|nach|vor|depois de|"
    r"dopo|prima di|setelah|sesudah|sebelum|sau|trước|po|przed|после|перед|після)"
)
#: "add `x = self.bn(x)` right after `x = self.conv2(x)`": a line to add, said in prose
_ADD_INLINE = re.compile(
    rf"(?i)\b(?:{_ADD_VERB})\s+(?:[^\W\d_`]+\s+){{0,2}}?{_CODE}"
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
    rf"(?:then\s+|also\s+)?(?:{_ADD_VERB})\s+{_CODE}"
)
#: "insert `Flatten(),` between the second `MaxPooling2D(),` and `Dense(64),`": placed right
#: before the second quote (the first may be written several times)
_ADD_BETWEEN = re.compile(
    rf"(?i)\b(?:{_ADD_VERB})\s+(?:[^\W\d_`]+\s+){{0,2}}?{_CODE}[\s,]*"
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
            or (_KWARG.match(code) and _is_keyword(code))
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


_GIVE_VERB = re.compile(
    rf"(?i)\b(?:{_ADD_VERB}|pass|passe[zr]?|passa|pasa|übergib|übergeben|передайте|berikan|give|"
    r"a[ñn]adiendo|agregando|p[áa]sal[oa]s?|pas[áa]ndol[oa]s?|aggiungendo|ajoutant|adicionando)\b|"
    # a request said in the passive: "it then has to be passed to `fit` as `callbacks=[es]`"
    r"\b(?:has|have|needs?|must|should)\s+(?:to\s+)?(?:also\s+)?be\s+(?:passed|given|added)\b|"
    r"传给|传入|传进|加到|加进|加入|加上|添加|加(?:一个|个)?参数|渡し|渡す|追加|전달|추가|넘겨"
)
#: ``name=value``; ``model = build_model()`` (spaces around ``=``) is a statement, not a keyword
_KWARG = re.compile(r"^[A-Za-z_]\w*=(?!=)")
#: a Keras call named without a quote: "the fit call", "your `model.compile()`" is quoted
_NAMED_CALL = re.compile(
    r"(?i)\b(?:the|your|la|le|el|die|den)\s+(?:model\.)?(?P<call>fit|compile|evaluate|predict)"
    r"(?:\(\))?\s+(?:call|method|function|appel|llamada|Aufruf|chiamata|chamada)\b"
)


#: a layer class named unquoted as what a keyword goes to, with the word for every one of
#: them: "to every LSTM", "à chaque LSTM", "zu jeder Dense-Schicht", "a cada Conv2D", "给每个 LSTM"
_LAYER_WORD = re.compile(
    r"(?:\b(?:to|into|à|a|al|an|zu|para|в|во|per)\s+|给|对)(?:every|each|all|both|chaque|"
    r"jede[nmr]?|beide[nm]?|cada|todas?|tous|toutes|каждый|каждую|все|ogni|每个|所有)\s*"
    r"(?:(?:the|les|la|le|el|die|den|der|los|las|de)\s+)?(?:(?:two|deux|dos|zwei)\s+)?"
    r"(?P<call>[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*|LSTM|GRU|RNN)\b(?![`(.])"
)
#: "the final `Dense`", "the last `Conv2D` layer", "最后一个 `Dense`": which of several calls
_LAST = re.compile(r"(?i)\b(?:final|last|output)\s+$|(?:最后一个|最后的?)\s*$")
_FIRST = re.compile(r"(?i)\bfirst\s+$|第一个\s*$")
#: a verb that describes what the user does, not asks it: "the list you pass to `fit`"
_DESCRIBED = re.compile(
    r"(?i)\b(?:you|we|they|it|which|that|keras|tensorflow|tf|fit|o keras|el modelo)\s+$"
)
#: what the framework does by itself: "Keras passes `training=True` automatically"
_BY_ITSELF = re.compile(r"(?i)\bautomati(?:c(?:ally)?|camente|quement|sch)\b|autom[áa]ticamente")


def _asked(sentence: str, at: int) -> bool:
    """The give/pass verb at ``at`` asks for the change (not "the arrays you give `fit`",
    not "Keras passes `training=True` automatically during `fit`")."""
    return (
        not _DESCRIBED.search(sentence[max(0, at - 12) : at])
        and not _BY_ITSELF.search(sentence)
        and not _IF_WANTED.search(sentence[:at])
    )


#: a change offered on a condition of taste: "If you want it not to go all the way to zero,
#: pass `alpha=0.05`", "Si quieres ...", "Wenn du ... willst": advice, not the fix
_IF_WANTED = re.compile(
    r"(?i)\b(?:if you (?:want|wish|need|prefer|(?:'d|would) (?:like|rather))|if desired|"
    r"optionally|si (?:quieres|deseas|prefieres|vous voulez|tu veux)|se (?:quiser|preferir)|"
    r"wenn (?:du|Sie) [^,]{0,40}?(?:willst|möchtest|wollen|möchten))"
)


def inline_keywords(prose: str) -> list[Block]:
    """A keyword argument to give a call, said in prose ("add `callbacks=[es]` to
    `model.fit(...)`", "nella chiamata a `model.fit(...)` aggiungi `callbacks=[...]`"): one
    quoted ``name=value`` and one quoted call in a sentence with an add/pass verb."""
    out: list[Block] = []
    for sentence in re.split(r"(?<=[.!?。])\s+|\n\s*\n", prose):
        given = any(_asked(sentence, m.start()) for m in _GIVE_VERB.finditer(sentence))
        if not given and not _SET_IN_CALL.search(sentence):
            continue
        quotes = re.findall(_CODE, sentence)
        kwargs = [
            q
            for q in quotes
            if _KWARG.match(q)
            and _is_keyword(q)
            # "it only runs when `training=True`": a condition the sentence states, no change
            and not _CONDITION.search(sentence[: sentence.find(f"`{q}`")][-24:])
        ]
        beside = [(q, beside_sign(sentence, q)) for q in kwargs]
        if len(kwargs) == 2 and sum(1 for _, b in beside if b) == 1:
            # "add `callbacks=cb`, before `verbose=2`": the second one says where
            kwargs = [q for q, b in beside if not b]
            beside = [x for x in beside if x[1]]
        else:
            beside = []
        calls = [
            q
            for q in quotes
            if q not in kwargs and re.fullmatch(r"[A-Za-z_][\w.]*(?:\(.*\))?", q.strip())
        ]
        # "`fit` ... `model.fit(...)`": one call, said twice (its longest quote stands)
        by_tail: dict[str, str] = {}
        for q in calls:
            tail = q.split("(", 1)[0].rsplit(".", 1)[-1]
            by_tail[tail] = max(by_tail.get(tail, q), q, key=len)
        calls = [q for q in calls if q in by_tail.values()]
        if not kwargs and len(calls) == 1 and (example := _example_keyword(sentence, calls[0])):
            # "pass `patience` when constructing EarlyStopping, such as `EarlyStopping(patience=10)`"
            kwargs, calls = [example], [calls[0].split("(", 1)[0]]
        if len(kwargs) == 1 and len(calls) > 1:
            # "in `build_model`, add `padding="same"` to the `Conv1D` layer": the call it
            # goes to is the one the sentence says it goes to
            # ("to"/"into" before "in": "... to the `model.fit(...)` call in `main()`")
            for pre in (r"to|into", r"to|into|in"):
                to = [
                    q
                    for q in calls
                    if re.search(
                        rf"(?<!not )(?<!never )\b(?:{pre})\s+(?:the\s+|your\s+)?`{re.escape(q)}`",
                        sentence,
                    )
                ]
                if len(to) == 1:
                    calls = to
                    break
        if len(kwargs) == 1 and len(calls) > 1:
            # "`main()`의 `Adam(cfg.lr)` 호출에 `clipnorm=1.0`을 추가": the call marked as the
            # place (Korean 에, Japanese に, Chinese 里/中) is the one it goes to
            at = [
                q
                for q in calls
                if re.search(
                    rf"`{re.escape(q)}`\s*(?:호출에|에|の?呼び出しに|に|调用里|里|中)", sentence
                )
            ]
            calls = at if len(at) == 1 else calls
        if len(kwargs) == 1 and not calls and (said := _NAMED_CALL.search(sentence)):
            calls = [said["call"]]  # "pass it to the fit call with `callbacks=[es]`"
        if len(kwargs) == 1 and not calls and (said := _LAYER_WORD.search(sentence)):
            calls = [said["call"]]  # "Ajoutez `recurrent_dropout=0.1` à chaque LSTM"
        if (
            kwargs
            and calls
            and len(kwargs) * len(calls) > 1
            and _joined(sentence, kwargs)
            and _joined(sentence, calls)
        ):  # "add `dropout=0.2` and `recurrent_dropout=0.1` to the `a` and the `b` layers"
            out.extend(
                Block("keyword", k.strip(), search=c.split("(", 1)[0].strip(), prose=sentence)
                for c in calls
                for k in kwargs
            )
            continue
        if len(kwargs) == 1 and not calls and _FIT_KEYWORD.match(kwargs[0].strip()):
            # "pass it in the callbacks: `callbacks=[stop, reduce]`": the call that takes it
            block = Block("keyword", kwargs[0].strip(), search="", prose=sentence)
            if beside:  # "... after `callbacks=callbacks`"
                block.beside = beside[0][1] + beside[0][0].split("=", 1)[0].strip()
            out.append(block)
            continue
        if len(kwargs) == 1 and len(calls) == 1:
            # the call as quoted: its callee, or the whole call when it has arguments
            callee = (
                calls[0].strip()
                if "(" in calls[0] and not calls[0].strip().endswith(("(...)", "()"))
                else calls[0].split("(", 1)[0]
            )
            lead = sentence[: sentence.find(f"`{calls[0]}`")][-24:]
            which = "last" if _LAST.search(lead) else "first" if _FIRST.search(lead) else ""
            block = Block("keyword", kwargs[0].strip(), search=callee, prose=sentence, which=which)
            if beside:
                block.beside = beside[0][1] + beside[0][0].split("=", 1)[0].strip()
            out.append(block)
    return out


#: "set `shuffle=True` in `model.fit`": a keyword set in a quoted call
_SET_IN_CALL = re.compile(
    r"(?i)(?:^|[,:;]\s*|\b(?:then|also|and|now|next|finally)\s+)(?:set|use|enable)\s+"
    r"`[A-Za-z_]\w*=[^`\n]+`\s+(?:in|on|for)\s+(?:the\s+|your\s+)?`[A-Za-z_][\w.]*(?:\(.*?\))?`"
)
#: keywords only ``fit`` takes in a training script: no call needs naming for them
_FIT_KEYWORD = re.compile(
    r"(?:callbacks|epochs|batch_size|validation_data|validation_split|class_weight|"
    r"sample_weight|steps_per_epoch|validation_steps|initial_epoch|shuffle)\s*="
)


#: "pass ..., such as `EarlyStopping(patience=10)`": a call shown as an example of passing
_PASS_EXAMPLE = re.compile(
    r"(?i)\b(?:pass|passing|give|giving|set|setting)\b[^`]*?"
    r"(?:such as|e\.g\.,?|for example|for instance|like|like so|i\.e\.,?)\s*:?\s*$"
)


def _example_keyword(sentence: str, call: str) -> str | None:
    """The one keyword of ``call`` when the sentence shows it as an example of a keyword to
    pass ("pass ... when constructing `X`, such as `X(k=v)`"); None otherwise."""
    if not _PASS_EXAMPLE.search(sentence[: sentence.find(f"`{call}`")]):
        return None
    try:
        node = ast.parse(call.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(node, ast.Call) or node.args or len(node.keywords) != 1:
        return None
    keyword = ast.get_source_segment(call.strip(), node.keywords[0])
    return keyword if keyword and _is_keyword(keyword) else None


#: words that make the keyword after them a condition, not a change ("only when
#: `training=True`", "si `training=True`", "wenn `training=True`")
_CONDITION = re.compile(
    r"(?i)\b(?:when|whenever|if|while|unless|only\s+with|wenn|falls|cuando|si|quand|lorsque|"
    r"когда|если)\s*$"
)
#: what joins quotes that are said together: "`a` and the `b`", "`a`, `b`", "`a` 和 `b`"
_AND = r"\s*(?:,|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bи\b|和|及|与|と|및|,\s*and\b)\s*(?:the\s+|der\s+|la\s+|le\s+|el\s+)?"


def _joined(sentence: str, quotes: list[str]) -> bool:
    """Whether the quotes stand one after another joined by "and" or commas."""
    return all(
        re.search(rf"`{re.escape(a)}`{_AND}`{re.escape(b)}`", sentence)
        for a, b in zip(quotes, quotes[1:], strict=False)
    )


def _is_keyword(text: str) -> bool:
    try:
        node = ast.parse(f"f({text})", mode="eval").body
    except SyntaxError:
        return False
    return (
        isinstance(node, ast.Call)
        and len(node.keywords) == 1
        and not node.args
        and not any(isinstance(x, ast.Constant) and x.value is Ellipsis for x in ast.walk(node))
    )  # ``ckpt = ...`` names a line (an elision), it is no keyword to add


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
