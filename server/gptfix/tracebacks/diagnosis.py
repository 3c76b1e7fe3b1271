"""A located failure -> a :class:`gptfix.model.Diagnosis` (what an editor or the CLI shows).

Bridges ``Failure`` (exception, frames, runtime facts) and the one-paragraph message with
a range and related locations that the language server publishes and the CLI prints.
Also the one-call path for logs: :func:`diagnose_log` parses, picks the failure that
belongs to the script, and locates it.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gptfix.model import Diagnosis, Failure, Frame, Location
from gptfix.tracebacks.locate import frame_location, locate, section_frames
from gptfix.tracebacks.parse import parse_log

_IDENT = re.compile(r"[^\W\d]\w*")
MAX_MESSAGE_LINES = 12
MAX_LOCALS = 8
_EMPTY_ARGS = {"None", "<class 'inspect._empty'>", "()", "{}"}


def _same_file(a: str | None, b: Path) -> bool:
    if not a:
        return False
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return False


def _touches(failure: Failure, script: Path) -> bool:
    frames = list(failure.frames) + section_frames(failure)
    for cause in failure.causes:
        frames += cause.frames
    return any(_same_file(f.local_path, script) for f in frames)


def diagnose_log(text: str, script: Path | str, *, roots: Sequence[Path] = ()) -> Failure | None:
    """The failure in a log that belongs to ``script``, located; None when the log has none.

    A log may hold several tracebacks (a ``nohup.out`` of several runs, tracebacks a
    callback printed and survived): the last one that touches the script wins, else the
    last one.
    """
    script = Path(script)
    failures = parse_log(text)
    if not failures:
        return None
    for failure in reversed(failures):
        located = locate(failure, script, roots=roots)
        if _touches(located, script):
            return located
    return locate(failures[-1], script, roots=roots)


def summarize(failure: Failure) -> str:
    """The exception message without the Keras argument dump or TF's op frame list.

    At most ``MAX_MESSAGE_LINES`` lines; what an editor or a one-screen report shows.
    """
    call = failure.facts.get("keras_call")
    node = failure.facts.get("tf_node")
    traced = failure.facts.get("tf_user_code")
    if isinstance(call, dict) and call.get("error"):
        text = f"{call['error']}\n(in {call.get('layer')}.{call.get('method', 'call')}())"
    elif isinstance(traced, dict) and traced.get("error"):
        text = str(traced["error"]).removeprefix(f"{failure.type}: ")
        inner = (traced.get("frames") or [{}])[-1]
        text += f"\n(in traced function {inner.get('function')}())"
    elif isinstance(node, dict) and node.get("error"):
        head = failure.message.split("\n", 1)[0].strip()
        text = f"{head} {node['error']}".strip() + f"\n(graph op {node.get('name')})"
    else:
        text = failure.message
    lines = text.strip().split("\n")
    kept: list[str] = []
    for line in lines:
        if line.strip() or (kept and kept[-1].strip()):
            kept.append(line.rstrip())
    if len(kept) > MAX_MESSAGE_LINES:
        kept = kept[:MAX_MESSAGE_LINES] + ["..."]
    return "\n".join(kept).strip()


def _describe(value: Any) -> str:
    """One local as the boot hook described it: type, shape, dtype or a short repr."""
    if not isinstance(value, dict):
        return str(value)
    parts = [str(value.get("type", ""))]
    if value.get("shape") is not None:
        parts.append(f"shape={value['shape']}")
    if value.get("dtype"):
        parts.append(f"dtype={value['dtype']}")
    if value.get("element_spec"):
        parts.append(f"element_spec={value['element_spec']}")
    if len(parts) == 1:
        for key in ("name", "len", "repr"):
            if value.get(key) is not None:
                parts.append(f"{key}={value[key]}" if key != "repr" else str(value[key]))
                break
    return " ".join(p for p in parts if p)


def _size(n: Any) -> str:
    return f"{n / 2**30:.1f} GiB" if isinstance(n, int | float) else str(n)


def _device_line(devices: Any) -> str | None:
    """The boot hook's ``devices`` dict (or the GPUs a log reported) in one line."""
    if not isinstance(devices, dict):
        return None
    shown: list[str] = []
    for gpu in devices.get("log_gpus") or []:
        shown.append(f"{gpu.get('name')} ({gpu.get('memory_mb')} MB)")
    for name in devices.get("tensorflow_gpus") or []:
        shown.append(str(name))
    for gpu in devices.get("torch_gpus") or []:
        if isinstance(gpu, dict):
            total = f" ({_size(gpu['total'])})" if "total" in gpu else ""
            shown.append(f"{gpu.get('name')}{total}")
    if not shown and ("tensorflow_gpus" in devices or "torch_gpus" in devices):
        shown.append("no GPU visible")
    return "  devices: " + "; ".join(shown[:4]) if shown else None


def _local_lines(failure: Failure, source_line: str) -> list[str]:
    """The recorded locals, those named on the failing line first."""
    local_vars = failure.facts.get("locals")
    if not isinstance(local_vars, dict) or not local_vars:
        return []
    used = [n for n in dict.fromkeys(_IDENT.findall(source_line)) if not keyword.iskeyword(n)]
    order = [n for n in used if n in local_vars] + [n for n in local_vars if n not in used]
    return [f"  {name}: {_describe(local_vars[name])}" for name in order[:MAX_LOCALS]]


