"""Frames of a failure (from this machine or another) -> lines of the local files.

Bridges paths as a traceback wrote them (``/kaggle/working/train.py``, ``/content/x.py``,
another machine's home, ``C:\\Users\\...``, ``<ipython-input-...>``) and the files the
user has open here. A frame maps onto its exact path when that file exists, else onto
a file found by basename (or a longer path suffix) next to the script or under the
given roots, else onto the script itself when the frame's source text is found there
(the script ran under another name there); when the local file was edited since the
run, the matching line nearby is used. A frame is the user's when it maps
onto a local file outside site-packages, dist-packages, the standard library and
``<frozen ...>`` modules.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from pathlib import Path

from gptfix.model import Failure, Frame, Location
from gptfix.tracebacks.classify import classify
from gptfix.tracebacks.facts import message_facts
from gptfix.tracebacks.rootcause import root_cause

_LIBRARY = re.compile(
    r"(?:^|[\\/])(?:site-packages|dist-packages)(?:[\\/]|$)"
    r"|[\\/]lib(?:64)?[\\/]python\d+(?:\.\d+)?t?[\\/]"
    r"|[\\/]Lib[\\/]"
    r"|^<frozen "
)
_NOTEBOOK = re.compile(r"^<ipython-input-|^/tmp/ipykernel_\d+/\d+\.py$|^Cell In\[")
_PSEUDO = re.compile(r"^<.*>$")


def is_library_path(path: str) -> bool:
    """Whether a path (this machine's or another's) is inside an installed library or the stdlib."""
    return bool(_LIBRARY.search(path))


class _Files:
    """Local files read once per :func:`locate` call (None for unreadable ones)."""

    def __init__(self) -> None:
        self._lines: dict[Path, list[str] | None] = {}

    def seed(self, path: Path, text: str) -> None:
        self._lines[path] = text.splitlines()

    def lines(self, path: Path) -> list[str] | None:
        if path not in self._lines:
            try:
                text = path.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                self._lines[path] = None
            else:
                self._lines[path] = text.splitlines()
        return self._lines[path]


def _parts(file: str) -> list[str]:
    return [p for p in re.split(r"[\\/]+", file) if p and not re.fullmatch(r"[A-Za-z]:", p)]


def _candidates(file: str, script: Path, roots: Sequence[Path]) -> list[tuple[Path, bool]]:
    """Local files a traceback path may mean, best first, each with "trust the line number"."""
    bases = [script.parent, *roots]
    if _NOTEBOOK.match(file):
        return [(script, False)]
    if _PSEUDO.match(file) or is_library_path(file):
        p = Path(file)
        return [(p, True)] if p.is_absolute() and p.is_file() else []
    out: list[tuple[Path, bool]] = []
    p = Path(file)
    if p.is_absolute():
        if p.is_file():
            out.append((p, True))
    else:
        out += [(b / p, True) for b in bases if (b / p).is_file()]
    parts = _parts(file)
    for k in range(len(parts), 0, -1):
        for base in bases:
            cand = base.joinpath(*parts[-k:])
            if cand.is_file() and all(cand != c for c, _ in out):
                out.append((cand, cand == script))
    if parts and parts[-1] == script.name and all(script != c for c, _ in out):
        out.append((script, True))
    if not out:  # the script ran under another name there: only its source text can tell
        out.append((script, False))
    return out


def _norm(text: str) -> str:
    return " ".join(text.split())


def _match_line(lines: list[str], line: int, source: str | None) -> int | None:
    """The local line showing ``source`` nearest to ``line`` (None when it is nowhere)."""
    if source is None or not source.strip():
        return line if 1 <= line <= len(lines) else None
    want = _norm(source)
    if 1 <= line <= len(lines) and _norm(lines[line - 1]) == want:
        return line
    hits = [i for i, text in enumerate(lines, 1) if _norm(text) == want]
    return min(hits, key=lambda i: (abs(i - line), i)) if hits else None


def _map_frame(
    frame: Frame, script: Path, roots: Sequence[Path], files: _Files, shown: bool
) -> None:
    """Set ``local_path``, ``is_user``, the local line and file columns of one frame.

    ``shown``: the frame's columns count from the dedented source as a traceback
    shows it (parsed text), not from the start of the file's line (boot hook).
    """
    best: tuple[int, Path, int, list[str]] | None = None
    for cand, trusted in _candidates(frame.file, script, roots):
        lines = files.lines(cand)
        if lines is None:
            continue
        found = _match_line(lines, frame.line, frame.source)
        if not trusted and (found is None or not (frame.source or "").strip()):
            continue  # a guessed file needs the frame's own source text to agree
        # evidence: the shown source at the same line > at a moved line > the path alone
        rank = 0 if found == frame.line and frame.source else 1 if found is not None else 2
        if found is None:  # the file was edited and the line is gone: keep the number
            found = min(max(frame.line, 1), max(len(lines), 1))
        if best is None or rank < best[0]:
            best = (rank, cand, found, lines)
        if rank == 0:
            break
    if best is None:
        frame.is_user = False
        return
    rank, cand, found, lines = best
    if rank == 2:
        frame.column = frame.end_column = None
    elif shown and frame.column is not None and frame.source:
        start = lines[found - 1].find(frame.source.strip())
        if start < 0:
            frame.column = frame.end_column = None
        else:
            frame.column += start
            if frame.end_column is not None:
                frame.end_column += start
    elif found != frame.line:
        frame.column = frame.end_column = None
    frame.line = found
    frame.local_path = str(cand)
    frame.is_user = not is_library_path(str(cand.resolve()))


def frame_location(frame: Frame, lines: list[str]) -> Location:
    """Where to draw a mapped frame: its caret columns, else the whole statement line."""
    n = max(len(lines), 1)
    line = min(max(frame.line, 1), n)
    text = lines[line - 1] if lines else ""
    width = len(text) + 1
    if frame.column is not None and 1 <= frame.column <= width:
        end = frame.end_column if frame.end_column is not None else len(text.rstrip()) + 1
        end = min(max(end, frame.column), width)
        return Location(frame.local_path or frame.file, line, frame.column, line, end)
    first = len(text) - len(text.lstrip()) + 1 if text.strip() else 1
    return Location(
        frame.local_path or frame.file, line, first, line, max(len(text.rstrip()) + 1, first)
    )


#: facts that hold frames of their own: where a traced function / a graph op was built
SECTIONS = ("tf_user_code", "tf_node")


def section_frames(failure: Failure) -> list[Frame]:
    """The frames of the message's sections (see :data:`SECTIONS`), as located."""
    out: list[Frame] = []
    for key in SECTIONS:
        section = failure.facts.get(key)
        if isinstance(section, dict) and isinstance(section.get("frames"), list):
            out += [Frame.from_json(d) for d in section["frames"]]
    return out


