"""What applying an answer produced: the patched text or a refusal, edits, names reconciled.

Plain data shared by the applier and its placement helpers, with ``to_json`` for
``gptfix apply --json`` and the editors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from gptfix.edits import minimal_edits
from gptfix.llm.answer import Block
from gptfix.llm.patches import TextEdit


@dataclass
class NameChange:
    """A name of the answer replaced by the script's own, and why."""

    answer: str
    script: str
    evidence: str

    def to_json(self) -> dict[str, str]:
        return {"answer": self.answer, "script": self.script, "evidence": self.evidence}


@dataclass
class BlockReport:
    """What the applier did with one block of the answer."""

    number: int  #: 1-based position among the answer's blocks
    line: int  #: 1-based line of the answer where the block starts
    kind: str  #: the block's kind ("code", "diff", "search_replace", "suggestion", ...)
    status: str  #: "applied", "unchanged", "skipped" or "refused"
    detail: str  #: where it went, or why not

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "line": self.line,
            "kind": self.kind,
            "status": self.status,
            "detail": self.detail,
        }

    def describe(self) -> str:
        """One line for the CLI: ``block 2 (answer line 14, code): applied: ...``."""
        return f"block {self.number} (answer line {self.line}, {self.kind}): {self.status}: {self.detail}"


@dataclass
class ApplyResult:
    """The outcome of applying an answer: ``new_text`` or a ``refusal``, never both."""

    new_text: str | None
    edits: list[TextEdit] = field(default_factory=list)
    names: list[NameChange] = field(default_factory=list)
    suggestions: list[Block] = field(default_factory=list)
    refusal: str | None = None
    original: str = ""
    blocks: list[BlockReport] = field(default_factory=list)
    #: first lines of script statements removed on the answer's word (for the guards)
    removed: list[str] = field(default_factory=list)
    #: answer names several script names fit (left unmapped) -> those script names
    unclear_names: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.new_text is not None

    def to_json(self) -> dict[str, Any]:
        changes = (
            [e.to_json() for e in minimal_edits(self.original, self.new_text)]
            if self.new_text is not None
            else []
        )
        return {
            "applied": self.ok,
            "refusal": self.refusal,
            "edits": [
                {
                    "kind": e.kind,
                    "start_line": e.start_line,
                    "end_line": e.end_line,
                    "summary": e.summary,
                }
                for e in self.edits
            ],
            "changes": changes,
            "names": [n.to_json() for n in self.names],
            "blocks": [b.to_json() for b in self.blocks],
            "suggestions": [
                {"lang": b.lang, "text": b.text, "note": b.note} for b in self.suggestions
            ],
        }


def last_changed(before: str, after: str) -> int:
    """The 0-based line of ``after`` where the change from ``before`` ends (-1: none)."""
    ends = [
        max(j2 - 1, j1)
        for tag, _, _, j1, j2 in difflib.SequenceMatcher(
            a=before.split("\n"), b=after.split("\n"), autojunk=False
        ).get_opcodes()
        if tag != "equal"
    ]
    return max(ends, default=-1)


def changed_where(before: str, after: str) -> str:
    """Where a block changed the text, in the lines of the text after it."""
    spans = [
        (j1 + 1, j2) if j2 > j1 else (j1, j1)
        for tag, _, _, j1, j2 in difflib.SequenceMatcher(
            a=before.split("\n"), b=after.split("\n"), autojunk=False
        ).get_opcodes()
        if tag != "equal"
    ]
    if not spans:
        return (
            "placed once the other blocks are in: where the prose says, else before its first use"
        )
    parts = [
        f"line {a}" if a == b else f"lines {a}-{b}" if b > a else f"lines removed after {a}"
        for a, b in spans[:4]
    ]
    return "now " + ", ".join(parts)
