"""What an answer is made of once parsed: its blocks, each with the prose before it."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    #: the call or function a prose change is said in ("In `model.fit`, change `y` to
    #: `y_oh`"): the change is made there only
    scope: str = ""
    #: a setting named in words ("the learning rate"), not as the script spells it
    worded: bool = False
    #: made only when the block before it (a setting read from the same words) was not
    fallback: bool = False


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