def message_fact_lines(facts: dict[str, Any]) -> list[str]:
    """What a parsed message told (the Keras call's tensor arguments, the OOM report), indented."""
    out: list[str] = []
    call = facts.get("keras_call")
    if isinstance(call, dict) and call.get("arguments"):
        args = call["arguments"]
        tensors = [n for n in args if "shape=" in str(args[n])]
        plain = [n for n in args if n not in tensors and str(args[n]) not in _EMPTY_ARGS]
        for name in (tensors or plain)[:MAX_LOCALS]:
            out.append(
                f"  {call.get('layer')}.{call.get('method', 'call')}() argument {name}={args[name]}"
            )
    oom = facts.get("oom")
    if isinstance(oom, dict):
        bits = [f"shape {oom['shape']}" if "shape" in oom else ""]
        bits += [str(oom.get("dtype", "")), f"on {oom['device']}" if "device" in oom else ""]
        bits += [f"(requested {oom['requested']})" if "requested" in oom else ""]
        said = " ".join(b for b in bits if b)
        out.append(f"  out of memory: {said}" if said else "  out of memory")
    return out


def _fact_lines(failure: Failure, source_line: str) -> list[str]:
    facts = failure.facts
    out = _local_lines(failure, source_line) + message_fact_lines(facts)
    versions = facts.get("versions")
    if isinstance(versions, dict) and versions:
        out.append("  versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    device_line = _device_line(facts.get("devices"))
    if device_line:
        out.append(device_line)
    memory = facts.get("memory")
    if isinstance(memory, dict) and memory:
        out.append("  memory: " + ", ".join(f"{k} {_size(v)}" for k, v in memory.items()))
    return out


def _clamp(loc: Location, lines: list[str]) -> Location:
    n = max(len(lines), 1)
    line = min(max(loc.line, 1), n)
    text = lines[line - 1] if lines else ""
    width = len(text) + 1
    column = min(max(loc.column, 1), width)
    end_line = line if loc.end_line is None else min(max(loc.end_line, line), n)
    end_text = lines[end_line - 1] if lines else ""
    end_column = loc.end_column
    if end_column is not None:
        end_column = min(max(end_column, 1), len(end_text) + 1)
        if end_line == line:
            end_column = max(end_column, column)
    return Location(loc.path, line, column, end_line, end_column)


def to_diagnosis(failure: Failure, script_text: str) -> Diagnosis:
    """What to show in the document: range, "Type: message" plus key runtime facts, related frames.

    The range always lies inside ``script_text`` (a failure with no user frame, or one
    whose line is gone from an edited file, is drawn on the nearest line). When the
    failure was raised in another of the user's files (a helper module the script
    calls), the range is the call in ``script_text`` and the helper's frame is related.
    """
    lines = script_text.splitlines()
    first = lines[0] if lines else ""
    base = failure.location or Location("", 1, 1, 1, max(len(first.rstrip()) + 1, 1))
    raised_in = _elsewhere(failure, lines)
    if raised_in is not None:  # the document is the caller: draw it on the call
        base = frame_location(raised_in[0], lines)
    loc = _clamp(base, lines)
    source_line = lines[loc.line - 1] if lines else ""
    summary = summarize(failure)
    message = f"{failure.type}: {summary}" if summary else failure.type
    extra = _fact_lines(failure, source_line)
    if raised_in is not None:
        inner = raised_in[1]
        where = f"{Path(inner.local_path or inner.file).name}:{inner.line}"
        extra.insert(0, f"  raised in {where} in {inner.function}")
    root = failure.root_cause
    if root is not None and root.location.line == loc.line:
        root = None
    if root is not None:
        extra.append(f"  root cause: line {root.location.line}: {root.reason}")
    if extra:
        message += "\n" + "\n".join(extra)
    related: list[Location] = []
    seen = {(loc.path, loc.line)}
    for frame in [*reversed(failure.frames), *reversed(section_frames(failure))]:
        if not (frame.is_user and frame.local_path):
            continue
        key = (frame.local_path, frame.line)
        if key in seen:
            continue
        seen.add(key)
        related.append(Location(frame.local_path, frame.line, 1))
    for index, rel in enumerate(related):
        if _same_path(rel.path, loc.path):
            related[index] = frame_location(
                Frame(file=rel.path, line=rel.line, local_path=rel.path), lines
            )
    return Diagnosis(
        failure=failure,
        location=loc,
        message=message,
        related=related,
        code=failure.type,
        root_cause=root,
    )


def _shows(frame: Frame, lines: list[str]) -> bool:
    """Whether ``lines`` hold the frame's source text at its line (True when unknown)."""
    if not frame.source:
        return True
    return 1 <= frame.line <= len(lines) and _norm(lines[frame.line - 1]) == _norm(frame.source)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _elsewhere(failure: Failure, lines: list[str]) -> tuple[Frame, Frame] | None:
    """(the caller's frame in the document, the innermost frame) when the failure was
    raised in another of the user's files (a local helper module) than ``lines``."""
    loc = failure.location
    if loc is None:
        return None
    user = [f for f in reversed(failure.frames) if f.is_user and f.local_path]
    inner = next((f for f in user if _same_path(f.local_path or "", loc.path)), None)
    if inner is None or _shows(inner, lines):
        return None
    for frame in user:
        if not _same_path(frame.local_path or "", loc.path) and _shows(frame, lines):
            return frame, inner
    return None


def _same_path(a: str, b: str) -> bool:
    return bool(a) and bool(b) and Path(a) == Path(b)
