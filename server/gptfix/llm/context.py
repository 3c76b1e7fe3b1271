"""The context sent to an LLM for one failure: targeted slices of the script, ranked, trimmed.

Bridges a :class:`~gptfix.model.Failure`, the script's index (:mod:`gptfix.index`) and the
token budget (:mod:`gptfix.llm.budget`). Sections, most important first: the failure,
the failing statement inside its enclosing function, the traceback with library frames
collapsed, the runtime facts, the definitions the failing code uses, configuration
values, the model-building/compile/fit code, the imports, and a table of the names in
scope. Each code line is shown once (later sections skip lines already shown). Sections
are added in rank order; one that does not fit is cut down around its focus line, or
left out. A script small enough (a third of the budget) is sent whole instead of the
failing-code slice. Everything is redacted (secrets, home paths) before it is counted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gptfix.index import build_index
from gptfix.llm import prompts
from gptfix.llm.budget import TokenCounter, get_counter
from gptfix.llm.sections import (
    config_lines,
    dependencies,
    facts_text,
    failing_code,
    failure_text,
    imports_code,
    model_code,
    names_table,
    numbered,
    traceback_text,
)
from gptfix.model import Failure, Script
from gptfix.redact import redact

_MESSAGE_OVERHEAD = 8  #: tokens a chat request adds per message (role, separators)
#: scripts up to this share of the budget are sent whole instead of as slices
WHOLE_FILE_SHARE = 0.35

#: A section builder: given the script lines already shown, its text and the lines it shows.
SectionBuilder = Callable[[set[int]], tuple[str, list[int]]]


@dataclass
class Section:
    """One part of the context: its rendered text and token count."""

    name: str
    title: str
    text: str
    tokens: int = 0
    lines: list[int] = field(default_factory=list)  #: script lines (1-based) it shows
    trimmed: bool = False  #: cut down to fit the budget
    dropped: bool = False  #: left out: did not fit at all

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "tokens": self.tokens,
            "trimmed": self.trimmed,
            "dropped": self.dropped,
            "lines": _ranges(self.lines),
            "text": self.text if not self.dropped else "",
        }


@dataclass
class Context:
    """What would be sent: sections, the chat messages, and the token accounting."""

    sections: list[Section]
    budget: int
    counter: TokenCounter
    redactions: list[tuple[str, int]] = field(default_factory=list)
    system: str = prompts.SYSTEM  #: the system message (repair, or a change request)
    instructions: str = prompts.EDIT_FORMAT  #: closes the user message: the answer format

    @property
    def included(self) -> list[Section]:
        return [s for s in self.sections if not s.dropped]

    def user_message(self) -> str:
        parts = [f"## {s.title}\n{s.text}" for s in self.included]
        return "\n\n".join(parts + [self.instructions])

    def messages(self) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.system},
            {"role": "user", "content": self.user_message()},
        ]

    @property
    def total_tokens(self) -> int:
        return sum(self.counter.count(m["content"]) + _MESSAGE_OVERHEAD for m in self.messages())

    @property
    def script_lines(self) -> set[int]:
        return {line for s in self.included for line in s.lines}

    def to_json(self) -> dict[str, Any]:
        return {
            "budget": self.budget,
            "total_tokens": self.total_tokens,
            "tokenizer": self.counter.label,
            "exact": self.counter.exact,
            "redactions": [{"kind": k, "line": line} for k, line in self.redactions],
            "sections": [s.to_json() for s in self.sections],
            "messages": self.messages(),
        }


def build_context(
    script: Script,
    failure: Failure | None,
    budget: int,
    *,
    counter: TokenCounter | None = None,
    feedback: str | None = None,
    model: str = "gpt-4o-mini",
    whole_file_share: float = WHOLE_FILE_SHARE,
) -> Context:
    """The context for ``failure`` in ``script`` within ``budget`` tokens (whole request).

    A script whose text takes at most ``whole_file_share`` of the budget is sent whole
    (every name the fix may need is then in it); larger ones are sent as targeted slices.
    """
    counter = counter or get_counter(model)
    red = redact(script.text, script.path.parent)
    text = red.text
    lines = text.split("\n")
    index = build_index(text, str(script.path))
    line = _focus_line(failure, script)
    whole = counter.count(text) <= whole_file_share * budget
    builders: list[tuple[str, SectionBuilder]] = [
        ("failure", lambda shown: (failure_text(failure, lines, line), [])),
        (
            "script" if whole else "failing_code",
            lambda shown: failing_code(index, lines, line, shown, whole),
        ),
        ("traceback", lambda shown: (traceback_text(failure, script), [])),
        ("facts", lambda shown: (facts_text(failure), [])),
        ("dependencies", lambda shown: dependencies(index, lines, line, shown)),
        ("config", lambda shown: config_lines(index, lines, shown)),
        ("model", lambda shown: model_code(index, lines, shown)),
        ("imports", lambda shown: imports_code(index, lines, shown)),
        ("names", lambda shown: (names_table(index, line, shown), [])),
    ]
    if feedback:
        builders.insert(1, ("feedback", lambda shown: (redact(feedback).text, [])))
    ctx = Context([], budget, counter, red.removed)
    fill_sections(ctx, builders, lines, line)
    return ctx


def fill_sections(
    ctx: Context, builders: list[tuple[str, SectionBuilder]], lines: list[str], focus: int | None
) -> None:
    """Add the sections to ``ctx`` in rank order, trimming or dropping those over budget.

    Each code line is shown once: a builder gets the lines earlier sections showed. Titles
    come from :data:`gptfix.llm.prompts.SECTION_TITLES`.
    """
    counter, budget = ctx.counter, ctx.budget
    used = ctx.total_tokens
    shown: set[int] = set()
    for name, build in builders:
        body, shown_lines = build(shown)
        if not body.strip():
            continue
        sec = Section(name, prompts.SECTION_TITLES[name], body, lines=shown_lines)
        sec.tokens = counter.count(f"## {sec.title}\n{sec.text}\n\n")
        if used + sec.tokens > budget:
            _trim(sec, counter, budget - used, focus, lines)
        ctx.sections.append(sec)
        if not sec.dropped:
            used += sec.tokens
            shown.update(sec.lines)
    # counts of the parts can differ from the count of the whole by a few tokens: make sure
    while ctx.total_tokens > budget and len(ctx.included) > 1:
        ctx.included[-1].dropped = True


def _focus_line(failure: Failure | None, script: Script) -> int | None:
    if failure is None:
        return None
    if failure.location is not None:
        return failure.location.line
    user = [f for f in failure.frames if f.is_user]
    return user[-1].line if user else None


def _trim(
    sec: Section, counter: TokenCounter, room: int, focus: int | None, lines: list[str]
) -> None:
    """Cut ``sec`` to ``room`` tokens: code lines around the focus line, else leading lines."""
    if room < 20:
        sec.dropped = True
        return
    nums = list(sec.lines)
    body = sec.text.split("\n")
    total = len(nums) if nums else len(body)

    def cut(keep: int) -> tuple[str, list[int]]:
        if not nums:
            return "\n".join(body[:keep] + (["..."] if keep < len(body) else [])), []
        centre = nums.index(focus) if focus in nums else 0
        start = max(0, min(centre - keep // 2, len(nums) - keep))
        subset = nums[start : start + keep]
        return numbered(lines, subset), subset

    lo, hi, best = 1, total, 0
    while lo <= hi:  # binary search on the number of lines kept
        mid = (lo + hi) // 2
        if counter.count(f"## {sec.title}\n{cut(mid)[0]}\n\n") <= room:
            best, lo = mid, mid + 1
        else:
            hi = mid - 1
    if best < 2:
        sec.dropped = True
        return
    sec.text, sec.lines = cut(best)
    sec.tokens = counter.count(f"## {sec.title}\n{sec.text}\n\n")
    sec.trimmed = True


def _ranges(nums: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for n in nums:
        if out and n == out[-1][1] + 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return out
