"""The core vocabulary shared by the CLI, the language server and the pylsp plugin.

Plain dataclasses with ``to_json``/``from_json`` so results cross process and protocol
boundaries unchanged. No LSP types here: ``gptfix.lsp.convert`` maps these onto
lsprotocol. Positions are 1-based lines and 1-based columns counted in Unicode code
points (not UTF-8 bytes, not UTF-16 units), except :class:`Edit`, which uses 0-based
lines and columns like LSP (still in code points).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gptfix.values import ValueTrace


@dataclass
class Script:
    """A training script as the user has it now: path, text, document version."""

    path: Path  #: absolute path of the script on this machine
    text: str  #: the current text (may be an unsaved editor buffer)
    version: int | None = None  #: editor document version; None for files on disk

    @classmethod
    def read(cls, path: str | Path) -> Script:
        """Read a script from disk (UTF-8, BOM tolerated)."""
        p = Path(path).resolve()
        return cls(path=p, text=p.read_text(encoding="utf-8-sig"))


@dataclass
class Location:
    """A position in a local file: 1-based line, 1-based column in code points."""

    path: str
    line: int
    column: int = 1
    end_line: int | None = None  #: end of the failing expression when known (3.11+ carets)
    end_column: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Location:
        return cls(**d)


@dataclass
class Frame:
    """One traceback frame, as recorded or parsed, plus where it maps locally."""

    file: str  #: path as written in the traceback (may be another machine's path)
    line: int  #: 1-based
    function: str = "<module>"
    source: str | None = None  #: the source line text as shown in the traceback
    column: int | None = None  #: 1-based start column of the failing expression (3.11+)
    end_column: int | None = None  #: 1-based exclusive end column (3.11+)
    is_user: bool = False  #: True when the frame is in the user's own files (not a library)
    local_path: str | None = None  #: the local file it was mapped onto, when found

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Frame:
        return cls(**d)


@dataclass
class Cause:
    """An exception in the chain of a failure (``__cause__`` / ``__context__``)."""

    type: str
    message: str
    frames: list[Frame] = field(default_factory=list)
    relation: str = "cause"  #: "cause" (raise from) or "context" (during handling)

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "message": self.message,
            "frames": [f.to_json() for f in self.frames],
            "relation": self.relation,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Cause:
        return cls(
            type=d["type"],
            message=d["message"],
            frames=[Frame.from_json(f) for f in d.get("frames", [])],
            relation=d.get("relation", "cause"),
        )


@dataclass
class RootCause:
    """Where the value that crashed was made, when that is upstream of the crash line."""

    location: Location
    reason: str  #: one line: why this line, e.g. "X_train was reshaped here (line 14)"
    steps: list[str] = field(default_factory=list)  #: the provenance followed, "line: code"
    #: other lines of the same cause (where a value bound here was made so, the other side
    #: of a disagreement between the data and a declaration)
    also: list[Location] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "location": self.location.to_json(),
            "reason": self.reason,
            "steps": self.steps,
        }
        if self.also:
            d["also"] = [loc.to_json() for loc in self.also]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RootCause:
        also = [Location.from_json(a) for a in d.get("also") or [] if isinstance(a, dict)]
        return cls(
            Location.from_json(d["location"]), d.get("reason", ""), d.get("steps") or [], also
        )


@dataclass
class Failure:
    """An exception from a run or a log: what happened, where, and the runtime facts.

    ``type`` is the exception's class name as shown (``ValueError``,
    ``tensorflow.python.framework.errors_impl.ResourceExhaustedError`` is shortened to
    ``ResourceExhaustedError``); ``frames`` are outermost first, like a traceback;
    ``location`` is the innermost frame in the user's files, mapped onto a local path.
    ``facts`` holds what the boot hook captured (``locals``, ``versions``, ``devices``,
    ``memory``, ...); it is empty for failures parsed from a log.
    """

    type: str
    message: str
    frames: list[Frame] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    location: Location | None = None
    kind: str | None = None  #: coarse class: "oom", "syntax", "shape", "import", ... when known
    text: str | None = None  #: the traceback text it was parsed from, when parsed
    root_cause: RootCause | None = None  #: upstream line that made the failing value
    #: the value trace of the run that failed (not part of the JSON: the run result has it)
    trace: ValueTrace | None = field(default=None, repr=False, compare=False)

    @property
    def user_frames(self) -> list[Frame]:
        return [f for f in self.frames if f.is_user]

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "message": self.message,
            "location": self.location.to_json() if self.location else None,
            "frames": [f.to_json() for f in self.frames],
            "causes": [c.to_json() for c in self.causes],
            "facts": self.facts,
            "kind": self.kind,
            "root_cause": self.root_cause.to_json() if self.root_cause else None,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Failure:
        loc = d.get("location")
        root = d.get("root_cause")
        return cls(
            type=d["type"],
            message=d.get("message", ""),
            frames=[Frame.from_json(f) for f in d.get("frames", [])],
            causes=[Cause.from_json(c) for c in d.get("causes", [])],
            facts=d.get("facts") or {},
            location=Location.from_json(loc) if loc else None,
            kind=d.get("kind"),
            root_cause=RootCause.from_json(root) if root else None,
        )


class RunStatus(enum.StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    TIMEOUT = "timeout"


@dataclass
class RunResult:
    """The outcome of one run of a script (or of one log read): the ``--json`` contract."""

    status: RunStatus
    exit_code: int
    failure: Failure | None = None
    smoke: dict[str, Any] | None = None  #: {"capped": [...]} in smoke mode, else None
    duration_s: float | None = None
    build: dict[str, Any] | None = None  #: model summary recorded in build mode
    rounds: list[dict[str, Any]] | None = None  #: added by `run --fix`
    #: protections a sandboxed run got (see gptfix.runner.sandbox); None when not sandboxed
    sandbox: list[str] | None = None
    warm: bool = False  #: the run was forked from the warm worker (no interpreter start)
    trace: ValueTrace | None = None  #: the value trace of smoke/build runs

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "status": self.status.value,
            "exit_code": self.exit_code,
            "failure": self.failure.to_json() if self.failure else None,
            "smoke": self.smoke,
        }
        if self.duration_s is not None:
            d["duration_s"] = round(self.duration_s, 3)
        if self.build is not None:
            d["build"] = self.build
        if self.rounds is not None:
            d["rounds"] = self.rounds
        if self.sandbox is not None:
            d["sandbox"] = self.sandbox
        if self.trace is not None:
            d["trace"] = self.trace.to_json()
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> RunResult:
        fail = d.get("failure")
        return cls(
            status=RunStatus(d["status"]),
            exit_code=d["exit_code"],
            failure=Failure.from_json(fail) if fail else None,
            smoke=d.get("smoke"),
            duration_s=d.get("duration_s"),
            build=d.get("build"),
            rounds=d.get("rounds"),
            trace=ValueTrace.from_json(d["trace"]) if d.get("trace") else None,
        )


@dataclass
class Diagnosis:
    """A failure located in a document: what an editor shows as a diagnostic."""

    failure: Failure
    location: Location  #: where to draw it in the document
    message: str  #: one paragraph: "ErrorType: message" plus the key runtime facts
    related: list[Location] = field(default_factory=list)  #: the other user frames
    code: str = ""  #: the exception type, used as the diagnostic code
    root_cause: RootCause | None = None  #: upstream line that made the failing value


class Applicability(enum.StrEnum):
    """How safe a fix is to apply without reading it (as ruff grades its fixes)."""

    #: Keeps the script's meaning except for the bug; may be applied without review.
    SAFE = "safe"
    #: Changes behaviour beyond the bug (e.g. halving the batch size); review first.
    UNSAFE = "unsafe"
    #: Advice only: shown to the user, carries no edit that gptfix applies on its own.
    SUGGESTION = "suggestion"


@dataclass
class Edit:
    """Replace the text between two positions (0-based line, 0-based code-point column)."""

    start_line: int
    start_col: int
    end_line: int
    end_col: int
    new_text: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Verification:
    """What verification found for a fix."""

    verified: bool  #: True only when every stage passed and the failure is gone
    #: stages passed, e.g. ["parse", "names", "build", "smoke"]
    stages: list[str] = field(default_factory=list)
    reason: str | None = None  #: why it failed, one line
    new_failure: Failure | None = None  #: the failure the patched script hit, if any
    #: protections the verification runs got (e.g. "no-network", "folder-read-only")
    protections: list[str] = field(default_factory=list)
    #: what the static screen found the change would do; set when it was not run for that
    unsafe: list[str] = field(default_factory=list)
    #: the last run of the patched text (the rerun a fix loop can reuse); not serialised
    run: RunResult | None = field(default=None, repr=False, compare=False)
    #: the build-mode summary of the patched model (layers, shapes, params), when built
    build: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "verified": self.verified,
            "stages": self.stages,
            "reason": self.reason,
            "new_failure": self.new_failure.to_json() if self.new_failure else None,
            "protections": self.protections,
            "unsafe": self.unsafe,
        }


@dataclass
class Fix:
    """A proposed change to the script: title, the patched text, where it came from.

    ``new_text`` is the whole patched script; :func:`gptfix.edits.minimal_edits` turns it
    into minimal edits for editors. Nothing reaches the user's file unless
    ``verification.verified`` (or the user explicitly asks for an unverified one).
    """

    title: str
    new_text: str
    origin: str  #: "rule:<id>", "recipe:<id>" or "llm:<model>"
    applicability: Applicability = Applicability.UNSAFE
    evidence: list[str] = field(default_factory=list)  #: facts the fix was decided on
    verification: Verification | None = None
    id: str = ""  #: stable id within a diagnosis (e.g. the rule id plus a counter)
    #: the same change in other documents (a notebook's other cells in an editor):
    #: document uri -> (its text the change was made against, its new text)
    other_documents: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def verified(self) -> bool:
        return bool(self.verification and self.verification.verified)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "origin": self.origin,
            "applicability": self.applicability.value,
            "evidence": self.evidence,
            "verified": self.verified,
            "verification": self.verification.to_json() if self.verification else None,
        }
