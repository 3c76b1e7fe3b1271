"""What a rule sees and what it returns: the context of one failure in one script.

Bridges a located :class:`~gptfix.model.Failure` (message, frames, runtime facts) and
the script's structure (its parsed :class:`~gptfix.repair.rules.text.Source`) for the
rule functions, and turns their patched texts into :class:`~gptfix.model.Fix` objects.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from gptfix.edits import parses
from gptfix.index import Origin, ScriptIndex, build_index
from gptfix.index.provenance import Provenance
from gptfix.model import Applicability, Failure, Fix, Script
from gptfix.repair.rules.text import Source
from gptfix.runner.probe import Probe
from gptfix.values import ValueFact, ValueTrace

SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE
SUGGESTION = Applicability.SUGGESTION


@dataclass
class RuleContext:
    """One failure of one script, as the rules see it."""

    script: Script
    failure: Failure
    src: Source
    python: str | None = None  #: the user's interpreter, for probes
    _probe: Probe | None = field(default=None, repr=False)

    @cached_property
    def message(self) -> str:
        """The failure's message plus its chained causes' messages and the traceback text."""
        parts = [self.failure.message]
        parts += [c.message for c in self.failure.causes]
        if self.failure.text:
            parts.append(self.failure.text)
        return "\n".join(p for p in parts if p)

    @cached_property
    def user_lines(self) -> list[int]:
        """Lines of this script in the failure's frames, innermost first."""
        out: list[int] = []
        me = _norm(self.script.path)
        loc = self.failure.location
        if loc and _norm(loc.path) == me:
            out.append(loc.line)
        frames = list(self.failure.frames) + [f for c in self.failure.causes for f in c.frames]
        for fr in reversed(frames):
            paths = {_norm(fr.local_path) if fr.local_path else "", _norm(fr.file)}
            if (me in paths or fr.file == "<string>" and fr.is_user) and fr.line not in out:
                out.append(fr.line)
        if not out:
            for fr in reversed(frames):
                if fr.is_user and fr.line not in out:
                    out.append(fr.line)
        return [n for n in out if 0 < n <= len(self.src.lines)]

    @cached_property
    def index(self) -> ScriptIndex:
        """The program model of the script (config, provenance, the Keras graph)."""
        if self.src.text == self.script.text:
            return self.src.index
        return build_index(self.script.text, str(self.script.path))

    def defined_int(self, node: ast.expr) -> Origin | None:
        """Where the integer ``node`` evaluates to is written (a literal, a constant, a
        config value, followed through names and parameters), or None when the trace does
        not end at an integer literal."""
        found = self.index.origin(node)
        if found is None or found.span is None or not isinstance(found.number, int):
            return None
        return found

    @cached_property
    def provenance(self) -> Provenance:
        return Provenance(self.index)

    @property
    def trace(self) -> ValueTrace | None:
        """What the failing run saw at each assignment (None for a failure from a log)."""
        return self.failure.trace

    def traced(self, name: str, before: int | None = None) -> ValueFact | None:
        """The last value the trace recorded for variable ``name`` (before line ``before``)."""
        if self.trace is None:
            return None
        hits = [
            (line, f)
            for line, f in self.trace.of(name, self.script.path)
            if before is None or line < before
        ]
        return hits[-1][1] if hits else None

    @property
    def line(self) -> int | None:
        return self.user_lines[0] if self.user_lines else None

    @property
    def probe(self) -> Probe:
        if self._probe is None:
            self._probe = Probe(self.python, import_statements(self.src))
        return self._probe

    def search(self, pattern: str, flags: int = 0) -> re.Match[str] | None:
        return re.search(pattern, self.message, flags)

    def is_type(self, *names: str) -> bool:
        types = {self.failure.type.rsplit(".", 1)[-1]} | {
            c.type.rsplit(".", 1)[-1] for c in self.failure.causes
        }
        return bool(types & set(names))

    def nodes_on_user_lines(self, kind: type[ast.AST]) -> list[ast.AST]:
        """Nodes of ``kind`` starting on the failure's user lines, innermost frame first."""
        out: list[ast.AST] = []
        for ln in self.user_lines:
            for node in self.src.walk():
                if isinstance(node, kind) and node.lineno <= ln <= (node.end_lineno or 0):  # type: ignore[attr-defined]
                    out.append(node)
        return out

    def fix(
        self,
        rule_id: str,
        title: str,
        new_text: str | None,
        applicability: Applicability = UNSAFE,
        evidence: list[str] | None = None,
    ) -> list[Fix]:
        """A one-element list with the fix, or [] when it changes nothing or does not parse."""
        if not new_text or new_text == self.script.text or parses(new_text) is not None:
            return []
        return [
            Fix(
                title=title,
                new_text=new_text,
                origin=f"rule:{rule_id}",
                applicability=applicability,
                evidence=list(evidence or []),
            )
        ]


def _norm(path: str | Path | None) -> str:
    if not path:
        return ""
    try:
        return str(Path(path).resolve())
    except (OSError, ValueError):
        return str(path)


def import_statements(src: Source) -> list[str]:
    """The script's import statements (any depth) as standalone source lines."""
    out = []
    for node in src.walk():
        if isinstance(node, ast.Import | ast.ImportFrom) and getattr(node, "level", 0) == 0:
            out.append(ast.unparse(node))
    return out


@dataclass(frozen=True)
class Rule:
    """A general repair mechanism: from a failure in context to zero or more fixes."""

    id: str
    family: str  #: "api", "loss", "shape", "names", "history", "dtype", "oom", "io"
    description: str
    propose: Callable[[RuleContext], list[Fix]]
