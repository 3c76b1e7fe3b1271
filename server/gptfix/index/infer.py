"""Type inference and cross-file definitions for a script, through jedi, under a deadline.

Bridges the fast ``ast`` index (:mod:`gptfix.index.script`, which knows where each name is
bound) and jedi, which knows what the values are (``model`` is a ``keras...Model``,
``train_ds`` a ``tensorflow...DatasetV2``) and where an imported name is defined, including
in the user's own modules next to the script. jedi runs the *user's* interpreter in a
subprocess to read its installed packages (that interpreter does not need jedi), so nothing
here imports TensorFlow or Keras.

jedi is slow the first time (about 0.3-1 s per query cold, several seconds for a value built
deep inside Keras), so it is never part of the per-keystroke index: callers ask for it with a
deadline. jedi runs on one worker thread (:mod:`gptfix.index.jedi_worker`); a caller waits
at most ``deadline`` seconds and gets what was inferred by then (a name cut short is tried
last the next time, so one slow value does not hide the others). Answers are kept per
(interpreter, script path, text hash), so asking again about the same text is instant. Nothing here raises for bad input or a
jedi failure: the answer is then empty, and the reason is logged at debug level.
"""

from __future__ import annotations

import keyword
import logging
import sys
import time
import tokenize
from collections.abc import Sequence
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from gptfix.index.cache import build_index
from gptfix.index.jedi_worker import Job, run, session_for
from gptfix.index.script import ScriptIndex

log = logging.getLogger(__name__)

_MAX_UNION = 3  #: distinct types shown for a name that may hold several
_LIBRARY_MARKERS = ("site-packages", "dist-packages", "typeshed")


@dataclass(frozen=True)
class InferredType:
    """What jedi says a name holds at a line."""

    name: str  #: the name as written in the script
    type_name: str  #: dotted type, e.g. ``keras.src.models.model.Model``; ``A | B`` if several
    module: str  #: the module that defines the (first) type, e.g. ``keras.src.models.model``
    description: str  #: jedi's one-line description, e.g. ``instance Model``
    kind: str = "instance"  #: "instance" | "module" | "class" | "function" | ...

    def to_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "type": self.type_name,
            "module": self.module,
            "description": self.description,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Definition:
    """Where a name used on a line is defined (possibly in another file)."""

    module_path: str | None  #: the defining file; None for compiled/builtin objects
    line: int  #: 1-based
    name: str
    column: int = 0  #: 0-based, in code points
    kind: str = ""  #: jedi's type: "function", "class", "module", "statement", ...
    local: bool = False  #: True when the file is the user's own (next to the script, not a library)

    def to_json(self) -> dict[str, Any]:
        return {
            "module_path": self.module_path,
            "line": self.line,
            "name": self.name,
            "column": self.column,
            "kind": self.kind,
            "local": self.local,
        }


# -- helpers -------------------------------------------------------------------------


def _index(text: str, path: str | Path | None) -> ScriptIndex:
    """The ``ast`` index of ``text`` (from the one index cache: asking again is free)."""
    return build_index(text, str(path) if path is not None else None)


def _as_path(path: str | Path | None) -> Path | None:
    if path is None or str(path) == "":
        return None
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def _python(python: str | None) -> str:
    return str(python) if python else sys.executable


# -- inferred types --------------------------------------------------------------------


def infer_names(
    text: str,
    path: str | Path | None,
    line: int,
    names: Sequence[str],
    *,
    python: str | None = None,
    deadline: float = 2.0,
) -> dict[str, InferredType]:
    """What each of ``names`` holds as read at ``line`` (1-based) of ``text``.

    Each name is inferred at the binding a read at ``line`` sees (found by the ``ast``
    index); names with no binding there, or that jedi cannot infer, are left out. jedi
    reads the packages of ``python`` (an interpreter or venv folder; default: the one
    gptfix runs in). Returns within about ``deadline`` seconds with what was inferred by
    then. Never raises: a syntax error, a missing interpreter or a jedi failure give ``{}``.
    """
    try:
        index = _index(text, path)
        if index.syntax_error is not None:
            log.debug("no inference: syntax error at line %d", index.syntax_error.line)
            return {}
        targets: list[tuple[str, int, int]] = []
        for name in dict.fromkeys(names):
            binding = index.lookup(name, line)
            if binding is not None:
                targets.append((name, binding.line, binding.col))
    except Exception:
        log.debug("no inference: could not index the text", exc_info=True)
        return {}
    if not targets:
        return {}
    where, interpreter = _as_path(path), _python(python)

    def work(job: Job) -> None:
        session = session_for(text, where, interpreter)
        job.session = session
        for target in sorted(targets, key=lambda t: t in session.slow):
            if job.cancel.is_set():
                return
            if target not in session.types:
                found = _infer_one(session.script, *target)
                if job.cancel.is_set():
                    session.slow.add(target)
                    return  # cut short: not an answer to keep
                session.types[target] = found

    started = time.perf_counter()
    job, _ = run(work, deadline)
    log.debug("inferred %d name(s) in %.2f s", len(targets), time.perf_counter() - started)
    session = job.session
    if session is None:
        return {}
    out: dict[str, InferredType] = {}
    for target in targets:
        found = session.types.get(target)
        if found is not None:
            out[target[0]] = found
    return out


