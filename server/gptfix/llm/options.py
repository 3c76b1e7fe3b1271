"""Which of an answer's blocks are alternatives, never applied next to the edit they replace.

Bridges the blocks :mod:`gptfix.llm.answer` cuts out and the prose around them: a block its
author takes back ("actually", "**Edit:**", "Correção:") or withdraws ("don't apply the code
above"), options laid out under headings (which one is meant: :mod:`gptfix.llm.option_choice`),
a block introduced as an alternative ("Alternatively", "Opción 2", "别的方法") with the blocks
that continue it, and optional advice after the edits all become suggestions.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.llm.block_text import literals_out
from gptfix.llm.blocks import Block, introducing
from gptfix.llm.corrections import calls_updated, corrected_below, line_corrected
from gptfix.llm.option_choice import mark_options

_ALTERNATIVE = re.compile(
    r"(?i)\b(alternatively|option\s*(?:2|3|b|two)|another (?:option|way|approach)|"
    r"or,? you (?:can|could)|if you prefer|alternativamente|otra (?:opci[oó]n|forma|manera)|"
    r"alternativement|autre (?:option|solution)|opci[oó]n\s*(?:2|3|b|dos|tres)|"
    r"soluci[oó]n\s*(?:2|3|dos)|solution\s*(?:2|3)|op[cç][aã]o\s*(?:2|3|b|dois)|"
    r"opzione\s*(?:2|3|b|due)|outra (?:op[cç][aã]o|forma|maneira))\b|或者|方案[二三2 3]|另一种|也可以|"
    r"別の方法|別案|もう一つの方法|方法\s*[2２二]|案\s*[2２]|オプション\s*[2２]"
)


#: the words right after a block that take it back ("— actually, just insert ...")
RETRACT = re.compile(
    r"(?i)(?:^|[—–.;:!。！；：]\s*|\s-\s*)(?:(?:hmm+|oh|oops|ah|um+|ok(?:ay)?|no)\s*[,.!—–]*\s*)?"
    r"(?:actually|wait|scratch that|on second thought|correction|ignore (?:that|the above|this)|"
    # "等一下，更正一下：", "不对，", "ちょっと待って", "訂正：", "잠깐, 정정합니다"
    r"等一下|等等|更正一下|更正|纠正一下|不对|ちょっと待って|訂正|잠깐|정정|Korrektur|correcci[oó]n|"
    r"corre[cç][aã]o|поправка|исправление)\b"
)
#: "UPDATE:", "EDIT:", "Correction:", "Nachtrag:", "更新：": what follows changes the answer
UPDATE = re.compile(
    r"(?im)^\W*(?:update|upd|edit|correction|erratum|nachtrag|korrektur|actualizaci[oó]n|"
    r"correcci[oó]n|corre[cç][aã]o|correzione|poprawka|düzeltme|atualiza[cç][aã]o|"
    r"edici[oó]n|mise à jour|обновление|исправление|更新|追記|修正|更正)"
    r"(?:\s+(?:to|of|on|for|zu|de|à|к)\s+[^:：\n]{0,30})?\W*[:：]"
)


#: words below a block that withdraw it: "Don't apply the code above", "위의 코드는 적용하지
#: 마세요", "上面的代码不要用"
DONT_APPLY = re.compile(
    r"(?i)\b(?:don'?t|do\s+not|never)\s+(?:apply|use|add|paste)\s+(?:the|this|that)\s+"
    r"(?:code|snippet|change|block)\s+(?:above|I\s+(?:just\s+)?(?:showed|gave))|"
    r"\bignore\s+(?:the|this|that)\s+(?:code|snippet|block|line|lines|change|version)\s+above\b|"
    r"\b(?:wende|nutze|verwende)\s+den\s+Code\s+oben\s+nicht\b|"
    r"\bno\s+(?:apliques|uses|aplique|use)\s+el\s+c[óo]digo\s+(?:anterior|de\s+arriba)\b|"
    r"\bn['’]appliquez\s+pas\s+le\s+code\s+ci-dessus\b|"
    r"\bn[ãa]o\s+(?:aplique|use)\s+o\s+c[óo]digo\s+acima\b|"
    r"위의?\s*코드는?\s*(?:적용하지|사용하지)\s*마|上面的代码(?:不要|别)(?:用|使用|应用)|"
    r"不要(?:使用|应用|用)上面的代码|上の(?:コード|スニペット)は(?:適用|使用)しないで"
)
#: words that leave the script as it is after taking a block back with nothing in its
#: place: "Keep `args.lr` as it is", "so don't change the compile call", "不用改"
LEAVE = re.compile(
    r"(?i)\b(?:don'?t|do\s+not|no\s+need\s+to|there'?s\s+no\s+need\s+to)\s+"
    r"(?:change|touch|modify|edit|apply|add|use)\b|"
    r"\b(?:keep|leave)\b[^.\n]{0,60}?\b(?:as\s+(?:it\s+is|is|they\s+are)|alone|unchanged|untouched)\b|"
    r"\bno\s+cambies\b|\bd[ée]jal[oa]s?\s+como\s+est|\bnicht\s+(?:ändern|anfassen)\b|"
    r"\bne\s+(?:changez|modifiez|touchez)\s+pas\b|\bn[ãa]o\s+(?:mude|altere)\b|"
    r"不(?:要|用|必)(?:改|修改|动)|保持不变|変更しないで|そのままで|바꾸지\s*마|그대로\s*두"
)
#: what a "keep ... as it is" leaves besides the change: not a taking back
_THE_REST = re.compile(r"(?i)\b(?:rest|else|other|others|remaining)\b|其他|其余|他の|나머지")


def _sentence_on(after: str) -> str:
    """The words right below a block, up to its first paragraph break."""
    return after.strip().split("\n\n", 1)[0]


#: a later block's intro that puts the same code somewhere else: "put it at the end of the
#: `CFG` cell instead"
INSTEAD = re.compile(
    r"(?i)\binstead\b|\bin place of\b|\bplutôt\b|\ben su lugar\b|\bstattdessen\b|\b대신|代わりに|改为放"
)


#: a closing that brings a taken-back block back: "Either of these should help; I'd go
#: with the first one."
_FIRST_AGAIN = re.compile(
    r"(?i)\b(?:go with|prefer|pick|choose|use|recommend|start with)\s+(?:the\s+)?first\b|"
    r"\beither (?:of these|of the two|of them|one|option|way|works|will work)\b|"
    r"\bboth (?:options|versions|work)\b|\bwhichever you prefer\b|"
    r"\b(?:do|apply|make|use)\s+(?:them\s+)?both\b|"
    # "So in the end, use the GRU line above": the taken-back one brought back
    r"\b(?:in the end|after all)\b[^.\n]{0,60}\b(?:above|first|earlier|previous)\b|"
    # "to summarize: the correct fix is ..., exactly as in the first block"
    r"\b(?:as in|from|use|keep|apply)\s+the\s+(?:first|earlier|previous|original)\s+"
    r"(?:block|snippet|version|code|option|fix|one)\b"
)


#: the words right below a block that keep what it changed ("Keep the reconstruction loss
#: summed over the pixels though", "Behalte die Lernrate bei ...", "保持 ... 不变")
_KEEP_OPEN = re.compile(
    r"(?i)^\W*(?:keep|leave|stick\s+with|behalte|lass|garde[zr]?|mant[eé]n(?:ga)?|mantenha|"
    r"mantieni|保持|留着|そのまま)"
)


#: a word that turns away from the block ("though", "instead", "aber", "不过")
_CONTRAST = re.compile(
    r"(?i)\b(?:though|however|instead|rather|but|aber|doch|stattdessen|sin embargo|pero|"
    r"en cambio|cependant|plutôt|mas|porém|но|однако|вместо)\b|不过|但是|而是|改为|代わりに|しかし|대신"
)


def _kept_instead(block: Block, below: str) -> bool:
    """Whether the first sentence below ``block`` keeps, in words, a value the block
    assigns (``reconstruction_loss`` as "the reconstruction loss"): the block taken back."""
    if _KEEP_OPEN.match(below) is None or not _CONTRAST.search(below[:400]):
        return False  # "Keep the learning rate this low from now on": no taking back
    sentence = re.split(r"(?<=[.!?。])\s|\n\n", below, maxsplit=1)[0].lower()
    sentence = re.sub(
        r"`[^`]*`", " ", sentence
    )  # "Keep your `model.compile(...)` lines": other code
    try:
        tree = ast.parse(textwrap.dedent(block.text))
    except SyntaxError:
        return False
    names = {
        t.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Name)
    }
    return any(
        len(n) > 3 and re.search(rf"\b{re.escape(n.replace('_', ' ').lower())}\b", sentence)
        for n in names
    )


def _same_shape(a: str, b: str) -> bool:
    """The same code, or the same statements with other literal values (``default=1e-4``
    given again as ``default=1e-2``)."""
    if a.strip() == b.strip():
        return True
    try:
        trees = [ast.parse(textwrap.dedent(x)) for x in (a, b)]
    except SyntaxError:
        return False
    return literals_out(trees[0]) == literals_out(trees[1])


#: the words below a block open the next step ("3. At the end, reload ... actually simpler:
#: ..."): what they take back is that step's own idea, not the block above
_NEXT_STEP = re.compile(
    r"(?i)^(?:\*\*)?(?:\d+[.)]\s|step\s+\d+|#+\s|paso\s+\d+|schritt\s+\d+|étape\s+\d+|"
    r"第[一二三四五六七八九十\d]+步|ステップ\s*\d+|\d+\s*단계)"
)


def _squeezed(code: str) -> str:
    return re.sub(r"\s+", "", code).replace("'", '"')


def _quotes_back(closing: str, taken_back: list[Block], edits: list[Block]) -> bool:
    """The answer's last words quote code only a taken-back block writes ("So to summarise:
    the only change you need is `input_dim=CONFIG["max_tokens"]`"): it brings that one back."""
    for quote in re.findall(r"`([^`\n]{6,120})`", closing):
        q = _squeezed(quote)
        if any(q in _squeezed(b.text) for b in taken_back) and not any(
            q in _squeezed(b.replace or b.text) for b in edits
        ):
            return True
    return False


