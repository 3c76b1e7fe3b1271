"""Steps of an answer said only in prose that no reader understood: "2. Raise the `dropout`
in `config` to 0.3" when only step 1 became an edit. Applying the rest would leave the
change half done while reporting it done, so such an answer is refused with the step named.

Bridges the answer's list items and the blocks read from it: an item (numbered or bulleted)
that opens (or opens a clause after a colon or dash) with a verb of a definite change
(set, change, raise, double, replace, remove, move, rename...) and quotes code is read when a block came from it (it shares a quote with one
of the prose's edits), when it introduces a code block, or when it is conditional advice
("if it still overfits, lower `lr` to 1e-4").
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.index import build_index
from gptfix.llm.blocks import Block
from gptfix.llm.option_choice import unchosen_options

_ITEM = re.compile(
    # "**Step 2**:", "Schritt 2:", "Étape 2 :", "Paso 2:", "**第二步**：", "ステップ2："
    r"^\s*(?:(?:\*\*)?(?:(?:step|schritt|[ée]tape|paso|passo|шаг|ステップ|手順)\s*\d+|\d+\s*단계)"
    r"(?:\*\*)?\s*[:：.]"
    r"(?:\*\*)?|(?:\*\*)?第[一二三四五六七八九十\d]+步(?:\*\*)?\s*[:：]?(?:\*\*)?|"
    r"\*\*\d+[.)]\*\*|\d+[.)]|[-*•](?=\s))\s*(?P<body>.+)$",
    re.IGNORECASE,
)
_CHANGE = re.compile(
    r"(?i)(?:^|[:–—,]\s+|\s-\s+|`[.,]?\s+(?=and\s|then\s))(?:\*\*)?"
    r"(?:then,?\s+|and\s+(?:then\s+)?|also,?\s+|finally,?\s+|next,?\s+|now,?\s+)?"
    r"(?:set|change|increase|raise|bump|double|halve|"
    r"lower|decrease|reduce|replace|swap|remove|delete|drop|rename|move|comment out|switch|"
    r"add(?=\s[^`]{0,30}`[^`]+`\s+(?:to|in|into)\s)|"
    r"(?:pass|give|übergib|[üu]bergebe|passe[zr]?|pasa|passa)(?=\s[^`\n]{0,40}`)(?![^\n]*command)|"
    r"insert(?=\s[^`\n]{0,30}`)|f[üu]ge(?=\s[^\n]{0,80}`)|"
    r"[äa]ndere|setze|erh[öo]he|verringere|senke|reduziere|ersetze|entferne|l[öo]sche|verschiebe|"
    r"benenne|cambia|aumenta|baja|sube|pon|reduce|reemplaza|elimina|borra|mueve|renombra|change[zr]|"
    r"augmente[zr]|diminue[zr]|remplace[zr]|supprime[zr]|d[ée]place[zr]|renomme[zr]|"
    r"modifica|sostituisci|rimuovi|sposta|rinomina|aumente|diminua|substitua|remova|mova|"
    r"измените|увеличьте|уменьшите|замените|удалите|перенесите|переименуйте)\b(?!-)"
    r"|^(?:删除|去掉|删掉)"
)
#: the verb of a definite change where Chinese, Japanese and Korean put it, as a request
#: ("把 `EPOCHS` 改成 5", "`dropout` の行を削除してください", "`Dropout` 줄을 삭제하세요"),
#: not as an explanation ("`trainable` を変更したら ...")
_CHANGE_CJK = re.compile(
    r"(?:请|把|将|然后|再)[^。！？\n]{0,60}?(?:改成|改为|改到|换成|替换|删除|删掉|去掉|移到|移动到|"
    r"挪到|注释掉|重命名|传给|传入|加到)|^(?:删除|删掉|去掉|替换|注释掉|重命名)|"
    r"在\s*`[^`\n]+`[^。！？\n]{0,20}?(?:加上|添加|加入|加(?:一个|个)?参数)\s*`|"
    r"(?:変更|削除|置き換え|置換|移動|コメントアウト|変え|消し|渡し|追加|挿入|増や|減ら)"
    r"(?:し?て(?:ください|下さい)|し?ましょう)|"
    r"(?:바꾸|바꿔|변경하|삭제하|제거하|지우|이동하|옮기|옮겨|주석\s*처리하|넘겨|전달하|추가하|넣으|"
    r"올리|늘리|줄이|낮추|늘려|줄여|올려|낮춰|넣어)"
    r"(?:세요|십시오|\s*주세요)"
)
_ADVICE = re.compile(
    r"(?i)\b(?:if|when|unless|optionally|optional|you (?:can|could|may|might)|consider|maybe|"
    r"perhaps|later|si|wenn|falls|se|если|quando|cuando|once\s+(?:you|we|it|the)|"
    # a tip to try ("With `EPOCHS = 3` ... try `EPOCHS = 20`")
    r"try)\b|如果|可以考虑|也可以|不需要|无需|不用|"
    r"不必|もし|場合|必要はありません|만약|경우|필요\s*없|"
    # a value offered as an example ("(e.g. 20)", "（例：20）"): the user's to choose
    r"\be\.\s?g\.|\bfor example\b|\bz\.\s?B\.|\bpor ejemplo\b|\bpar exemple\b|\bpor exemplo\b|"
    r"例[：:]|例えば|例如|比如|예[：:]|예를 들어"
)
_QUOTE = re.compile(r"`([^`\n]+)`")
#: a thing not to do, said right before the quote: "don't set `X = 1` afterwards"
_NOT_TO_DO = re.compile(
    r"(?i)\b(?:don'?t|do\s+not|never|nicht|no\s+intentes|n[ãa]o\s+tente)\b"
    r"[^.;:!?。`]{0,40}\b(?:set|try|change|use|assign|setze|ändere|cambies|mude|altere)\b"
    r"[^.;!?。`]{0,30}$"
)


def unread_steps(answer_text: str, blocks: list[Block], script_text: str = "") -> list[str]:
    """Items of the answer's lists that state a change in prose and that no block came
    from, as written.

    A change is stated by a verb of one, or, whatever the verb ("squeeze `Dropout(0.3)`
    in right below `Dense(64)`"), by new code placed next to code of ``script_text``.
    """
    intros = {_last_line(b.prose) for b in blocks if b.line > 0}
    codes = [x for b in blocks for x in (b.text, b.replace or "") if b.line > 0 and x]
    said: set[str] = set()
    for b in blocks:
        if b.line > 0 and b.kind not in ("remove", "move", "setting", "entry", "inline", "keyword"):
            continue
        said |= {x.strip() for x in (b.text, b.search or "", b.replace or "") if x.strip()}
        if len(b.prose) < 400:
            said |= {q.strip() for q in _QUOTE.findall(b.prose)}
    passed = unchosen_options(answer_text)  # "Option A — ..." when the answer picks B
    out = [
        body
        for body in _unset_assignments(answer_text, blocks, script_text, codes)
        if not any(a <= answer_text.find(body[:60]) < b for a, b in passed)
    ]
    changed: list[str] | None = None  # the statements the blocks change, read once
    for line, body in _step_bodies(answer_text):
        at = answer_text.find(line)
        if any(a <= at < b for a, b in passed):
            continue
        quotes = {q.strip() for q in _QUOTE.findall(body)}
        if _ADVICE.search(body) or line.strip() in intros or body.rstrip().endswith((":", "：")):
            continue  # advice, or it introduces a code block
        if not quotes:  # "Then, lower the learning rate to 1e-4.": a value no block sets
            if _unquoted_value_step(body, blocks, codes):
                out.append(body)
            continue
        verb = bool(_CHANGE.search(body) or _CHANGE_CJK.search(body))
        if not verb and (  # no verb known: new code next to the script's, not shown in a block
            not _placed_new(body, quotes, script_text) or any(_in_code(q, codes) for q in quotes)
        ):
            continue
        if quotes & said:
            continue
        if any(b.line <= 0 and b.prose.strip() and b.prose.strip() in body for b in blocks):
            continue  # "Raise the temperature to 5.0 — ... `T**2` ...": the change read from it
        if changed is None and script_text:
            changed = _changed_statements(codes, script_text)
        if changed is not None and _described(body, quotes, changed):
            continue  # "把回调列表传给 `model.fit`。" over the block that does it
        if _shown_below(quotes, script_text, codes):
            continue  # "Füge nach jeder `Dense`-Schicht eine `Dropout(0.3)` ein" over the block
        out.append(body)
    return out


#: a quoted assignment of a literal: "`EPOCHS = 5`"
_ASSIGNED = re.compile(
    r"`\s*([A-Za-z_][\w.]*)\s*=\s*(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|True|False)\s*`"
)


#: a quoted name given a new number: "`BATCH_SIZE` to 32", "`lr` auf `1e-4`" (not "decays
#: from `args.lr` to 0": a value that goes from the setting to another, a description)
_NAMED_TO = re.compile(
    r"(?<!from )(?<!von )(?<!de )`\s*([A-Za-z_][\w.]*)\s*`\s+(?:to|auf|à|a|para)\s+`?(-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)`?"
    r"(?![\w.])"
)


#: a quoted value said as a case, not as a change: "when `hidden=1`", "在 `hidden=1` 时"
_WHEN_BEFORE = re.compile(
    r"(?i)(?:\b(?:when|if|wenn|si|cuando|quand|quando|при|если)|在|当|如果)\s*$"
)
_WHEN_AFTER = re.compile(r"^\s*(?:时|時|的时候|的時候|のとき|の時|일 때|인 경우)")


def _unset_assignments(
    answer_text: str, blocks: list[Block], script_text: str, codes: list[str]
) -> list[str]:
    """Sentences of the prose that quote a setting of the script with a new value ("train
    longer by setting `EPOCHS = 5`", "... and `BATCH_SIZE` to 32") that no block sets: a
    change said and not made."""
    set_names = {b.text for b in blocks if b.kind == "setting"}
    written = _assigned_literals(script_text)
    codes = codes + [b.replace or "" for b in blocks if b.line <= 0]
    out = []
    for sentence in _prose_sentences(answer_text):
        if _ADVICE.search(sentence):
            continue
        for m in [*_ASSIGNED.finditer(sentence), *_NAMED_TO.finditer(sentence)]:
            name, value = m.group(1), m.group(2)
            if _NOT_TO_DO.search(sentence[max(0, m.start() - 60) : m.start()]):
                continue  # "don't try to set them afterwards (`CFG.alpha = 0.3` raises ...)"
            if _WHEN_BEFORE.search(sentence[max(0, m.start() - 12) : m.start()]) or (
                _WHEN_AFTER.match(sentence[m.end() :])
            ):
                continue  # "`hidden // 2` 在 `hidden=1` 时等于 0": a case, not a change
            was = written.get(name.rsplit(".", 1)[-1])
            if (
                was is None
                or was == value
                or name in set_names
                or name.rsplit(".", 1)[-1] in set_names  # ``CFG.alpha`` for ``alpha``
                or any(_in_code(m.group(0).strip("`"), [c]) for c in codes)
            ):
                continue
            out.append(sentence)
            break
    return out


def _assigned_literals(script_text: str) -> dict[str, str]:
    """The script's configuration values (constants, class attributes, dict entries,
    argparse defaults) that are a number or a boolean, by name, as the program model reads
    them, with the value as written."""
    index = build_index(script_text)
    if index.syntax_error is not None:
        return {}
    # a holder (``CFG = {...}``) is no value: only numbers and booleans are settings here
    return {a.name: a.value for a in index.config if _SCALAR.fullmatch(a.value.strip())}


_SCALAR = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|True|False")


def _prose_sentences(answer_text: str) -> list[str]:
    """The sentences of ``answer_text`` outside its fences."""
    out: list[str] = []
    in_fence = False
    held: list[str] = []  # the lines of a paragraph (or list item) so far: one text

    def flush() -> None:
        text = " ".join(held)
        out.extend(x.strip() for x in _SENTENCE_END.split(text) if x.strip())
        held.clear()

    for line in answer_text.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            flush()
            continue
        if in_fence or not line.strip() or _ITEM_START.match(line):
            flush()
        if not in_fence and line.strip():
            held.append(line.strip())
    flush()
    return out


#: a line that opens a list item or a heading: a sentence of its own
_ITEM_START = re.compile(r"^\s*(?:[-*+•]\s|\d+[.)]\s|#{1,6}\s|>)")


#: a value said without quotes: "set the epochs to 10", "lower the learning rate from 1e-3 to
#: 1e-4", "reduce the batch size to 16"
_UNQUOTED = re.compile(
    r"(?i)^(?:\*\*)?(?:set|change|increase|raise|bump|lower|decrease|reduce|double|halve|use|"
    r"train|[äa]ndere|setze|erh[öo]he|verringere|senke|reduziere|cambia|aumenta|baja|sube|pon|"
    r"change[zr]|augmente[zr]|diminue[zr]|aumente|diminua|mude|altere)\b"
)
#: the numbers a step in words gives: "to 16", "of 64", "for 10 epochs" ("instead of 2" and
#: "from 32" name the old value)
_GIVEN = re.compile(
    r"(?i)(?<!instead )(?<!from )\b(?:to|of|auf|à|a|para)\s+(?P<value>\d[\d.eE+-]*)"
    r"|\b(?P<count>\d+)\s+(?:epochs|Epochen|[ée]pocas|[ée]poques)\b"
)
_NUMBER = re.compile(r"(?<![\w.])\d[\d.eE+-]*")


def _unquoted_value_step(body: str, blocks: list[Block], codes: list[str]) -> bool:
    """Whether ``body`` sets values in words ("reduce the batch size to 16 and the learning
    rate to 5e-4") one of which no block sets: not read from it, not in any block's code."""
    if _UNQUOTED.search(body) is None:
        return False
    given = {(m["value"] or m["count"]).rstrip(".") for m in _GIVEN.finditer(body)}
    made = {(b.replace or "").strip() for b in blocks if b.line <= 0}
    made |= {n for c in codes for n in _NUMBER.findall(c)}
    return bool(given - made)


#: where a step puts its code relative to the script's: "right below", "nach", "之后"
_PLACE = re.compile(
    r"(?i)\b(?:after|before|below|above|under(?:neath)?|into|between|nach|vor|hinter|"
    r"apr[èe]s|avant|dans|despu[ée]s|antes|depois|dentro)\b|之后|之前|后面|前面|の後|の前|"
    r"直後|直前|(?<!以)下に|(?<!以)上に|下面|上面|之间|다음에|뒤에|앞에|아래에|위에"
)


_CALL = re.compile(r"\s*[A-Za-z_][\w.]*\(")


def _placed_new(body: str, quotes: set[str], script_text: str) -> bool:
    """Whether ``body`` puts code the script does not have next to code it has."""
    if not script_text or not _PLACE.search(body):
        return False
    flat = _flat(script_text)
    # ``model.compile(...)``: the script's call, its arguments left out
    new = [q for q in quotes if _CALL.match(q) and _flat(q.split("...")[0]).rstrip(",") not in flat]
    old = [q for q in quotes if _flat(q.split("...")[0]).rstrip(",") in flat]
    return bool(new and old)


def _shown_below(quotes: set[str], script_text: str, codes: list[str]) -> bool:
    """Whether the calls a step quotes that the script lacks are in a block's code, and
    none of them is new code that no block shows (the step describes a block)."""
    flat = _flat(script_text)
    calls = [q for q in quotes if _CALL.match(q) and _flat(q).rstrip(",") not in flat]
    carried = [q for q in calls if _in_code(q, codes)]
    unshown = [
        q
        for q in calls
        if q not in carried
        and f"{q.split('(', 1)[0].rsplit('.', 1)[-1].strip()}(" not in script_text
    ]
    return bool(carried) and not unshown


def _changed_statements(codes: list[str], script_text: str) -> list[str]:
    """The statements of the blocks' code that the script does not have as written (each
    flattened; a compound statement by its header): what the blocks change."""
    mine = {_flat(x) for x in script_text.split("\n") if x.strip()}
    try:
        mine |= {
            _flat(ast.unparse(n))
            for n in ast.walk(ast.parse(script_text))
            if isinstance(n, ast.stmt)
        }
    except SyntaxError:
        pass
    out = []
    for code in codes:
        try:
            nodes = [
                n for n in ast.walk(ast.parse(textwrap.dedent(code))) if isinstance(n, ast.stmt)
            ]
        except SyntaxError:
            out += [_flat(x) for x in code.split("\n") if x.strip() and _flat(x) not in mine]
            continue
        for node in nodes:
            if isinstance(
                node, ast.FunctionDef | ast.ClassDef | ast.For | ast.While | ast.If | ast.With
            ):
                head = ast.unparse(node).split("\n", 1)[0]
                if _flat(ast.unparse(node)) not in mine:
                    out.append(_flat(head))
                continue
            flat = _flat(ast.unparse(node))
            if flat not in mine:
                out.append(flat)
    return out


def _described(body: str, quotes: set[str], changed: list[str]) -> bool:
    """Whether a step only describes what the blocks change: every code it quotes is in a
    statement a block changes or adds ("pass the schedule to Adam as `learning_rate`" over
    ``Adam(learning_rate=schedule)``), and every number it gives is in that code too."""
    flat = "\n".join(changed)
    for quote in quotes:
        q = _flat(quote).rstrip(",").removesuffix("(...)").removesuffix("()").replace("'", '"')
        if len(q) < 2 or q not in flat.replace("'", '"'):
            return False
    outside = _QUOTE.sub(" ", body)
    return all(n.rstrip(".") in flat for n in _NUMBER.findall(outside))


def _in_code(quote: str, codes: list[str]) -> bool:
    """Whether a block's code carries the quoted code (a step said, then shown)."""
    q = _flat(quote).rstrip(",")
    return len(q) > 2 and any(q in _flat(c) for c in codes)


def _flat(code: str) -> str:
    return re.sub(r"\s+", "", code)


#: a step said as a heading over its paragraph: "**2. Train for longer**", "### 3. Clean up"
_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s*|\*\*)(?:(?:step|schritt|paso|passo|[ée]tape|ステップ|手順)\s*)?"
    r"\d+\s*(?:단계|段階)?\s*[.):：]\s*[^*\n]{1,80}?(?:\*\*)?\s*$",
    re.I,
)
#: a step said as a paragraph that opens with its order: "**First**, insert ...", "Then,
#: pass ...", "Finally set ...", "Danach ...", "Ensuite, ...", "首先，...", "次に、...", "먼저 ..."
_SEQUENCE = re.compile(
    r"(?i)^\s*(?:\*\*|__)?(?:after that(?=,)|first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|"
    r"finally|lastly|also|zuerst|zun[äa]chst|dann|danach|schlie[ßs]lich|au[ßs]erdem|d'abord|"
    r"ensuite|puis|enfin|primero|luego|despu[ée]s|por [úu]ltimo|finalmente|adem[áa]s|"
    r"primeiro|depois|por fim|al final)(?:\*\*|__)?\s*(?=[,:;]|\s|$)"
    r"|^\s*(?:\*\*)?(?:首先|然后|接着|其次|最后|另外|まず|次に|それから|最後に|さらに|먼저|"
    r"그다음|그 다음|다음으로|마지막으로|또한)"
)
#: the end of a sentence; not after "e.g.", "i.e.", "z.B.", "etc." inside one
_SENTENCE_END = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<!\bz\.B\.)(?<!\bvs\.)(?<=[.!?。])\s+")


