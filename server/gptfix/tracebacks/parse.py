"""Traceback text (a terminal, a log file, a chat paste) -> :class:`gptfix.model.Failure`.

Pure text processing: no TensorFlow, no file access. Bridges what CPython, Keras and
TensorFlow print when a script dies and the core's ``Failure``/``Frame``/``Cause``
objects. Handles CPython tracebacks (3.11+ caret lines included), IPython/Jupyter cell
tracebacks (:mod:`.ipython`), bare ``SyntaxError`` blocks, chained exceptions, several tracebacks in one log, a common line prefix (a
logger's ``ERROR:root:`` or a ``[stderr]`` tag), and leaves the Keras/TensorFlow
message structure to :mod:`gptfix.tracebacks.facts`.

Columns of parsed frames count code points from the first character of the source
line *as shown* (tracebacks print it dedented): ``Frame.column`` is 1-based,
``Frame.end_column`` exclusive. :func:`gptfix.tracebacks.locate` turns them into
columns of the local file once it has found the line there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from gptfix.model import Cause, Failure, Frame
from gptfix.tracebacks import ipython
from gptfix.tracebacks.facts import FRAME_RE, devices, message_facts, noise_facts
from gptfix.tracebacks.logs import plain_text

_HEADER = re.compile(r"^(?P<prefix>.*?)Traceback \(most recent call last\):\s*$")
_FRAME = FRAME_RE
_CARET = re.compile(r"^\s*[~^](?:[~^ ]*[~^])?\s*$")
_REPEATED = re.compile(r"^\s*\[Previous line repeated \d+ more times?\]\s*$")
_EXC = re.compile(r"^(?P<type>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?::\s?(?P<msg>.*))?$")
_SYNTAX_TYPES = re.compile(r"^(?:\w+\.)*(?:SyntaxError|IndentationError|TabError)\b")
_PY_VERSION = re.compile(r"python3\.(\d+)")
_IPY_RULE = re.compile(r"^(?:In \[\d+\]: ?)?-{20,}\s*$|^In \[\d+\]:")  # IPython's rule and prompt

#: chain marker -> how the exception *above* it relates to the one below.
CHAIN_MARKERS: dict[str, str] = {
    "The above exception was the direct cause of the following exception:": "cause",
    "During handling of the above exception, another exception occurred:": "context",
}

#: Lines that start a new log record: they end an exception message even without a
#: blank line before them (glog and absl records, TF's Python logging, Keras progress
#: bars and epoch headers, nohup's own notice, Python warnings).
_NOISE = re.compile(
    r"^(?:[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ \S+:\d+\]"
    r"|\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?:? (?:[IWEF] |INFO|WARNING|ERROR)"
    r"|WARNING: All log messages before absl"
    r"|Epoch \d+/\d+\s*$"
    r"|\d+/\d+ +(?:\[|━|- )"
    r"|nohup: "
    r"|\S+\.py:\d+: \w*Warning: )"  # a warnings.warn() line of a library
)
#: Paragraph openers of Keras/TensorFlow messages: a message goes on past a blank line
#: when the next paragraph starts with one of these.
_SECTION = re.compile(
    r"^(?:Detected at node|Arguments received by|Call arguments received by|"
    r"Original stack trace for|Stack trace for op|Error encountered|Could not automatically|"
    r"Exception encountered when calling|Encountered an exception|Hint:|Received:|"
    r"\d+ root error\(s\) found|\s*\(\d+\) [A-Z_]+:)"
)


@dataclass
class _Block:
    """One traceback (frames + exception) while the log is being read."""

    frames: list[Frame] = field(default_factory=list)
    type: str = ""
    qualified_type: str = ""
    message: str = ""
    start: int = 0
    end: int = 0


def _strip_prefix(line: str, prefix: str) -> str:
    return line[len(prefix) :] if prefix and line.startswith(prefix) else line


def _is_chain_marker(line: str) -> str | None:
    return CHAIN_MARKERS.get(line.strip())


def _display_to_index(text: str, width: int) -> int:
    """Code-point index reached after ``width`` display cells (East Asian wide = 2)."""
    cells = 0
    for i, ch in enumerate(text):
        if cells >= width:
            return i
        cells += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return len(text)


def _plausible(shown: str, start: int, end: int) -> bool:
    """A caret span over ``shown[start:end]`` that starts and ends on code, not blanks."""
    return (
        0 <= start < end <= len(shown)
        and not shown[start].isspace()
        and not shown[end - 1].isspace()
    )


def _caret_columns(source: str, caret: str) -> tuple[int, int] | None:
    """1-based start and exclusive end columns (in the dedented source) of a caret line.

    CPython counts caret offsets in display cells (an East Asian wide character takes
    two); some older releases counted code points. The cell reading is taken when it
    lands on code, else the code-point one.
    """
    src_indent = len(source) - len(source.lstrip())
    marks = [i for i, ch in enumerate(caret) if ch in "~^"]
    if not marks:
        return None
    start, end = marks[0] - src_indent, marks[-1] + 1 - src_indent
    shown = source.strip()
    if start < 0:
        return None
    cells = _display_to_index(shown, start), _display_to_index(shown, end)
    for s, e in (cells, (start, min(end, len(shown)))):
        if _plausible(shown, s, e):
            return s + 1, e + 1
    return None


def _read_frames(lines: list[str], i: int, prefix: str) -> tuple[list[Frame], int]:
    """Frames from ``lines[i]`` on; returns them and the index of the first other line."""
    frames: list[Frame] = []
    n = len(lines)
    while i < n:
        line = _strip_prefix(lines[i], prefix)
        if _REPEATED.match(line):
            i += 1
            continue
        m = _FRAME.match(line)
        if not m:
            break
        frame = Frame(file=m["file"], line=int(m["line"]), function=m["func"] or "<module>")
        frame_indent = len(m["indent"])
        i += 1
        shown: list[str] = []
        while i < n:
            nxt = _strip_prefix(lines[i], prefix)
            indent = len(nxt) - len(nxt.lstrip())
            caret = bool(shown) and bool(_CARET.match(nxt))  # 3.11 may under-indent carets
            if not nxt.strip() or (indent <= frame_indent and not caret) or _FRAME.match(nxt):
                break
            if caret:
                if frame.column is None and len(shown) == 1:
                    cols = _caret_columns(shown[0], nxt)
                    if cols:
                        frame.column, frame.end_column = cols
                i += 1
                continue
            shown.append(nxt)
            i += 1
        if shown:
            frame.source = shown[0].strip()
        frames.append(frame)
    return frames, i


def _continues(nxt: str, last: str, keras_open: bool) -> bool:
    """Whether a paragraph after a blank line still belongs to the exception message."""
    if nxt[:1].isspace():
        return True
    if last.rstrip().endswith(":") or keras_open:
        return True
    if _FRAME.match(last):  # a "defined at" frame list goes on to the op's error text
        return True
    return bool(_SECTION.match(nxt))


def _read_message(lines: list[str], i: int, prefix: str, first: str) -> tuple[str, int]:
    """The exception message starting with ``first``; returns it and the next index."""
    out = [first]
    last = first
    keras_open = "Exception encountered when calling" in first
    n = len(lines)
    while i < n:
        line = _strip_prefix(lines[i], prefix)
        if _HEADER.match(line) or ipython.HEADER.match(line) or _is_chain_marker(line):
            break
        if not line.strip():
            j = i
            while j < n and not _strip_prefix(lines[j], prefix).strip():
                j += 1
            if j >= n:
                break
            nxt = _strip_prefix(lines[j], prefix)
            if _HEADER.match(nxt) or ipython.HEADER.match(nxt) or _is_chain_marker(nxt):
                break
            if _NOISE.match(nxt) or _IPY_RULE.match(nxt):
                break
            if not _continues(nxt, last, keras_open):
                break
            out.extend([""] * (j - i))
            i = j
            continue
        if _NOISE.match(line) or _IPY_RULE.match(line):
            break
        if _syntax_block_at([_strip_prefix(x, prefix) for x in lines[i : i + 5]], 0):
            break
        if re.match(r"^\s*(?:Arguments received by|Call arguments received by)", line):
            keras_open = False
        out.append(line.rstrip())
        last = line
        i += 1
    return "\n".join(out).strip("\n"), i


def _read_block(lines: list[str], i: int, prefix: str) -> _Block:
    """A traceback whose first frame (or header) is at ``lines[i]``."""
    block = _Block(start=i)
    notebook = ipython.HEADER.match(lines[i])
    if notebook:
        block.frames, i = ipython.read_frames(lines, i + 1)
    else:
        if _HEADER.match(lines[i]):
            i += 1
        block.frames, i = _read_frames(lines, i, prefix)
    n = len(lines)
    while i < n and not _strip_prefix(lines[i], prefix).strip():
        i += 1
    if i >= n:
        block.type, block.message, block.end = "Error", "(the log ends inside this traceback)", n
        return block
    first = _strip_prefix(lines[i], prefix).rstrip()
    m = _EXC.match(first.strip())
    if m is None or _HEADER.match(first) or _is_chain_marker(first):
        block.type, block.message, block.end = "Error", "(no exception line after the frames)", i
        return block
    block.qualified_type = m["type"]
    block.type = m["type"].rsplit(".", 1)[-1]
    block.message, block.end = _read_message(lines, i + 1, prefix, m["msg"] or "")
    return block


def _syntax_block_at(lines: list[str], i: int) -> bool:
    """A bare ``SyntaxError`` report (no Traceback header) starts at ``lines[i]``."""
    m = _FRAME.match(lines[i])
    if not m or m["func"]:
        return False
    for j in range(i + 1, min(i + 5, len(lines))):
        if _SYNTAX_TYPES.match(lines[j]):
            return True
    return False


def _to_failure(block: _Block, causes: list[Cause], text: str) -> Failure:
    failure = Failure(
        type=block.type,
        message=block.message,
        frames=block.frames,
        causes=causes,
        text=text,
    )
    if "." in block.qualified_type:
        failure.facts["exception_module"] = block.qualified_type.rsplit(".", 1)[0]
    failure.facts.update(message_facts(block.type, block.message))
    minors = {int(v) for f in block.frames for v in _PY_VERSION.findall(f.file)}
    if minors:
        failure.facts["versions"] = {"python": f"3.{max(minors)}"}
    return failure


def parse_log(text: str) -> list[Failure]:
    """Every traceback in ``text``, in order; chained ones fold into the last of a chain.

    Raw terminal text and Kaggle's JSON log are accepted: the records are unpacked and
    ANSI codes and ``\\r`` rewrites cleaned first.
    The exception below the last chain marker is the failure; the ones above go to
    ``causes`` (outermost first, ``relation`` "cause" or "context"). Never raises.
    """
    clean = plain_text(text)
    lines = clean.split("\n")
    failures: list[Failure] = []
    chain: list[tuple[_Block, str]] = []
    chain_start = 0
    noise_start = 0
    i = 0
    n = len(lines)
    while i < n:
        header = _HEADER.match(lines[i])
        if not header and not ipython.HEADER.match(lines[i]) and not _syntax_block_at(lines, i):
            i += 1
            continue
        prefix = header["prefix"] if header else ""
        if not chain:
            chain_start = i
        block = _read_block(lines, i, prefix)
        i = max(block.end, i + 1)
        relation = None
        j = i
        while j < n and not _strip_prefix(lines[j], prefix).strip():
            j += 1
        if j < n:
            relation = _is_chain_marker(_strip_prefix(lines[j], prefix))
        if relation:
            chain.append((block, relation))
            i = j + 1
            continue
        causes = [
            Cause(type=b.type, message=b.message, frames=b.frames, relation=rel) for b, rel in chain
        ]
        chunk = "\n".join(lines[chain_start : block.end])
        failure = _to_failure(block, causes, chunk)
        noise_facts(lines[noise_start:chain_start], failure.facts)
        failures.append(failure)
        chain = []
        noise_start = block.end
    if chain:  # a log cut off right after a chain marker: the last block read is the failure
        block, _ = chain.pop()
        causes = [
            Cause(type=b.type, message=b.message, frames=b.frames, relation=r) for b, r in chain
        ]
        failure = _to_failure(block, causes, "\n".join(lines[chain_start : block.end]))
        failures.append(failure)
    found = devices(lines)
    if found:
        for failure in failures:
            failure.facts.setdefault("devices", {"log_gpus": found})
    return failures