#: a correction that names the block it is about: "Correction to the first block:", "Update
#: for the previous snippet", "Korrektur zum ersten Block"
_NAMED_BLOCK = re.compile(
    r"(?i)\b(?:correction|update|edit|fix|note|korrektur|corrección|correcci[oó]n|исправление)\s+"
    r"(?:to|in|of|for|on|zum|im|au|del|de|в|к)\s+(?:the\s+|dem\s+|le\s+|el\s+)?"
    r"(?P<which>first|second|third|previous|earlier|ersten|zweiten|premier|primer|первом|втором)\s+"
    r"(?:block|snippet|step|code|Block|bloc|bloque|блоке)"
)


def _about_another(below: str, index: int, blocks: list[Block]) -> bool:
    """Whether the words below block ``index`` (0-based) name another block of the answer
    as the one they take back or correct."""
    m = _NAMED_BLOCK.search(below)
    if m is None:
        return False
    which = m["which"].lower()
    if which in ("previous", "earlier"):
        return True
    said = (
        1
        if which in ("first", "ersten", "premier", "primer", "первом")
        else 2
        if which in ("second", "zweiten", "втором")
        else 3
    )
    shown = [k for k, b in enumerate(blocks) if b.line > 0]
    return index in shown and shown.index(index) + 1 != said