#: a line that goes on with the sentence above it: a quote alone, or words in lower case
_GOES_ON = re.compile(
    r"^\s*(?:`[^`\n]+`[.:,;]?\s*$|(?:and|then|with|to|by|into|or)\b|"
    # one word and a colon: "durch:", "por:", "на:", "替换为：" after a quoted line
    r"[^\W\d_]{1,14}\s*[:：]\s*$)"
)
#: how a finished sentence ends
_ENDED = (".", ":", "!", "?", "。", "：", "！", "？")


def _step_bodies(answer_text: str) -> list[tuple[str, str]]:
    """(line, body) of each list item outside fences, and of each sentence of the paragraph
    under a numbered heading ("**2. Train for longer**" then "... set `EPOCHS` to 5.")."""
    out: list[tuple[str, str]] = []
    in_fence = False
    under = False
    for line in answer_text.split("\n"):
        if line.strip().startswith(("```", "~~~")):
            in_fence = not in_fence
            under = False
            continue
        if in_fence:
            continue
        if _HEADING.match(line):
            under = True
            continue
        m = _ITEM.match(line)
        if m is not None:
            out.append((line, m["body"].strip()))
            under = False
            continue
        if out and _GOES_ON.match(line) and not out[-1][1].rstrip().endswith(_ENDED):
            # "find the line that says" / `callbacks=[cb],` / "and change it to" / `...`:
            # a step whose sentence runs on through quotes set apart
            out[-1] = (out[-1][0], f"{out[-1][1]} {line.strip()}")
            continue
        opening = _SEQUENCE.match(line)
        if opening is not None:  # "**First**, insert ...": its sentences, the order word cut
            rest = line[opening.end() :].lstrip(" ,:;*_，、")
            out.extend((line, x.strip()) for x in _SENTENCE_END.split(rest) if x.strip())
            continue
        if under and line.strip():
            # each sentence as a step body; the last one may introduce a block
            out.extend((line, x.strip()) for x in _SENTENCE_END.split(line.strip()) if x.strip())
    return out


def _last_line(prose: str) -> str:
    rows = [x.strip() for x in prose.strip().split("\n") if x.strip()]
    return rows[-1] if rows else ""
