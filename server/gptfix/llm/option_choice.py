"""Which of several options laid out under headings an answer means.

Bridges the blocks of an answer under option headings ("**Option 1 (recommended):**",
"### 方案二", "Вариант 2", "### Quick fix" after "two ways to ...") and the words that pick
one: a heading that recommends it, a sentence that names it with a word of choice ("I'd go
with Option B", "我建议用方案二"), or its place said near such a word ("use the second one",
"yo usaría la segunda"). The blocks of the other options become suggestions, so two options
are never mixed; :func:`unchosen_options` gives the spans of the answer under the options
not picked (their prose steps are not steps either).
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block

#: a heading that opens one of several options ("**Option 1 (recommended):**", "### 方案二")
_OPTION_WORD = (
    r"(?:option|approach|alternative|solution|"
    r"opci[oó]n|op[cç][aã]o|opzione|soluci[oó]n|solu[cç][aã]o|soluzione|l[öo]sung|"
    r"m[öo]glichkeit|variante|se[cç]enek|opsi|pilihan|옵션|방법|方案|选项|オプション|方法|案|"
    r"optie|opcja|вариант|варіант|способ|спосіб|विकल्प|तरीका|الخيار|خيار|الحل|گزینه|راه|"
    r"ตัวเลือก|วิธีที่|phương án|cách)\s*"
    r"(?P<n>[0-9]+|[a-d](?![a-z])|one|two|three|[一二三四])(?![0-9])"
)
_OPTION = re.compile(rf"(?im)^[\s>#*_\-]*(?:\d+[.)]\s*)?[*_]*\s*{_OPTION_WORD}")
#: an option named in a sentence ("I'd go with Option B")
_OPTION_REF = re.compile(rf"(?i){_OPTION_WORD}")
_RECOMMENDED = re.compile(
    r"(?i)recommend|preferred|\bbest\b|\bsimplest\b|recomend|recomiend|consigliat|consiglio|"
    r"raccomand|conseill|empfohlen|empfehle|polecam|"
    r"önerilen|disarankan|direkomendasikan|추천|권장|推荐|建议|首选|おすすめ|推奨|"
    r"aanbevolen|zalecan|рекоменд|अनुशंसित|सुझाया|موصى|پیشنهاد|แนะนำ|khuyến nghị|khuyên dùng"
)


#: the answer announces a choice: "There are two ways to add a schedule", "两种方法"
_SEVERAL = re.compile(
    r"(?i)\b(?:two|three|several|a few|a couple of|[23])\s+(?:\w+\s+)?"
    r"(?:ways|options|approaches|alternatives|solutions)\b|"
    r"\b(?:dos|tres) (?:formas|opciones|maneras|soluciones)\b|"
    r"\bdeux (?:façons|options|solutions|manières)\b|\bzwei (?:Möglichkeiten|Wege|Optionen|Lösungen)\b|"
    r"\bduas (?:formas|opções|maneiras)\b|\bdue (?:modi|opzioni|soluzioni)\b|"
    r"два (?:способа|варианта)|[两兩二][种種个個](?:方法|办法|方案|做法|选择)|"
    r"[2２二]つの(?:方法|やり方|案)|두\s*가지\s*(?:방법|옵션)"
)
#: a heading line with a name of its own ("### Quick fix", "**Better fix (recommended):**")
_NAMED_HEAD = re.compile(r"(?m)^[ \t]*(?:#{1,6}[ \t]+([^\n#]+?)|\*\*([^*\n]+)\*\*[ \t]*:?)[ \t]*$")


def _option_of(blocks: list[Block]) -> list[tuple[str, bool] | None]:
    """For each block, the option heading it comes under (its label, whether the heading
    recommends it), or None before the first heading; a block without a heading in its
    prose stays in the option of the block before it. Headings with names of their own
    ("### Quick fix" / "### Better fix (recommended)") are options when the answer first
    says it offers several ways."""
    out: list[tuple[str, bool] | None] = []
    current: tuple[str, bool] | None = None
    first = blocks[0].prose if blocks else ""
    opening = first[: m.start()] if (m := _NAMED_HEAD.search(first)) else first
    named = bool(_SEVERAL.search(opening))
    for block in blocks:
        if block.line > 0:  # prose-only edits (line 0) are not under a heading
            heads = list(_OPTION.finditer(block.prose))
            if heads:
                m = heads[-1]
                line_end = block.prose.find("\n", m.end())
                heading = block.prose[m.start() : line_end if line_end >= 0 else None]
                current = (m["n"].lower(), bool(_RECOMMENDED.search(heading)))
            elif named and (names := list(_NAMED_HEAD.finditer(block.prose))):
                heading = names[-1].group(1) or names[-1].group(2)
                label = re.sub(r"\s*[(（][^)）]*[)）]|[:：]\s*$", "", heading).strip().lower()
                current = (label, bool(_RECOMMENDED.search(heading)))
        out.append(current if block.line > 0 else None)
    return out


#: words that pick one of the options ("I'd go with Option B", "我建议用方案二")
_CHOICE = re.compile(
    r"(?i)recommend|\bgo with\b|\bI(?:'d| would) (?:use|pick|choose|take|start with)|\bprefer|"
    r"\bbetter\b|\bbest\b|\bpick\b|\bchoose\b|recomiendo|recomendo|empfehle|je recommande|"
    r"consiglio|önerir|sarankan|추천|권장|建议|推荐|首选|おすすめ|推奨|рекомендую|советую|"
    r"je (?:vous |te )?conseille|aconsejo|aconselho|khuyên|\beu\s+(?:usaria|escolheria|iria\s+de)\b|"
    r"\byo\s+(?:usar[íi]a|elegir[íi]a)\b|\bj['’]utiliserais\b"
)
_ORDINALS = {"one": "1", "two": "2", "three": "3", "一": "1", "二": "2", "三": "3", "四": "4"}


def _chosen_in_prose(prose: str, labels: list[str]) -> str | None:
    """The one option the prose outside the headings picks, if it picks exactly one."""
    picked: set[str] = set()
    for m in _OPTION_REF.finditer(prose):
        line_start = prose.rfind("\n", 0, m.start()) + 1
        if prose[line_start : m.start()].strip(" \t>#*_-0123456789.)") == "" and re.match(
            r"[ \t]*(?:[:*_).\-–—(（：]|\n|$)", prose[m.end() :]
        ):
            continue  # a heading ("**Option A**:"), not a sentence about an option
        around = prose[max(0, m.start() - 40) : m.end() + 40]
        label = _ORDINALS.get(m["n"].lower(), m["n"].lower())
        if _CHOICE.search(around):
            picked |= {x for x in labels if _ORDINALS.get(x, x) == label}
    return picked.pop() if len(picked) == 1 else None


#: "Use the second one", "go with the latter", "I'd pick the first approach"
_ORDINAL_PICK = re.compile(
    r"(?i)\b(?:use|go with|pick|choose|take|prefer|apply|try)\s+the\s+"
    r"(?P<which>first|second|third|former|latter|last)\b(?:\s+(?:one|option|approach|way|snippet))?"
)
_POSITION = {"first": 0, "former": 0, "second": 1, "third": 2, "latter": -1, "last": -1}
#: an option's place in other languages, picked when a choice word is near it ("yo usaría
#: la segunda", "eu usaria a primeira", "我建议用第二种", "ich würde die zweite nehmen")
_PLACE_WORDS = re.compile(
    r"(?i)(?P<first>\b(?:primer[oa]?|primeir[oa]|premi[eè]re?|erste[nr]?|prim[oa]|birinci|ilk|"
    r"pertama|первы[йм]|перв(?:ая|ую|ого))\b|第一|一つ目|1つ目|첫\s*번째|前者)|"
    r"(?P<second>\b(?:segund[oa]|deuxi[eè]me|seconde|zweite[nr]?|second[oa]|ikinci|kedua|"
    r"второ[йм]|втор(?:ая|ую|ого))\b|第二|二つ目|2つ目|두\s*번째)|"
    r"(?P<latter>\b(?:[uú]ltim[oa]|derni[eè]re?|letzte[nr]?|последн(?:ий|юю|ем))\b|后者|後者)"
)


#: right after an option's place: at most an option's noun, then the clause ends ("la
#: segunda.", "第二种。", "die zweite Option:"), not "the last layer", "a second before"
_ENDS_CLAUSE = re.compile(
    r"(?i)\s*(?:opci[oó]n|op[cç][aã]o|option|variante|variant|one|approach|way|方案|种|種|"
    r"个|つ目|案|방법|вариант)?\s*(?:[.,:;!)?。！？：；，]|$)"
)


def _ordinal_pick(closing: str, labels: list[str]) -> str | None:
    """The option the closing words pick by its place ("Use the second one", "yo usaría
    la segunda": a word of choice before it, the clause ending right after it)."""
    found = {m["which"].lower() for m in _ORDINAL_PICK.finditer(closing)}
    for m in _PLACE_WORDS.finditer(closing):
        around = closing[max(0, m.start() - 40) : m.end()]
        if _CHOICE.search(around) and _ENDS_CLAUSE.match(closing, m.end()):
            found.add(next(k for k, v in m.groupdict().items() if v))
    if len(found) != 1:
        return None
    at = _POSITION[found.pop()]
    return labels[at] if -len(labels) <= at < len(labels) else None


def mark_options(blocks: list[Block]) -> bool:
    """Several options under headings ("Option 1 (recommended)" / "Option 2"): every block
    of the recommended one (else the first) is kept, the others become suggestions, so two
    options are never mixed. False when the answer offers no such choice."""
    options = _option_of(blocks)
    labels: list[str] = []
    recommended: list[str] = []
    for block, opt in zip(blocks, options, strict=True):
        if opt is None or block.kind == "suggestion":
            continue
        if opt[0] not in labels:
            labels.append(opt[0])
        if opt[1] and opt[0] not in recommended:
            recommended.append(opt[0])
    if len(labels) < 2:
        return False
    closing = blocks[0].prose + "\n\n" + blocks[-1].after
    said = _chosen_in_prose(closing, labels) or _ordinal_pick(blocks[-1].after, labels)
    chosen = recommended[0] if len(recommended) == 1 else said or labels[0]
    for block, opt in zip(blocks, options, strict=True):
        if opt is not None and opt[0] != chosen and block.kind != "suggestion":
            block.kind = "suggestion"
            block.note = f"option {opt[0]}, an alternative to option {chosen}: not applied"
    return True


def unchosen_options(answer_text: str) -> list[tuple[int, int]]:
    """The spans of ``answer_text`` under the headings of options its prose does not pick
    ("**Option A — ...**" ... "Je vous conseille **l'option B**"): each from its heading to
    the next option's heading; none when the answer picks no one option."""
    heads = list(_OPTION.finditer(answer_text))
    labels = [h["n"].lower() for h in heads]
    if len(heads) < 2 or len(set(labels)) != len(labels):
        return []
    chosen = _chosen_in_prose(answer_text, labels)
    if chosen is None:
        return []
    ends = [h.start() for h in heads[1:]] + [len(answer_text)]
    return [
        (h.start(), end)
        for h, end, label in zip(heads, ends, labels, strict=True)
        if label != chosen and end != len(answer_text)
    ]
