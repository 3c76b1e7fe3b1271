"""A setting named in words rather than quoted: "Then, lower the learning rate to 1e-4",
"set the number of epochs to 20", "reduce the batch size to 16".

Bridges the words of such a sentence and the script's own names for settings: both are
read as a signature of words (``learning rate``, ``lr`` and ``LEARNING_RATE`` are one), and
:func:`gptfix.llm.settings.set_value` sets the one literal the script writes under a name
with that signature. Only requests are read: the verb opens its sentence or clause, no
condition or "later" goes with it, and the value is a number. :func:`worded_blocks` keeps
those no other block reads; :func:`one_reading` makes a bare value change read from the same
words as a setting ("cambia `batch_size` de `32` a `16`") the setting's fallback.
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block
from gptfix.llm.prose_setting import setting_filters_pass

_VERB = (
    r"(?:set|change|increase|raise|bump|lower|decrease|reduce|double|halve|"
    r"setze|[äa]ndere|erh[öo]he|verringere|reduziere|senke|"
    r"cambia|aumenta|baja|sube|reduce|pon|change[zr]|augmente[zr]|diminue[zr]|baisse[zr]|"
    r"r[ée]dui(?:s|sez)|mets|passe[zr]?|aumente|diminua|reduza|mude|altere|defina|"
    r"naikkan|turunkan|tingkatkan|kurangi|ubah|atur|tăng|giảm|đặt|zwiększ|zmniejsz|ustaw)"
)
_OPENING = (
    r"(?:^|(?<=[.!?:;\n])\s*|,\s*|\b(?:and|also|then|next|finally|now|so|sekalian|lalu|dan)\s+|"
    r"(?:\*\*|__)?(?:first|then|next|finally|also|lastly|zuerst|dann|danach|ensuite|enfin|"
    r"luego|despu[ée]s|primero|depois|primeiro)(?:\*\*|__)?,?\s+)"
)
#: "Setze danach die Lernrate ...", "set also the ..."
_SOON = (
    r"(?:(?:danach|dann|auch|noch|also|then|now|ensuite|aussi|luego|tambi[ée]n|tamb[ée]m|juga)\s+)?"
)
_DET = r"(?:(?:the|your|its|den|die|das|deine[nr]?|la|le|el|tu|ton|votre|o|a|seu|sua)\s+)?"
_WORDS = r"(?P<words>[^\W\d_`]+(?:[ -][^\W\d_`]+){0,3}?)"
_VALUE = r"(?P<value>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)"
_FROM = r"(?:\s+(?:from|von|de|da|dari|từ|z)\s+\S{1,12})?"
_WORDED = re.compile(
    rf"(?i){_OPENING}(?P<verb>{_VERB})\s+{_SOON}{_DET}{_WORDS}(?:-nya)?{_FROM}(?:\s+(?:up|down))?\s+"
    rf"(?:to|auf|a|à|para|ke|menjadi|jadi|lên|xuống|thành|do|na)\s+{_VALUE}(?=[\s.,;!)]|$)"
)
#: "use a batch size of 64", "with a learning rate of 3e-4"
_OF_VALUE = re.compile(
    rf"(?i){_OPENING}(?P<verb>use|try|pick|choose|with|nimm|verwende|utilise[zr]?|usa|use)\s+"
    rf"(?:an?\s+|eine[nr]?\s+|une?\s+|um|uma\s+)?{_WORDS}\s+(?:of|von|de)\s+{_VALUE}(?=[\s.,;!)]|$)"
)
#: "train for 10 epochs (instead of 2)", "entrena 10 épocas", "trainiere 10 Epochen"
_TRAIN_FOR = re.compile(
    rf"(?i){_OPENING}(?P<verb>train|run|fit|entrena|trainiere|entra[iî]ne[zr]?|treine)\s+"
    rf"(?:(?:it|the model|das Modell|le mod[eè]le|el modelo|o modelo)\s+)?(?:for\s+|durante\s+|pendant\s+|por\s+)?"
    rf"{_VALUE}\s+(?P<words>epochs|Epochen|[ée]pocas|[ée]poques)\b"
)
#: "... and the learning rate to 5e-4": another setting under the same verb
_AND_WORDED = re.compile(
    rf"(?i)(?:,\s*(?:and\s+)?|\s+(?:and|und|et|y|e)\s+){_DET}{_WORDS}(?:\s+(?:up|down))?\s+"
    rf"(?:to|auf|à|a|para)\s+{_VALUE}(?=[\s.,;!)]|$)"
)
#: words a sentence may say that name no setting: "set it to 5", "change this to 0.1"
_NOT_A_NAME = frozenset("it this that them es ihn lo la le ele ela isso".split())
#: how names shorten words: ``lr`` is the learning rate, ``bs`` the batch size
_SHORT = {
    "lr": ("learning", "rate"),
    "bs": ("batch", "size"),
    "wd": ("weight", "decay"),
    "img": ("image",),
    "imgs": ("image",),
    "epoch": ("epochs",),
    "batch": ("batch", "size"),
    "lernrate": ("learning", "rate"),
    "epochen": ("epochs",),
    "epocas": ("epochs",),
    "épocas": ("epochs",),
    "époques": ("epochs",),
    "epoques": ("epochs",),
    "batchgröße": ("batch", "size"),
    "batchgrösse": ("batch", "size"),
    "batchsize": ("batch", "size"),
}
#: words that name no part of a setting: articles, "number of", "size", "rate", "value"
_FILLER = frozenset(
    "num n number of the total no nb count size rate value constant setting parameter "
    "de del du des da do la le el der die das taille tamaño tamanho größe grösse".split()
)


#: the script's name of the setting said right after its value: "in your `LR` constant",
#: "dans ta constante `THRESHOLD_PERCENTILE`", "en `CFG.epochs`"
_NAMED_AFTER = re.compile(
    r"(?i)\s+(?:in|inside|dans|en|im|in der|in dem|no|na|nel|nella|di|в)\s+"
    r"(?:(?:the|your|ta|ton|votre|tu|la|el|deine[rmn]?|der|dem|a|o|seu|sua)\s+)?"
    r"(?:(?:constant|constante|Konstante|variable|variabel|setting|config)\s+)?"
    r"`(?P<name>[A-Za-z_][\w.]*)`"
)


def worded_settings(prose: str) -> list[Block]:
    """Each "lower the learning rate to 1e-4" of ``prose`` as a ``setting`` block named by
    its words (``worded``)."""
    out = []
    for pattern in (_WORDED, _OF_VALUE, _TRAIN_FOR):
        for m in pattern.finditer(prose):
            words = m["words"].lower()
            if words.split()[0] in _NOT_A_NAME or not setting_filters_pass(prose, m):
                continue
            said = prose[m.start("verb") : m.end()]
            named = _NAMED_AFTER.match(prose, m.end())
            if named is not None:  # "... à 99 dans ta constante `THRESHOLD_PERCENTILE`"
                said = prose[m.start("verb") : named.end()]
                out.append(Block("setting", named["name"], replace=m["value"], prose=said))
                continue
            out.append(Block("setting", words, replace=m["value"], prose=said, worded=True))
            more = _AND_WORDED.match(prose, m.end()) if pattern is _WORDED else None
            while more is not None and more["words"].split()[0].lower() not in _NOT_A_NAME:
                out.append(
                    Block(
                        "setting",
                        more["words"].lower(),
                        replace=more["value"],
                        prose=more.group(0).strip(" ,"),
                        worded=True,
                    )
                )
                more = _AND_WORDED.match(prose, more.end())
    return out


def signature(name: str) -> frozenset[str]:
    """The words a setting's name or description stands for, without fillers:
    ``LEARNING_RATE``, ``lr`` and "learning rate" give one signature."""
    parts = [
        x
        for chunk in re.split(r"[\W_]+", name)
        for x in (
            re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", chunk) if chunk.isascii() else [chunk]
        )
    ]
    words: list[str] = []
    for part in (p.lower() for p in parts):
        words.extend(_SHORT.get(part, (part,)))
    return frozenset(w for w in words if w not in _FILLER)


def one_reading(blocks: list[Block]) -> list[Block]:
    """A bare value change ("change `32` to `16`") read from the same words as a setting
    ("cambia `batch_size` de `32` a `16`") comes right after the setting, as its fallback:
    made only when the setting could not be (the setting says where)."""
    out = list(blocks)
    for b in blocks:
        if b.kind != "inline" or b.line > 0 or not _LITERAL.fullmatch((b.search or "").strip()):
            continue
        same = [
            s
            for s in out
            if s.kind == "setting"
            and s.line <= 0
            and s.replace == (b.replace or "").strip()
            and s.prose in b.text
        ]
        if same:
            out.remove(same[0])
            out.insert(out.index(b), same[0])
            b.fallback = True
    return out


_LITERAL = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?")


def worded_blocks(prose: str, blocks: list[Block], codes: str) -> list[Block]:
    """The settings ``prose`` names in words ("lower the learning rate to 1e-4") that no
    other block reads from the same sentence and no code of the answer writes."""
    taken = [b.prose for b in blocks if b.line <= 0 and b.prose]
    numbers = set(re.findall(r"(?<![\w.])\d[\d.eE+-]*", codes))
    return [
        b
        for b in worded_settings(prose)
        if b.replace not in numbers and not any(_overlap(b.prose, t) for t in taken)
    ]


def _overlap(a: str, b: str) -> bool:
    return a in b or b in a
