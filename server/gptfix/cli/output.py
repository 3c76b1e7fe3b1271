"""Compiler-style text for a run's result: what `gptfix run` and `gptfix diagnose` print.

Bridges :class:`~gptfix.model.RunResult` and a terminal: ``path:line:col: Type: message``,
the source line with a caret underline, the user's frames (library frames collapsed
to one line), the chained causes and the runtime facts (locals with shapes, versions,
devices, memory), and the smoke caps.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gptfix.model import Failure, Frame, Location, RunResult, RunStatus
from gptfix.tracebacks.diagnosis import message_fact_lines, summarize
from gptfix.tracebacks.locate import is_library_path, section_frames

if TYPE_CHECKING:
    from gptfix.notebook import Notebook

MAX_LOCALS_SHOWN = 20


class Places(Protocol):
    """How to show a place of a file that is not plain lines (a notebook's cells)."""

    def label(self, path: str, line: int) -> str | None: ...  # "nb.ipynb, cell 7, line 3"
    def text(self, path: str, line: int) -> str | None: ...  # the line as the user sees it
    def cell_line(self, path: str, line: int) -> int | None: ...  # the line number shown


class Colors:
    """ANSI styling, or none (for pipes, files and NO_COLOR)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def _wrap(self, code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text

    def bold(self, text: str) -> str:
        return self._wrap("1", text)

    def error(self, text: str) -> str:
        return self._wrap("1;31", text)

    def dim(self, text: str) -> str:
        return self._wrap("2", text)

    def caret(self, text: str) -> str:
        return self._wrap("1;32", text)


def want_color(stream: Any) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def display_path(path: str, cwd: Path | None = None) -> str:
    """``path`` relative to the working directory when inside it, else as given."""
    base = cwd or Path.cwd()
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except (ValueError, OSError):
        return path


def _package(frame: Frame) -> str:
    parts = Path(frame.file).parts
    for marker in ("site-packages", "dist-packages"):
        if marker in parts:
            i = parts.index(marker)
            if i + 1 < len(parts):
                return parts[i + 1].removesuffix(".py")
    for i, part in enumerate(parts[:-1]):
        if re.fullmatch(r"python\d+(\.\d+)?t?", part):  # the standard library
            return parts[i + 1].removesuffix(".py")
    return Path(frame.file).name or frame.file


def _source_line(location: Location, fallback: str | None) -> str | None:
    try:
        lines = Path(location.path).read_text(encoding="utf-8-sig").splitlines()
        if 0 < location.line <= len(lines):
            return lines[location.line - 1]
    except (OSError, UnicodeDecodeError):
        pass
    return fallback


def cells(text: str) -> int:
    """Terminal cells ``text`` takes: East Asian wide characters take two, tabs go to 4-stops."""
    col = 0
    for ch in text:
        if ch == "\t":
            col += 4 - col % 4
        elif unicodedata.combining(ch):
            continue
        else:
            col += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return col


def _snippet(location: Location, source: str | None, style: Colors) -> list[str]:
    """The source line and a caret underline, aligned in terminal cells (tabs, CJK)."""
    if source is None:
        return []
    line = source.rstrip()
    text = line.expandtabs(4) if "\t" in line else line
    gutter = str(location.line)
    start = min(max(location.column, 1), len(line) + 1)
    one_line = location.end_line in (None, location.line)  # else underline to the line's end
    end = location.end_column if one_line and (location.end_column or 0) > start else None
    end = min(end or len(line) + 1, len(line) + 1)
    before = cells(line[: start - 1])
    width = max(1, cells(line[: end - 1]) - before)
    pad = " " * len(gutter)
    return [
        f" {gutter} | {text}",
        f" {pad} | {' ' * before}{style.caret('^' * width)}",
    ]


def _where(path: str, line: int, places: Places | None, sep: str = ":") -> str:
    label = places.label(path, line) if places else None
    return label or f"{display_path(path)}{sep}{line}"


def _frame_lines(frames: list[Frame], style: Colors, places: Places | None = None) -> list[str]:
    out: list[str] = []
    pending: list[Frame] = []

    def flush() -> None:
        if pending:
            packages = list(dict.fromkeys(_package(f) for f in pending))
            noun = "frame" if len(pending) == 1 else "frames"
            out.append(style.dim(f"  ... {len(pending)} {noun} in {', '.join(packages)}"))
            pending.clear()

    for frame in frames:
        if not frame.is_user:
            pending.append(frame)
            continue
        flush()
        where = _where(frame.local_path or frame.file, frame.line, places)
        source = f": {frame.source.strip()}" if frame.source else ""
        out.append(f"  {where} in {frame.function}{source}")
    flush()
    return out


def _describe(info: dict[str, Any]) -> str:
    parts = [str(info.get("type", "?"))]
    if "shape" in info:
        dims = ", ".join("None" if d is None else str(d) for d in info["shape"])
        parts.append(f"shape=({dims}{',' if len(info['shape']) == 1 else ''})")
    if "dtype" in info:
        parts.append(f"dtype={info['dtype']}")
    if "element_spec" in info:
        parts.append(f"element_spec={info['element_spec']}")
    if "len" in info:
        parts.append(f"len={info['len']}")
    if "name" in info:
        parts.append(f"name={info['name']}")
    if "repr" in info and "shape" not in info:
        parts.append(str(info["repr"]))
    return " ".join(parts)


def _gb(n: Any) -> str:
    return f"{n / 1e9:.1f} GB" if isinstance(n, (int, float)) else "?"


def facts_lines(facts: dict[str, Any], style: Colors, places: Places | None = None) -> list[str]:
    out: list[str] = []
    where = facts.get("frame") or {}
    local_vars = facts.get("locals") or {}
    if local_vars:
        line = where.get("line")
        place = (
            _where(str(where.get("file", "")), line, places)
            if isinstance(line, int)
            else f"{display_path(str(where.get('file', '')))}:?"
        )
        out.append(style.bold(f"locals in {where.get('function', '?')} ({place}):"))
        names = list(local_vars)[:MAX_LOCALS_SHOWN]
        width = max(cells(n) for n in names)
        out += [f"  {n}{' ' * (width - cells(n))}  {_describe(local_vars[n])}" for n in names]
        if len(local_vars) > len(names):
            out.append(style.dim(f"  ... {len(local_vars) - len(names)} more"))
    told = message_fact_lines(facts)
    if told:
        out += [style.bold("from the message:"), *told]
    versions = facts.get("versions") or {}
    if versions:
        out.append("versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    devices = facts.get("devices") or {}
    memory = facts.get("memory") or {}
    dev: list[str] = []
    if "tensorflow_gpus" in devices:
        gpus = devices["tensorflow_gpus"]
        dev.append(
            f"tensorflow sees {len(gpus)} GPU(s)" if gpus else "no GPU visible to tensorflow"
        )
        for name, info in (devices.get("tensorflow_gpu_memory") or {}).items():
            dev.append(f"{name} in use {_gb(info.get('current'))} (peak {_gb(info.get('peak'))})")
    for gpu in devices.get("log_gpus") or []:
        dev.append(
            f"{gpu.get('device')} {gpu.get('name')} ({gpu.get('memory_mb')} MB, from the log)"
        )
    for gpu in devices.get("torch_gpus") or []:
        free = f", {_gb(gpu['free'])} free of {_gb(gpu['total'])}" if "total" in gpu else ""
        dev.append(f"torch: {gpu.get('name')}{free}")
    if "host_total" in memory:
        avail = (
            f" ({_gb(memory['host_available'])} available)" if "host_available" in memory else ""
        )
        dev.append(f"host RAM {_gb(memory['host_total'])}{avail}")
    if dev:
        out.append("devices: " + "; ".join(dev))
    return out


def failure_lines(failure: Failure, style: Colors, places: Places | None = None) -> list[str]:
    """The compiler-style report of one failure (``places``: how to show notebook cells)."""
    message_lines = summarize(failure).splitlines() or [""]
    head_type = style.error(f"{failure.type}:")
    loc = failure.location
    out: list[str] = []
    if loc is not None:
        label = places.label(loc.path, loc.line) if places else None
        where = f"{label}:" if label else f"{display_path(loc.path)}:{loc.line}:{loc.column}:"
        out.append(f"{style.bold(where)} {head_type} {message_lines[0]}".rstrip())
        last_user = failure.user_frames[-1] if failure.user_frames else None
        shown_line = places.text(loc.path, loc.line) if places else None
        if shown_line is not None and places is not None:
            cell_loc = Location(loc.path, places.cell_line(loc.path, loc.line) or loc.line)
            cell_loc.column, cell_loc.end_line, cell_loc.end_column = (
                loc.column,
                None if loc.end_line in (None, loc.line) else loc.end_line,
                loc.end_column,
            )
            out += _snippet(cell_loc, shown_line, style)
        else:
            out += _snippet(loc, _source_line(loc, last_user.source if last_user else None), style)
    else:
        out.append(f"{style.bold('gptfix:')} {head_type} {message_lines[0]}".rstrip())
        missing = [
            re.split(r"[\\/]", f.file)[-1]
            for f in failure.frames
            if not is_library_path(f.file) and not f.file.startswith("<")
        ]
        if missing:
            names = ", ".join(dict.fromkeys(missing))
            out.append(style.dim(f"  (its frames are in files not found here: {names})"))
        else:
            out.append(style.dim("  (no frame in your files; the failure is inside a library)"))
    out += [f"  {line}".rstrip() for line in message_lines[1:]]
    root = failure.root_cause
    if root is not None:
        where = _where(root.location.path, root.location.line, places)
        out.append(f"{style.bold('root cause:')} {where}: {root.reason}")
        for also in root.also:
            out.append(f"  {style.dim('and at')} {_where(also.path, also.line, places)}")
    if failure.frames:
        out.append(style.bold("traceback (most recent call last):"))
        out += _frame_lines(failure.frames, style, places)
    shown = {(f.local_path, f.line) for f in failure.user_frames}
    for frame in section_frames(failure):  # a traced function's / a graph op's own lines
        if frame.is_user and frame.local_path and (frame.local_path, frame.line) not in shown:
            shown.add((frame.local_path, frame.line))
            source = f": {frame.source.strip()}" if frame.source else ""
            where = f"{_where(frame.local_path, frame.line, places)} in {frame.function}"
            out.append(f"  {where} (in the traced graph){source}")
    for cause in reversed(failure.causes):  # nearest first: "caused by" reads from the failure
        label = "caused by" if cause.relation == "cause" else "while handling"
        user = [f for f in cause.frames if f.is_user]
        at = (
            f" (at {_where(user[-1].local_path or user[-1].file, user[-1].line, places)})"
            if user
            else ""
        )
        first = (cause.message.splitlines() or [""])[0]
        out.append(f"{label}: {style.error(cause.type + ':')} {first}{at}".rstrip())
    out += facts_lines(failure.facts, style, places)
    return out


def _signal_name(number: int) -> str:
    try:
        name = signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
    hint = " (often the out-of-memory killer)" if name == "SIGKILL" else ""
    return f"{name}{hint}"


def result_lines(
    result: RunResult, script: str, style: Colors, places: Places | None = None
) -> list[str]:
    """Everything `gptfix run` prints after the script's own output."""
    out: list[str] = []
    if result.failure is not None:
        out += failure_lines(result.failure, style, places)
    if result.smoke is not None:
        capped = result.smoke.get("capped") or []
        if capped:
            out.append(style.bold("smoke run capped:"))
            out += [f"  {c}" for c in capped]
        else:
            out.append("smoke run: nothing to cap (no Keras fit/evaluate/predict call was made)")
    seconds = f" after {result.duration_s:.1f} s" if result.duration_s is not None else ""
    name = display_path(script)
    if result.status is RunStatus.TIMEOUT:
        out.append(f"gptfix: {name} timed out{seconds}; it was stopped with its child processes")
    elif result.status is RunStatus.SUCCEEDED:
        out.append(f"gptfix: {name} finished{seconds} (exit 0)")
    elif result.failure is None and 128 < result.exit_code < 128 + 65:
        out.append(f"gptfix: {name} was killed by {_signal_name(result.exit_code - 128)}{seconds}")
    elif result.failure is None:
        out.append(f"gptfix: {name} exited with code {result.exit_code}{seconds}")
    else:
        out.append(f"gptfix: {name} failed{seconds} (exit {result.exit_code})")
    return out


def write_json(result: RunResult, notebook: Notebook | None = None) -> None:
    """``--json``: the result on stdout; for a notebook, its frames also name their cells."""
    from gptfix.notebook.locating import annotate_json

    data = result.to_json()
    if notebook is not None:
        data = annotate_json(data, notebook.path, notebook.program)
    sys.stdout.write(json.dumps(data, indent=2) + "\n")
