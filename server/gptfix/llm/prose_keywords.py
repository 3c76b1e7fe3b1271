"""Keyword arguments said in prose for a call of the script: "add `callbacks=[es]` to
`model.fit(...)`", "nella chiamata a `model.fit(...)` aggiungi `callbacks=[...]`", "ajoutez
`recurrent_dropout=0.1` à chaque LSTM", "add `k=v` to the `user_emb` and the `item_emb`
layers", read as keyword blocks the applier sets in the call named (or in each one named);
a keyword the sentence states as a condition, or describes, is no change.
"""

from __future__ import annotations

import ast
import re

from gptfix.llm.blocks import Block
from gptfix.llm.placewords import ADD_VERB, beside_sign
from gptfix.llm.prose_edit_patterns import CODE as _CODE

_GIVE_VERB = re.compile(
    rf"(?i)\b(?:{ADD_VERB}|pass|passe[zr]?|passa|pasa|übergib|übergeben|передайте|berikan|give|"
    r"a[ñn]adiendo|agregando|p[áa]sal[oa]s?|pas[áa]ndol[oa]s?|aggiungendo|ajoutant|adicionando)\b|"
    # a request said in the passive: "it then has to be passed to `fit` as `callbacks=[es]`"
    r"\b(?:has|have|needs?|must|should)\s+(?:to\s+)?(?:also\s+)?be\s+(?:passed|given|added)\b|"
    r"传给|传入|传进|加到|加进|加入|加上|添加|加(?:一个|个)?参数|渡し|渡す|追加|전달|추가|넘겨"
)
#: ``name=value``; ``model = build_model()`` (spaces around ``=``) is a statement, not a keyword
KWARG = re.compile(r"^[A-Za-z_]\w*=(?!=)")
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
            if KWARG.match(q)
            and is_keyword(q)
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
        if len(kwargs) == 1 and len(calls) > 1:
            # "把它放在 `net.summary()` 后面，然后把它传给 `fit`（`callbacks=[...]`）": the call
            # right after the give verb is the one it goes to
            given_to = [
                q
                for m in _GIVE_VERB.finditer(sentence)
                for q in calls
                if re.match(
                    rf"\s*(?:(?:to|à|a|an|zu)\s+)?(?:the\s+)?`{re.escape(q)}`", sentence[m.end() :]
                )
            ]
            calls = given_to if len(set(given_to)) == 1 else calls
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
    r"`[A-Za-z_]\w*=[^`\n]+`\s+(?:in|on|for)\s+(?:the\s+|your\s+)?`[A-Za-z_][\w.]*(?:\(.*?\))?`|"
    # the call first: "and in the `compile` call use `optimizer=...`", "y en el `compile` usa
    # `...`", "dans le `compile`, utilise `...`", "在 `compile` 里用 `...`"
    r"(?:\b(?:in|en|dans|im|no|na|nel|в)\s+(?:the|your|el|la|le|tu|ton|dem|o|il|seu)?\s*|在\s*)"
    r"`[A-Za-z_][\w.]*(?:\(.*?\))?`(?:\s+(?:call|llamada|appel|Aufruf|chiamata|chamada))?\s*"
    r"(?:里|中)?\s*[,，]?\s*(?:set|use|usa|utilise[zr]?|verwende|nutze|utilize|usare|"
    r"используйте|pon|mets|用|使用|改用)\s+`[A-Za-z_]\w*=[^`\n]+`"
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
    return keyword if keyword and is_keyword(keyword) else None


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


def is_keyword(text: str) -> bool:
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


def says_set(sentence: str) -> bool:
    """The sentence sets a keyword in a call ("set `shuffle=True` in `fit`", "in the
    `compile` use `optimizer=...`"): a value the call gives already is replaced."""
    return _SET_IN_CALL.search(sentence) is not None
