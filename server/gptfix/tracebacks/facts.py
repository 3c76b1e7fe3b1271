"""Keras/TensorFlow message structure and log lines -> runtime facts of a parsed failure.

Bridges the free text that Keras 3 and TensorFlow put in exception messages and around
them in a log (the "Exception encountered when calling" block with its arguments, the
"Detected at node ... defined at" frame list of a graph-mode error, the "in user code:"
frames of a traced function, OOM reports from the
allocators, "Created device" lines) and ``Failure.facts``, so a failure read from a log
carries some of what the boot hook records for a local run.
"""

from __future__ import annotations

import re
from typing import Any

from gptfix.model import Frame

FRAME_RE = re.compile(
    r'^(?P<indent>\s*)File "(?P<file>[^"]*)", line (?P<line>\d+)(?:, in (?P<func>.+?))?\s*$'
)
_KERAS_CALL = re.compile(
    r"Exception encountered when calling "
    r"(?:layer ['\"](?P<name>[^'\"]+)['\"] \(type (?P<cls>[\w.]+)\)"
    r"|(?P<cls2>[\w.]+?)\.(?P<method>\w+)\(\))"
)
_ARGS_HEADER = re.compile(r"^\s*(?:Call arguments|Arguments) received by (?P<who>.+?):\s*$")
_BULLET = re.compile(r"^\s*[•*\-]\s*(?P<name>\w+)\s*=\s*(?P<value>.*)$")
_SHAPE = re.compile(r"shape=\(([^)]*)\)")
_NODE = re.compile(r"Detected at node '?(?P<node>[^'\s]+?)'? defined at \(most recent call last\):")
_NODE_TAG = re.compile(r"^\s*\[\[\{\{.*\}\}\]\]")
_OOM_TENSOR = re.compile(
    r"OOM when allocating tensor with shape\s*\[(?P<shape>[\d,\s]*)\]"
    r"(?: and type (?P<dtype>\w+))?(?: on (?P<device>\S+))?(?: by allocator (?P<alloc>\S+))?"
)
_OOM_SIZE = re.compile(
    r"(?:ran out of memory trying to allocate|Tried to allocate|failed to allocate)\s+"
    r"(?P<size>[\d.]+\s*[KMGTP]?i?B)",
    re.IGNORECASE,
)
_OOM_WORDS = re.compile(
    r"CUDA_ERROR_OUT_OF_MEMORY|CUDA out of memory|CUDA error: out of memory|"
    r"OOM when allocating|RESOURCE_EXHAUSTED|ran out of memory|OutOfMemoryError|"
    r"cudaErrorMemoryAllocation|MemoryError|Unable to allocate [\d.]+ [KMGTP]i?B"
)
_OOM_STRONG = re.compile(
    r"CUDA_ERROR_OUT_OF_MEMORY|CUDA out of memory|CUDA error: out of memory|OOM when allocating"
)
_DEVICE = re.compile(
    r"Created device (?P<device>\S+) with (?P<mb>\d+) MB memory:?\s*->\s*"
    r"(?:device: \d+, )?name: (?P<name>[^,]+)"
)
OOM_TYPES = {"ResourceExhaustedError", "OutOfMemoryError", "MemoryError"}


def _shape(text: str) -> list[int | None]:
    dims: list[int | None] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        dims.append(int(part) if part.isdigit() else None)
    return dims


def keras_call(message: str) -> dict[str, Any] | None:
    """The Keras 3 "Exception encountered when calling <Layer>" block, if the message has one.

    Returns ``{"layer": class, "name": instance name or None, "method": "call",
    "error": the inner error text, "arguments": {name: shown value},
    "shapes": {name: [[dims...], ...]}}``.
    """
    m = _KERAS_CALL.search(message)
    if not m:
        return None
    layer = m["cls"] or m["cls2"] or ""
    lines = message[m.end() :].split("\n")
    inner: list[str] = []
    arguments: dict[str, str] = {}
    in_args = False
    for line in lines[1:]:
        if _ARGS_HEADER.match(line):
            in_args = True
            continue
        if in_args:
            b = _BULLET.match(line)
            if b:
                arguments[b["name"]] = b["value"].strip()
            elif line.strip():
                break
        else:
            inner.append(line)
    shapes = {
        name: [_shape(s) for s in _SHAPE.findall(value)]
        for name, value in arguments.items()
        if _SHAPE.search(value)
    }
    error = "\n".join(inner).strip()
    if "Error encountered:" in error:  # Keras' "could not infer the output shape" preamble
        error = error.split("Error encountered:", 1)[1].strip()
    return {
        "layer": layer.rsplit(".", 1)[-1],
        "name": m["name"],
        "method": m["method"] or "call",
        "error": error,
        "arguments": arguments,
        "shapes": shapes,
    }