def _infer_one(script: Any, name: str, line: int, col: int) -> InferredType | None:
    try:
        values = script.infer(line, col)
    except Exception:
        log.debug("jedi could not infer %s at %d:%d", name, line, col, exc_info=True)
        return None
    seen: dict[str, Any] = {}
    for value in values:
        label = value.full_name or value.name
        if label and label not in seen:
            seen[label] = value
    if not seen:
        return None
    first = next(iter(seen.values()))
    labels = list(seen)
    type_name = " | ".join(labels[:_MAX_UNION]) + (" | ..." if len(labels) > _MAX_UNION else "")
    return InferredType(
        name=name,
        type_name=type_name,
        module=first.module_name or "",
        description=first.description or "",
        kind=first.type or "",
    )


# -- definitions -----------------------------------------------------------------------


def definitions(
    text: str,
    path: str | Path | None,
    line: int,
    col: int | None = None,
    *,
    python: str | None = None,
    deadline: float = 2.0,
) -> list[Definition]:
    """Where the name at ``line``:``col`` (1-based line, 0-based code-point column) is
    defined, following imports into other files (the user's modules next to the script,
    or libraries). With ``col=None``, every name on the line is followed, and the
    definitions outside the line itself are returned: the definitions the line depends on.
    Never raises; returns ``[]`` on a syntax error, a missing interpreter or a timeout.
    """
    try:
        lines = text.splitlines()
        if not 0 < line <= len(lines):
            return []
        if _index(text, path).syntax_error is not None:
            return []
        columns = [col] if col is not None else _name_columns(lines[line - 1])
    except Exception:
        log.debug("no definitions: could not read the text", exc_info=True)
        return []
    if not columns:
        return []
    where, interpreter = _as_path(path), _python(python)

    def work(job: Job) -> list[Definition]:
        session = session_for(text, where, interpreter)
        job.session = session
        out: list[Definition] = []
        for column in columns:
            if job.cancel.is_set():
                break
            for found in _goto(session.script, line, column, where):
                own_line = found.module_path == (str(where) if where else None)
                if col is None and own_line and found.line == line:
                    continue  # a name bound on this very line is no dependency
                if found not in out:
                    out.append(found)
        return out

    job, finished = run(work, deadline)
    return list(job.result or []) if finished else []


def _name_columns(source: str) -> list[int]:
    """0-based code-point columns of the identifiers on one line of code."""
    out: list[int] = []
    tokens = tokenize.generate_tokens(StringIO(source.strip("\n") + "\n").readline)
    try:
        for tok in tokens:  # a line of a bracketed statement ends in a TokenError: keep
            if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string):
                out.append(tok.start[1])
    except (tokenize.TokenError, SyntaxError):
        pass
    return out


def _goto(script: Any, line: int, col: int, where: Path | None) -> list[Definition]:
    try:
        names = script.goto(line, col, follow_imports=True)
    except Exception:
        log.debug("jedi could not follow %d:%d", line, col, exc_info=True)
        return []
    out = []
    for n in names:
        module_path = str(n.module_path) if n.module_path is not None else None
        if n.line is None:
            continue
        out.append(
            Definition(
                module_path=module_path,
                line=n.line,
                name=n.name,
                column=n.column or 0,
                kind=n.type or "",
                local=_is_local(module_path, where),
            )
        )
    return out


def _is_local(module_path: str | None, script: Path | None) -> bool:
    """Is the file the user's own: under the script's folder and not inside a library."""
    if module_path is None or script is None:
        return False
    p = Path(module_path)
    if any(marker in p.parts for marker in _LIBRARY_MARKERS):
        return False
    return p.is_relative_to(script.parent)


__all__ = ["Definition", "InferredType", "definitions", "infer_names"]
