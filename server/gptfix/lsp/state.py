"""What the server remembers per document: located failures, their fixes, recipe matches.

Plain data (no pygls): a :class:`Finding` is one failure from a run or a log, located
in a document, with the text it was located against (so it can follow the user's
edits) and the fixes computed for it in the background with their verification state.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from typing import Any

from gptfix.model import Diagnosis, Failure, Fix, RunResult

_COUNTER = itertools.count(1)


def new_key() -> str:
    return f"f{next(_COUNTER)}"


class FixState:
    """Where the background work for a finding's fixes stands."""

    PENDING = "pending"  #: candidates not computed yet
    VERIFYING = "verifying"  #: candidates known, verification running
    READY = "ready"  #: every candidate has its verification result
    UNAVAILABLE = "unavailable"  #: the repair engine is missing or failed


@dataclass
class Finding:
    """A failure located in a document, and what gptfix knows how to do about it."""

    key: str  #: stable id, carried in the diagnostic's data
    uri: str
    failure: Failure
    diagnosis: Diagnosis
    text: str  #: the document text the failure was located against
    version: int | None
    first_line: int  #: 0-based lines of the diagnostic range in ``text``
    last_line: int
    diagnostic: Any = None  #: the lsprotocol Diagnostic as published for ``text``
    result: RunResult | None = None
    fixes: list[Fix] = field(default_factory=list)
    fix_state: str = FixState.PENDING
    fix_note: str | None = None  #: why fixes are unavailable, one line
    cancel: threading.Event = field(default_factory=threading.Event)  #: stops its verification
    #: a notebook cell's finding: the program that ran (``failure``'s lines are its lines)
    program: str | None = None


@dataclass
class DocState:
    """Per-URI state: findings, the debounce timer, cached recipe matches."""

    findings: list[Finding] = field(default_factory=list)
    timer: Any = None  #: asyncio.TimerHandle of the pending debounced update
    recipes_version: int | None = None
    recipes: list[Any] = field(default_factory=list)  #: RecipeMatch objects for that version
    index: Any = None  #: the last ScriptIndex that parsed (the model code's lines for "Ask AI")
    syntax_error: str | None = None  #: why the last text did not parse, if it did not
    #: a notebook cell's place in its notebook's program, whose ``index`` it holds:
    #: (the cell's header line there, its line count); None for a script
    cell_lines: tuple[int, int] | None = None

    def model_lines(self, model_of: Any) -> set[int]:
        """``model_of(index)`` (lines of the indexed text) as lines of this document."""
        lines: set[int] = model_of(self.index)
        if self.cell_lines is None:
            return lines
        header, count = self.cell_lines
        return {n - header for n in lines if 0 < n - header <= count}


class Store:
    """All documents' state, safe to read from handlers while workers update it."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.docs: dict[str, DocState] = {}

    def doc(self, uri: str) -> DocState:
        with self.lock:
            return self.docs.setdefault(uri, DocState())

    def finding(self, uri: str, key: str) -> Finding | None:
        with self.lock:
            for f in self.doc(uri).findings:
                if f.key == key:
                    return f
        return None

    def replace(self, uri: str, findings: list[Finding]) -> None:
        """Make ``findings`` the document's findings; stop work on the ones they replace."""
        with self.lock:
            state = self.doc(uri)
            old, state.findings = state.findings, findings
        for f in old:
            if f not in findings:
                f.cancel.set()

    def forget(self, uri: str) -> None:
        with self.lock:
            state = self.docs.pop(uri, None)
        if state is None:
            return
        if state.timer is not None:
            state.timer.cancel()
        for f in state.findings:
            f.cancel.set()