#: an amendment said as a condition ("UPDATE: if you hit OOM, use `batch_size=16`")
_CONDITION = re.compile(r"(?i)\b(?:if|when|unless|falls|wenn|si|se|cuando|quand)\b|如果|もし|만약")


def _mark_retracted(blocks: list[Block]) -> None:
    """A block its author takes back right below it, before a later block that replaces
    it, becomes a suggestion; when the answer's last words bring it back ("I'd go with the
    first one"), which one it means is unclear and no block is applied."""
    taken_back: list[Block] = []
    for block in blocks:
        if block.kind != "suggestion" and block.line > 0 and DONT_APPLY.search(block.after):
            block.kind = "suggestion"  # "Don't apply the code above": the answer withdraws it
            block.note = "the answer says not to apply it: not applied"
    updated: set[int] = set()
    for i, block in enumerate(blocks):
        below = block.after.strip()
        update = UPDATE.search(below) if block.line > 0 else None
        if update is None:
            continue
        said = below[update.start() : update.start() + 300]
        if calls_updated(block, said):
            updated.add(i)  # "UPDATE: ... súbela a `layers.RandomRotation(0.15)`"
        elif (i == len(blocks) - 1 or not any(b.line > 0 for b in blocks[i + 1 :])) and not (
            _CONDITION.search(said)
        ):
            # "**Update:** ... usa `alpha=0.01`" at the end, for the block that sets it
            for j in range(i, -1, -1):
                if blocks[j].line > 0 and blocks[j].kind != "suggestion":
                    if corrected_below(blocks[j], said):
                        updated.add(j)
                        break
    for i, block in enumerate(blocks[:-1]):
        if i in updated:
            continue
        if block.kind == "suggestion" or not any(b.kind != "suggestion" for b in blocks[i + 1 :]):
            continue
        replacing = [
            b
            for b in blocks[i + 1 :]
            if b.kind == block.kind
            and b.line > 0
            and _same_shape(b.text, block.text)
            and INSTEAD.search(introducing(b.prose))
        ]
        again = bool(replacing)
        below = block.after.strip()
        update = UPDATE.search(below[:400])
        if update is not None and calls_updated(
            block, below[update.start() : update.start() + 300]
        ):
            continue  # "UPDATE: ... súbela a `layers.RandomRotation(0.15)`"
        if _about_another(below[:160], i, blocks):
            continue  # "Correction to the first block: ..." under the second one
        if RETRACT.search(below[:160]) and not again and corrected_below(block, below[:300]):
            continue  # "wait, use `CLIP_NORM = 1.0` instead": the block, with that value
        if RETRACT.search(below[:160]) and line_corrected(block, blocks[i + 1]):
            continue  # "Corrección: ... usa `lookup.vocabulary_size()`:" and that one line
        if (RETRACT.search(below[:160]) and not _NEXT_STEP.match(below)) or (
            block.line > 0 and (again or _kept_instead(block, below))
        ):
            block.kind = "suggestion"
            block.note = "taken back by the answer right below it: not applied"
            taken_back.append(block)
            if replacing and not replacing[0].in_place_of:
                replacing[0].in_place_of = block.prose  # "replace the policy line above"
    tail = blocks[-1] if blocks else None
    if (
        tail is not None
        and len(blocks) - 1 not in updated  # a correction is read once
        and tail.line > 0
        and RETRACT.search(tail.after.strip()[:160])
    ):
        corrected_below(tail, tail.after.strip()[:300])  # "Korrektur: ... nimm lieber `k=v`"
    edits = [b for b in blocks if b.kind != "suggestion"]
    last = edits[-1] if edits else None
    if (
        last is not None
        and last.line > 0
        and RETRACT.search(last.after.strip()[:160])
        and any(not _THE_REST.search(m.group(0)) for m in LEAVE.finditer(_sentence_on(last.after)))
    ):  # "Actually, scratch that ... keep `args.lr` as it is": nothing in its place
        last.kind = "suggestion"
        last.note = "taken back by the answer right below it, nothing in its place: not applied"
    closing = blocks[-1].after if blocks and blocks[-1].line > 0 else ""
    if taken_back and (_FIRST_AGAIN.search(closing) or _quotes_back(closing, taken_back, edits)):
        for block in blocks:
            block.kind = "suggestion"
            block.note = (
                "the answer takes a change back, then recommends it again: which one it "
                "means is unclear, nothing applied"
            )


