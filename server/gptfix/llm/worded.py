"""A setting named in words rather than quoted: "Then, lower the learning rate to 1e-4",
"set the number of epochs to 20", "reduce the batch size to 16".

Bridges the words of such a sentence and the script's own names for settings: both are
read as a signature of words (``learning rate``, ``lr`` and ``LEARNING_RATE`` are one), and
:func:`gptfix.llm.settings.set_value` sets the one literal the script writes under a name
with that signature. Only requests are read: the verb opens its sentence or clause, no
condition or "later" goes with it, and the value is a number.
"""

from __future__ import annotations

import re

from gptfix.llm.blocks import Block
from gptfix.llm.prose_setting import setting_filters_pass

_VERB = (
    r"(?:set|change|increase|raise|bump|lower|decrease|reduce|double|halve|"
    r"setze|[äa]ndere|erh[öo]he|verringere|reduziere|senke|"
    r"cambia|aumenta|baja|sube|reduce|pon|change[zr]|augmente[zr]|diminue[zr]|baisse[zr]|"
    r"r[ée]dui(?:s|sez)|mets|aumente|diminua|reduza|mude|altere|defina)"
)
_OPENING = (
    r"(?:^|(?<=[.!?:;\n])\s*|,\s*|\b(?:and|also|then|next|finally|now|so)\s+|"
    r"(?:\*\*|__)?(?:first|then|next|finally|also|lastly|zuerst|dann|danach|ensuite|enfin|"
    r"luego|despu[ée]s|primero|depois|primeiro)(?:\*\*|__)?,?\s+)"
)
#: "Setze danach die Lernrate ...", "set also the ..."
_SOON = r"(?:(?:danach|dann|auch|noch|also|then|now|ensuite|aussi|luego|tambi[ée]n|tamb[ée]m)\s+)?"
_DET = r"(?:(?:the|your|its|den|die|das|deine[nr]?|la|le|el|tu|ton|votre|o|a|seu|sua)\s+)?"
_WORDS = r"(?P<words>[^\W\d_`]+(?:[ -][^\W\d_`]+){0,3}?)"
_VALUE = r"(?P<value>(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)"
_FROM = r"(?:\s+(?:from|von|de|da)\s+\S{1,12})?"
_WORDED = re.compile(
    rf"(?i){_OPENING}(?P<verb>{_VERB})\s+{_SOON}{_DET}{_WORDS}{_FROM}(?:\s+(?:up|down))?\s+"
    rf"(?:to|auf|a|à|para)\s+{_VALUE}(?=[\s.,;!)]|$)"
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
}
_FILLER = frozenset(
    "num n number of the total no nb count size rate value constant setting parameter".split()
)


def worded_settings(prose: str) -> list[Block]:
    """Each "lower the learning rate to 1e-4" of ``prose`` as a ``setting`` block named by
    its words (``worded``)."""
    out = []
    for m in _WORDED.finditer(prose):
        words = m["words"].lower()
        if words.split()[0] in _NOT_A_NAME or not setting_filters_pass(prose, m):
            continue
        said = prose[m.start("verb") : m.end()]
        out.append(Block("setting", words, replace=m["value"], prose=said, worded=True))
    return out


def signature(name: str) -> frozenset[str]:
    """The words a setting's name or description stands for, without fillers:
    ``LEARNING_RATE``, ``lr`` and "learning rate" give one signature."""
    parts = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", name)
    words: list[str] = []
    for part in (p.lower() for p in parts):
        words.extend(_SHORT.get(part, (part,)))
    return frozenset(w for w in words if w not in _FILLER)
