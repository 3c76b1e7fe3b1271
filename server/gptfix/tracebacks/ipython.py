"""IPython/Jupyter tracebacks (notebooks, Kaggle and Colab cells) -> frames.

Bridges the verbose layout IPython prints for an error in a cell and the parser's
frames: a ``ValueError    Traceback (most recent call last)`` header; frame headers
``Cell In[7], line 2, in train(...)`` and ``File /path.py:122, in func(...)``
(IPython 8+) or ``<ipython-input-7-...> in train(...)`` and ``/path.py in func(...)``
(IPython 7); numbered context lines with an arrow on the current one. The exception
line and its message after the frames are read like CPython's by :mod:`.parse`.
"""

from __future__ import annotations

import re

from gptfix.model import Frame

#: "ValueError                                Traceback (most recent call last)"
HEADER = re.compile(r"^(?P<type>[A-Za-z_][\w.]*)\s+Traceback \(most recent call last\)\s*$")
_CELL = re.compile(
    r"^Cell (?P<file>In\s?\[\d*\]), line (?P<line>\d+)(?:, in (?P<func>[^(]+)\(.*)?\s*$"
)
_FILE = re.compile(r"^File (?P<file>.+?):(?P<line>\d+)(?:, in (?P<func>[^(]+)\(.*)?\s*$")
#: IPython 7 (long Colab's): "<ipython-input-7-df32...> in train(model, x, y)", "/path.py in f(...)"
_OLD = re.compile(
    r"^(?P<file><ipython-input-[^>]*>|\S.*?\.pyw?) in (?P<func><[^>]*>|[\w.<>]+)(?:\(.*\))?\s*$"
)
_CONTEXT = re.compile(r"^(?P<arrow>-*>)?\s*(?P<num>\d+)(?: (?P<code>.*))?$")
_SKIP = re.compile(r"^\s*(?:\.\.\.|\[\.\.\. skipping .*\])\s*$")


def _frame_header(line: str) -> Frame | None:
    m = _CELL.match(line)
    if m:
        return Frame(
            file=f"Cell {m['file']}",
            line=int(m["line"]),
            function=(m["func"] or "<module>").strip(),
        )
    m = _FILE.match(line)
    if m:
        return Frame(
            file=m["file"], line=int(m["line"]), function=(m["func"] or "<module>").strip()
        )
    m = _OLD.match(line)
    if m:  # no line number in the header: the arrowed context line gives it
        func = "<module>" if m["func"].startswith("<cell line") else m["func"]
        return Frame(file=m["file"], line=0, function=func)
    return None


def read_frames(lines: list[str], i: int) -> tuple[list[Frame], int]:
    """Frames from ``lines[i]`` (just after the header); returns them and the next index.

    Cell frames keep ``file`` as written (``Cell In[7]``) and their cell-relative line;
    :func:`gptfix.tracebacks.locate` finds their lines in the script by source text.
    """
    frames: list[Frame] = []
    n = len(lines)
    while i < n:
        line = lines[i]
        if not line.strip() or _SKIP.match(line):
            i += 1
            continue
        frame = _frame_header(line.strip())
        if frame is None:
            break
        i += 1
        while i < n:
            ctx = _CONTEXT.match(lines[i])
            if ctx is None:
                if _SKIP.match(lines[i]):
                    i += 1
                    continue
                break
            if ctx["arrow"]:
                frame.line = int(ctx["num"])
                frame.source = (ctx["code"] or "").strip() or None
            i += 1
        frames.append(frame)
    return frames, i