def _map_section(
    failure: Failure, key: str, script: Path, roots: Sequence[Path], files: _Files
) -> list[Frame]:
    section = failure.facts.get(key)
    if not (isinstance(section, dict) and isinstance(section.get("frames"), list)):
        return []
    frames = [Frame.from_json(d) for d in section["frames"]]
    for frame in frames:
        _map_frame(frame, script, roots, files, False)
    section["frames"] = [f.to_json() for f in frames]
    return frames


def locate(
    failure: Failure,
    script: Path | str,
    *,
    roots: Sequence[Path] = (),
    text: str | None = None,
) -> Failure:
    """A copy of ``failure`` with every frame mapped onto local files and its location set.

    Sets ``Frame.is_user``/``local_path`` (and the local line), ``Failure.location`` (the
    innermost user frame of the traced function a TensorFlow "in user code:" message
    shows, else of the traceback; the graph op's frames, then the chained causes'
    frames, when the traceback itself has none) and ``Failure.kind``. The message's
    facts (Keras call, graph op, OOM) are added when the failure lacks them.
    ``text`` stands for the script's lines (a notebook's program, see
    :mod:`gptfix.notebook.locating`).
    """
    script = Path(script).absolute()
    roots = [Path(r).absolute() for r in roots]
    out = copy.deepcopy(failure)
    files = _Files()
    if text is not None:
        files.seed(script, text)
    shown = failure.text is not None
    for frame in out.frames:
        _map_frame(frame, script, roots, files, shown)
    for cause in out.causes:
        for frame in cause.frames:
            _map_frame(frame, script, roots, files, shown)
    for key, value in message_facts(out.type, out.message).items():
        out.facts.setdefault(key, value)  # a local run's message carries them too
    traced, node_frames = (_map_section(out, key, script, roots, files) for key in SECTIONS)
    out.location = None
    # the traced function's own lines (tf.data map, tf.function) are deeper than the
    # call that ran it; a graph op's "defined at" list only helps when nothing else does
    groups = (traced, out.frames, node_frames, *[c.frames for c in reversed(out.causes)])
    for group in groups:
        user = [f for f in group if f.is_user and f.local_path]
        if user:
            inner = user[-1]
            out.location = frame_location(inner, files.lines(Path(inner.local_path or "")) or [])
            break
    out.kind = out.kind or classify(out)
    if out.location is not None and Path(out.location.path) == script:
        out.root_cause = root_cause(out, "\n".join(files.lines(script) or []), script)
    return out