#: a block offered as optional advice once the edits are given: "**Optional:** ...", "If you
#: later move to a GPU, you could also ...", "Si quieres, también puedes ...", "可选："
_OPTIONAL = re.compile(
    r"(?i)(?P<head>^\W*(?:optional(?:ly)?|opcional(?:mente)?|optionnel(?:lement)?|facoltativo|"
    r"optional(?:e|er)?)\b)|\b(?:you (?:could|can|might) also|if you (?:later|ever|also) "
    r"(?:want|move|need|switch)|if it still|for extra (?:speed|accuracy))\b|"
    r"^\W*(?:可选|任意|선택\s*사항)"
)


def _own_paragraph(block: Block) -> str:
    """The paragraph that says ``block``: the last one before a fenced block; for a change
    said in prose, the paragraph that quotes it (a closing "you could also ..." after it
    offers more, not an alternative to it)."""
    paragraphs = [p for p in block.prose.strip().split("\n\n") if p.strip()]
    if not paragraphs:
        return ""
    if block.line <= 0:
        quoted = (block.search or block.text).strip().split("\n")[0]
        own = [p for p in paragraphs if quoted and quoted in p]
        if own:
            return own[-1]
    return paragraphs[-1]


def mark_alternatives(blocks: list[Block]) -> None:
    """Blocks offered as an alternative to an earlier edit become suggestions: the options
    an answer lays out under headings but the recommended (else the first) one, and a block
    introduced as an alternative ("Alternatively") with the blocks that continue it."""
    _mark_retracted(blocks)
    if mark_options(blocks):
        return
    seen_edit = False
    in_alternative = False
    for block in blocks:
        if block.kind == "suggestion":
            continue
        last_para = _own_paragraph(block)
        if seen_edit and (
            _ALTERNATIVE.search(last_para) or (in_alternative and not block.prose.strip())
        ):
            block.kind = "suggestion"
            block.note = "an alternative to the edit above: not applied"
            in_alternative = True
            continue
        optional = _OPTIONAL.search(last_para)
        if block.line > 0 and optional and (seen_edit or optional.group("head")):
            block.kind = "suggestion"  # "**Optional:** if you later move to a GPU, ..."
            block.note = "optional advice after the edits, not asked for: not applied"
            continue
        in_alternative = False
        seen_edit = True