def tf_node(message: str) -> dict[str, Any] | None:
    """TensorFlow's "Detected at node X defined at (most recent call last):" section.

    Returns ``{"name": node, "frames": [Frame JSON, outermost first], "error": text}``;
    the frames are where the failing graph op was built (the user's code, then Keras).
    """
    m = _NODE.search(message)
    if not m:
        return None
    frames: list[Frame] = []
    error: list[str] = []
    lines = message[m.end() :].split("\n")[1:]
    for line in lines:
        fm = FRAME_RE.match(line)
        if fm and not error:
            frames.append(Frame(file=fm["file"], line=int(fm["line"]), function=fm["func"] or ""))
        elif not line.strip() or (line[:1].isspace() and not error):
            if frames and line.strip() and frames[-1].source is None:
                frames[-1].source = line.strip()
            continue
        elif _NODE_TAG.match(line) or _NODE.search(line):
            break
        else:
            error.append(line.strip())
    return {
        "name": m["node"],
        "frames": [f.to_json() for f in frames],
        "error": "\n".join(error).strip(),
    }


_USER_CODE = re.compile(r"^\s*in user code:\s*$", re.M)


def user_code(message: str) -> dict[str, Any] | None:
    """TensorFlow's "in user code:" section (tf.function, tf.data ``map``, Keras 2 fit).

    Returns ``{"frames": [Frame JSON, outermost first], "error": "Type: text"}``: the
    frames of the traced Python function where the failing op was built (AutoGraph
    marks them with ``*``), which the traceback itself does not show.
    """
    m = _USER_CODE.search(message)
    if not m:
        return None
    frames: list[Frame] = []
    indent = 0
    error: list[str] = []
    for line in message[m.end() :].split("\n"):
        fm = FRAME_RE.match(line) if not error else None
        if fm:
            func = (fm["func"] or "").rstrip(" *") or "<module>"
            frames.append(Frame(file=fm["file"], line=int(fm["line"]), function=func))
            indent = len(fm["indent"])
        elif not line.strip():
            if error:
                error.append("")
        elif frames and not error and frames[-1].source is None and _indent(line) > indent:
            frames[-1].source = line.strip()
        elif frames:
            error.append(line.strip())
    if not frames:
        return None
    return {"frames": [f.to_json() for f in frames], "error": "\n".join(error).strip()}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def oom(type_: str, text: str) -> dict[str, Any] | None:
    """What an out-of-memory report says: tensor shape, dtype, device, requested size."""
    if type_ not in OOM_TYPES and not _OOM_WORDS.search(text):
        return None
    out: dict[str, Any] = {}
    t = _OOM_TENSOR.search(text)
    if t:
        out["shape"] = _shape(t["shape"])
        for key, group in (("dtype", "dtype"), ("device", "device"), ("allocator", "alloc")):
            if t[group]:
                out[key] = t[group]
    s = _OOM_SIZE.search(text)
    if s:
        out["requested"] = s["size"].replace(" ", "")
    if "CUDA" in text or "GPU" in text:
        out.setdefault("device", "GPU")
    return out


def message_facts(type_: str, message: str) -> dict[str, Any]:
    """Facts found in an exception's own message."""
    facts: dict[str, Any] = {}
    call = keras_call(message)
    if call:
        facts["keras_call"] = call
    node = tf_node(message)
    if node:
        facts["tf_node"] = node
    traced = user_code(message)
    if traced:
        facts["tf_user_code"] = traced
    memory = oom(type_, message)
    if memory is not None:
        facts["oom"] = memory
    return facts


def noise_facts(lines: list[str], facts: dict[str, Any]) -> None:
    """Add what the log lines printed before a traceback say about memory to ``facts``.

    TensorFlow's allocators log the size they failed to get (and CUDA's error name)
    before the exception is raised; a crash whose message says less gains those.
    """
    hits = [line for line in lines if _OOM_WORDS.search(line)]
    if not hits:
        return
    if "oom" not in facts:
        if not any(_OOM_STRONG.search(h) for h in hits):
            return  # "ran out of memory ... may mean performance gains" is not a failure
        facts["oom"] = {}
    target = facts["oom"]
    for key, value in (oom("", "\n".join(hits)) or {}).items():
        target.setdefault(key, value)
    target.setdefault("log_lines", [h.strip()[:300] for h in hits[-3:]])


def devices(lines: list[str]) -> list[dict[str, Any]]:
    """Accelerators TensorFlow reported in the log ("Created device ... with N MB memory").

    The parser files them under ``facts["devices"]["log_gpus"]`` (the boot hook's
    ``devices`` dict has ``tensorflow_gpus`` / ``torch_gpus`` for a local run).
    """
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for line in lines:
        m = _DEVICE.search(line)
        if m and m["device"] not in seen:
            seen.add(m["device"])
            out.append(
                {"device": m["device"], "name": m["name"].strip(), "memory_mb": int(m["mb"])}
            )
    return out
