"""The recorder inside the user's process: uncaught exception -> JSON report for the runner.

Bridges the script's interpreter and ``gptfix.runner``: an ``sys.excepthook`` wrapper
records the exception (type, message, frames with 3.11+ columns, chained causes) and
the runtime facts of the innermost frame in the user's files, then hands over to the
previous hook so the script prints its traceback exactly as it would have. An
``atexit`` handler records an exception the script's own ``sys.excepthook`` took
(``sys.last_value``) and writes what smoke/build mode recorded. Standard library only.
"""

from __future__ import annotations

import atexit
import json
import linecache
import os
import re
import sys
import traceback
from types import TracebackType
from typing import Any

import _gptfix_boot_build as build_summary
import _gptfix_boot_facts as facts
import _gptfix_boot_keras as keras_patch
import _gptfix_boot_secrets as secrets
import _gptfix_boot_trace as value_trace

MAX_FRAMES = 200
MAX_CAUSES = 5
MAX_MESSAGE = 20000
_HERE = os.path.dirname(os.path.abspath(__file__))
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Recorder:
    """What this run recorded so far, and where to write it."""

    def __init__(self, config: dict[str, str | None]) -> None:
        self.path = config.get("GPTFIX_BOOT_REPORT") or ""
        self.mode = config.get("GPTFIX_BOOT_MODE") or "normal"
        self.steps = max(1, int(config.get("GPTFIX_BOOT_STEPS") or 2))
        self.eager = (config.get("GPTFIX_BOOT_EAGER") or "1") == "1"
        user_dir = config.get("GPTFIX_BOOT_USER_DIR") or os.getcwd()
        self.user_dir = os.path.normcase(os.path.abspath(user_dir))
        self.failure: dict[str, Any] | None = None
        self.capped: list[str] = []
        self.build: dict[str, Any] | None = None
        self.notes: list[str] = []
        self.trace: value_trace.ValueTracer | None = None

    def is_user_file(self, filename: str) -> bool:
        if not filename or filename.startswith("<"):
            return False
        path = os.path.normcase(os.path.abspath(filename))
        if "site-packages" in path or "dist-packages" in path:
            return False
        return path == self.user_dir or path.startswith(self.user_dir.rstrip(os.sep) + os.sep)

    def note_cap(self, text: str) -> None:
        if text not in self.capped and len(self.capped) < 50:
            self.capped.append(text)
            self.save()

    def report(self) -> dict[str, Any]:
        return {
            "version": 1,
            "mode": self.mode,
            "failure": self.failure,
            "smoke": {"capped": self.capped, "steps": self.steps, "eager": self.eager}
            if self.mode == "smoke"
            else None,
            "build": self.build,
            "notes": self.notes,
            "trace": self.trace.to_json() if self.trace is not None else None,
        }

    def save(self) -> None:
        if not self.path:
            return
        tmp = f"{self.path}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(self.report(), fh, default=str)
            os.replace(tmp, self.path)
        except (OSError, TypeError, ValueError):
            pass

    # -- exceptions ---------------------------------------------------------------------

    def frames(self, tb: TracebackType | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for summary in traceback.extract_tb(tb, limit=None)[-MAX_FRAMES:]:
            if os.path.dirname(os.path.abspath(summary.filename)) == _HERE:
                continue  # the smoke/build wrappers: not part of the user's program
            lineno = summary.lineno or 0
            raw = linecache.getline(summary.filename, lineno).rstrip("\r\n")
            frame: dict[str, Any] = {
                "file": summary.filename,
                "line": lineno,
                "function": summary.name,
                "source": secrets.redact_secrets(raw.strip()) if raw else None,
                "column": None,
                "end_column": None,
                "is_user": self.is_user_file(summary.filename),
            }
            col = getattr(summary, "colno", None)
            end = getattr(summary, "end_colno", None)
            if raw and col is not None:
                frame["column"] = _char_col(raw, col) + 1
                if end is not None and getattr(summary, "end_lineno", lineno) == lineno:
                    frame["end_column"] = _char_col(raw, end) + 1
            out.append(frame)
        return out

    def describe_exception(self, exc: BaseException) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "type": type(exc).__name__,
            "module": type(exc).__module__,
            "message": secrets.redact_secrets(_message(exc))[:MAX_MESSAGE],
            "frames": self.frames(exc.__traceback__),
        }
        if isinstance(exc, SyntaxError) and exc.filename:
            raw = linecache.getline(exc.filename, exc.lineno or 0).rstrip("\r\n")
            text = raw or (exc.text or "").rstrip("\r\n")
            column = exc.offset if exc.offset and exc.offset > 0 else None
            end = getattr(exc, "end_offset", None)
            entry["frames"].append(
                {
                    "file": exc.filename,
                    "line": exc.lineno or 1,
                    "function": "<module>",
                    "source": secrets.redact_secrets(text.strip()) if text else None,
                    "column": column,
                    "end_column": end if end and column and end > column else None,
                    "is_user": self.is_user_file(exc.filename),
                }
            )
        return entry

    def record(self, exc: BaseException) -> None:
        entry = self.describe_exception(exc)
        entry["causes"] = self.causes(exc)
        entry["facts"] = self.facts(exc, entry["frames"])
        self.failure = entry
        self.save()

    def causes(self, exc: BaseException) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen = {id(exc)}
        current: BaseException | None = exc
        while current is not None and len(out) < MAX_CAUSES:
            if current.__cause__ is not None:
                nxt, relation = current.__cause__, "cause"
            elif current.__context__ is not None and not current.__suppress_context__:
                nxt, relation = current.__context__, "context"
            else:
                break
            if id(nxt) in seen:
                break
            seen.add(id(nxt))
            entry = self.describe_exception(nxt)
            entry["relation"] = relation
            entry.pop("module", None)
            out.append(entry)
            current = nxt
        out.reverse()  # outermost first, as Python prints the chain
        return out

    def facts(self, exc: BaseException, frames: list[dict[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        user_tb = None
        tb = exc.__traceback__
        while tb is not None:
            if self.is_user_file(tb.tb_frame.f_code.co_filename):
                user_tb = tb
            tb = tb.tb_next
        if user_tb is not None:
            frame = user_tb.tb_frame
            line = linecache.getline(frame.f_code.co_filename, user_tb.tb_lineno)
            found["frame"] = {
                "file": frame.f_code.co_filename,
                "line": user_tb.tb_lineno,
                "function": frame.f_code.co_name,
            }
            try:
                found["locals"] = facts.describe_locals(dict(frame.f_locals), line)
            except Exception as err:  # noqa: BLE001 - never let the recorder crash
                found["locals_error"] = facts.short(str(err))
        found["versions"] = facts.versions()
        found["devices"] = facts.devices()
        found["memory"] = facts.memory()
        return found


def _char_col(line: str, byte_offset: int) -> int:
    """co_positions columns are UTF-8 byte offsets; convert to code points."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="replace"))


def _message(exc: BaseException) -> str:
    """The exception's text without terminal colour codes (Keras bolds parts of it)."""
    if isinstance(exc, SyntaxError):
        return str(exc.msg or "")
    try:
        return _ANSI.sub("", str(exc))
    except Exception:  # noqa: BLE001
        return "<message could not be printed>"


RECORDER: Recorder | None = None


def install(config: dict[str, str | None]) -> Recorder:
    """Start recording: hook uncaught exceptions, write at exit, patch Keras if asked."""
    global RECORDER
    recorder = Recorder(config)
    RECORDER = recorder
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        try:
            if exc.__traceback__ is None:
                exc.__traceback__ = tb
            recorder.record(exc)
        except Exception as err:  # noqa: BLE001 - the user's traceback must still print
            recorder.notes.append(f"recorder failed: {type(err).__name__}: {err}")
        previous(exc_type, exc, tb)

    sys.excepthook = hook
    atexit.register(_at_exit, recorder)
    recorder.save()
    if recorder.mode in ("smoke", "build"):
        keras_patch.watch(recorder)
        recorder.trace = value_trace.start(recorder.is_user_file)
    return recorder


def _at_exit(recorder: Recorder) -> None:
    last = getattr(sys, "last_exc", None) or getattr(sys, "last_value", None)
    if recorder.failure is None and isinstance(last, Exception):
        # the script replaced sys.excepthook (rich, loguru, its own): Python still keeps
        # the uncaught exception in sys.last_value for us
        try:
            recorder.record(last)
        except Exception as err:  # noqa: BLE001
            recorder.notes.append(f"recorder failed: {type(err).__name__}: {err}")
    if recorder.mode == "build" and recorder.build is None and recorder.failure is None:
        try:
            recorder.build = build_summary.summary_at_end()
        except Exception as err:  # noqa: BLE001
            recorder.notes.append(f"build summary failed: {type(err).__name__}: {err}")
    recorder.save()
