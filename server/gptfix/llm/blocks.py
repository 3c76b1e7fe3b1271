"""What an answer is made of once parsed: its blocks, each with the prose before it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: a list item's first line ("1. ", "- ", "**2)** ")
_LIST_ITEM = re.compile(r"^\s*(?:\*\*)?(?:\d+[.)]|[-*•](?=\s))")

#: a paragraph that is one quoted line only: part of the sentence around it
_ALONE = re.compile(r"`[^`\n]+`[.:,;]?")


def introducing(prose: str) -> str:
    """The text that introduces the block after ``prose``: its last paragraph (a quoted line
    set apart in a paragraph of its own belongs to the sentence around it), or, when that
    paragraph is a list, its last item (an earlier item's place is not the block's)."""
    paragraphs: list[str] = []
    alone = False  # the part before was a quoted line on its own
    for part in (x.strip() for x in prose.strip().split("\n\n")):
        if paragraphs and (alone or _ALONE.fullmatch(part)):
            paragraphs[-1] += " " + part  # "Right after the line\n\n`x = f(x)`\n\nadd:"
        else:
            paragraphs.append(part)
        alone = bool(_ALONE.fullmatch(part))
    paragraph = _from_next_step(paragraphs[-1] if paragraphs else "")
    rows = paragraph.split("\n")
    starts = [i for i, row in enumerate(rows) if _LIST_ITEM.match(row)]
    if len(starts) < 2:
        return paragraph
    # the last item of the list's own level (a nested item belongs to its parent), after
    # the line that opens the list, if any ("Right after `fit`, add:" above its items)
    level = min(len(rows[i]) - len(rows[i].lstrip()) for i in starts)
    last = max(i for i in starts if len(rows[i]) - len(rows[i].lstrip()) == level)
    return "\n".join(rows[: starts[0]] + rows[last:]) if last != starts[0] else paragraph


#: a sentence that opens the next step ("Then the end of `main()` becomes:", "次に")
_NEXT_STEP = re.compile(
    r"(?i)(?<=[.!?。！？])\s*(?=(?:then|next|after that|dann|danach|luego|despu[ée]s|ensuite|"
    r"puis|poi|depois|potem|następnie|затем|потом)\b|然后|接着|次に|その後|그 다음|그리고 나서)"
)


def _from_next_step(paragraph: str) -> str:
    """The paragraph from its last sentence that opens a new step, when one follows a
    sentence of the block before ("Put it right after `f`. Then `main()` becomes:")."""
    cuts = [m.end() for m in _NEXT_STEP.finditer(paragraph)]
    return paragraph[cuts[-1] :] if cuts else paragraph


@dataclass
class Block:
    """One fenced (or bare) block of an answer."""

    #: "search_replace", "diff", "code", "pair", "inline", "keyword", "setting", "remove",
    #: "move" or "suggestion"
    kind: str
    text: str  #: the block's body, dedented
    lang: str = ""  #: the fence's info string
    line: int = 0  #: 1-based line of the answer where the block starts
    prose: str = ""  #: the prose between the previous block and this one
    search: str | None = None  #: SEARCH text (search_replace only)
    replace: str | None = None  #: REPLACE text (search_replace only)
    note: str = ""  #: why a block is a suggestion
    after: str = ""  #: the prose between this block and the next one (or the answer's end)
    until_last: bool = False  #: a pair over a run of statements: to the last one quoted
    #: an inline change said to apply to every occurrence ("on all three lines"): how many
    #: the prose counts (0: "all" with no number), None for one occurrence
    every: int | None = None
    #: a "remove" said as "comment out": the statement stays, as a comment
    comment: bool = False
    #: a keyword for "the final `Dense`" / "the first `Conv2D`": "last" or "first" of the
    #: script's calls of that function
    which: str = ""
    #: a keyword said to go next to another of the call's ("放在 `verbose=2` 前面", "before
    #: `verbose=2`"): ``-verbose`` before it, ``+verbose`` after it
    beside: str = ""
    #: the call or function a prose change is said in ("In `model.fit`, change `y` to
    #: `y_oh`"): the change is made there only
    scope: str = ""
    #: a pair shown with no word for which side is the script's ("`new`" / "`old`"): the
    #: side the script has is the one replaced
    either_way: bool = False
    #: a setting named in words ("the learning rate"), not as the script spells it
    worded: bool = False
    #: 0-based line of the script, as the blocks before it left it, where the block right
    #: before this one ended its change (-1: none, or the prose says which one it means):
    #: steps go down the script, so of several equal places the first after it is meant
    follows: int = -1
    #: made only when the block before it (a setting read from the same words) was not
    fallback: bool = False
    #: the prose of an earlier block this one replaces "instead" (that block taken back):
    #: where that block was said to go, when this block's own words only point at it
    in_place_of: str = ""
    #: the statements a traceback the answer quotes shows (``ast.dump`` of each frame's
    #: line): of several alike script statements, the one that failed
    traced: frozenset[str] = frozenset()
    #: the inputs of a session transcript that printed nothing: code only where it
    #: re-pastes the script's statements, else a session that was read
    session: bool = False


@dataclass
class ParsedAnswer:
    blocks: list[Block] = field(default_factory=list)
    prose: str = ""  #: all text outside blocks

    @property
    def edit_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind != "suggestion"]

    @property
    def suggestions(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "suggestion"]
