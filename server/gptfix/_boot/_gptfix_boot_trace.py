"""The value trace inside the user's process: what each assignment in the user's files made.

Bridges the script's running lines and the repair engine: in smoke and build runs a
``sys.settrace`` hook watches only the frames of the user's own files and, when an
assignment statement completes, records the shape and dtype of the arrays/tensors it
bound (and the min/max of small integer arrays such as labels), for the first few
times each statement runs. Memory is bounded (hits per statement, statements per run);
a code object whose statements are all recorded stops being traced. Standard library
only; never raises into the user's program.
"""

from __future__ import annotations

import ast
import builtins
import os
import sys
import threading
from collections.abc import Callable
from types import CodeType, FrameType
from typing import Any

HITS_PER_LINE = 3
MAX_LINES = 2000
MAX_FILES = 50
#: integer arrays up to this many elements get their min/max recorded
RANGE_MAX_SIZE = 2_000_000
#: line events spent in one code object after its statements are all recorded
IDLE_EVENTS = 2000

Tracer = Callable[[FrameType, str, Any], Any]


class ValueTracer:
    """Records a run's value trace (read back as :class:`gptfix.values.ValueTrace`): ``{path:
    {first line: [{"name", "shape", "dtype", "min", "max"}...]}}``."""

    def __init__(self, is_user_file: Callable[[str], bool]) -> None:
        self.is_user_file = is_user_file
        self.lines: dict[str, dict[int, list[dict[str, Any]]]] = {}
        self._stmts: dict[str, dict[int, tuple[int, tuple[str, ...]]]] = {}
        self._user: dict[str, bool] = {}
        self._hits: dict[tuple[str, int], int] = {}
        self._idle: dict[CodeType, int] = {}
        self._off: set[CodeType] = set()
        self.count = 0
        self.stopped = False

    # -- statements ------------------------------------------------------------------
    def statements(self, path: str) -> dict[int, tuple[int, tuple[str, ...]]]:
        """line -> (statement's first line, names it binds), for every line of assignments."""
        found = self._stmts.get(path)
        if found is not None:
            return found
        found = {}
        try:
            with open(path, encoding="utf-8-sig") as fh:
                tree = ast.parse(fh.read())
        except (OSError, SyntaxError, ValueError):
            tree = None
        for node in ast.walk(tree) if tree is not None else []:
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = tuple(
                    n.id
                    for t in targets
                    for n in ast.walk(t)
                    if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
                )
                if names:
                    for line in range(node.lineno, (node.end_lineno or node.lineno) + 1):
                        found[line] = (node.lineno, names)
        self._stmts[path] = found
        return found

    def user(self, path: str) -> bool:
        known = self._user.get(path)
        if known is None:
            known = self.is_user_file(path) and len(self._user) < MAX_FILES * 20
            self._user[path] = known
        return known

    # -- the hook --------------------------------------------------------------------
    def make_global(self) -> Tracer:
        """The global trace function: one dict lookup for frames outside the user's files."""
        files: dict[str, bool] = {}
        off = self._off

        def global_tracer(frame: FrameType, event: str, arg: Any) -> Tracer | None:
            code = frame.f_code
            path = code.co_filename
            mine = files.get(path)
            if mine is None:
                mine = files[path] = self.user(path) and bool(self.statements(path))
            if not mine or code in off or self.stopped:
                return None
            return self._local(path, self.statements(path))

        return global_tracer

    def _local(self, path: str, stmts: dict[int, tuple[int, tuple[str, ...]]]) -> Tracer:
        pending: list[Any] = [None]  #: the assignment statement being executed

        def local(frame: FrameType, event: str, arg: Any) -> Tracer | None:
            current = pending[0]
            line = frame.f_lineno
            if current is not None and (event == "return" or stmts.get(line) is not current):
                pending[0] = None
                self.record(path, current, frame)
            if event == "line":
                stmt = stmts.get(line)
                if stmt is not None and self._hits.get((path, stmt[0]), 0) < HITS_PER_LINE:
                    pending[0] = stmt
                elif stmt is None or pending[0] is None:
                    code = frame.f_code
                    idle = self._idle.get(code, 0) + 1
                    self._idle[code] = idle
                    if idle > IDLE_EVENTS:
                        self._off.add(code)
                        return None
            return local

        return local

    def record(self, path: str, stmt: tuple[int, tuple[str, ...]], frame: FrameType) -> None:
        first, names = stmt
        key = (path, first)
        hits = self._hits.get(key, 0)
        if hits >= HITS_PER_LINE:
            return
        self._hits[key] = hits + 1
        self._idle[frame.f_code] = 0
        try:
            local_vars = frame.f_locals
        except Exception:  # noqa: BLE001
            return
        facts = []
        for name in names:
            if name not in local_vars:
                continue
            fact = describe(local_vars[name])
            if fact is not None:
                fact["name"] = name
                facts.append(fact)
        if not facts:
            return
        by_line = self.lines.setdefault(path, {})
        if first not in by_line and self.count >= MAX_LINES:
            self.stopped = True
            return
        if first not in by_line:
            self.count += 1
        entries = by_line.setdefault(first, [])
        for fact in facts:
            if fact not in entries:
                entries.append(fact)

    def to_json(self) -> dict[str, dict[str, list[dict[str, Any]]]]:
        return {
            path: {str(line): list(facts) for line, facts in lines.items()}
            for path, lines in list(self.lines.items())
        }


def describe(value: Any) -> dict[str, Any] | None:
    """Shape/dtype (and an integer range) of an array or tensor, without converting it;
    the value of a plain ``int``; that a plain ``float`` is one."""
    if type(value) is int:  # sizes: vocabulary, classes, ids (bool is not int here)
        return {"type": "int", "value": value}
    if type(value) is float:  # a count made by true division (``n / batch``)
        return {"type": "float"}
    shape = getattr(value, "shape", None)
    if shape is None or isinstance(value, type):
        if isinstance(value, list | tuple) and value and len(value) < 10**7:
            inner = describe(value[0])
            if inner is not None and inner.get("shape") is not None:
                return {"type": type(value).__name__, "len": len(value), "item": inner}
        return None
    try:
        dims = [None if d is None else int(d) for d in tuple(shape)]
    except (TypeError, ValueError):
        return None
    dtype = getattr(value, "dtype", None)
    name = getattr(dtype, "name", None) or (str(dtype) if dtype is not None else None)
    fact: dict[str, Any] = {"type": type(value).__name__, "shape": dims, "dtype": name}
    kind = getattr(dtype, "kind", None)
    size = 1
    for d in dims:
        size *= d if isinstance(d, int) else 0
    if kind == "O" and 0 < size <= RANGE_MAX_SIZE:
        fact.update(_items(value))
    if kind in ("i", "u") and 0 < size <= RANGE_MAX_SIZE and len(dims) <= 2:
        try:
            fact["min"] = int(value.min())
            fact["max"] = int(value.max())
        except Exception:  # noqa: BLE001
            pass
    # float labels holding whole numbers (``astype("float64")``, a pandas column): their
    # range too, for a column of them only (not a table of features)
    column = len(dims) == 1 or (len(dims) == 2 and dims[1] == 1)
    if kind == "f" and 0 < size <= RANGE_MAX_SIZE and column:
        try:
            if bool((value % 1 == 0).all()):
                fact["min"] = int(value.min())
                fact["max"] = int(value.max())
        except Exception:  # noqa: BLE001
            pass
    return fact


def _items(value: Any) -> dict[str, Any]:
    """For an object array: its first item's shape and dtype, and whether every item has
    that shape (an array of per-sample arrays that stacks into one numeric array)."""
    try:
        items = list(value.flat)
        first = describe(items[0])
        if first is None or first.get("shape") is None:
            return {}
        shape = first["shape"]
        same = all(list(getattr(v, "shape", ())) == shape for v in items)
        return {"item_shape": shape, "item_dtype": first.get("dtype"), "items_equal": same}
    except Exception:  # noqa: BLE001
        return {}


TRACE: ValueTracer | None = None


def start(is_user_file: Callable[[str], bool]) -> ValueTracer | None:
    """Trace the user's files from now on (this thread and threads started later)."""
    global TRACE
    if os.environ.get("GPTFIX_NO_VALUE_TRACE") or sys.gettrace() is not None:
        return None  # a debugger or coverage tool owns the hook
    TRACE = ValueTracer(is_user_file)
    tracer = TRACE.make_global()
    _untraced_imports(tracer)
    sys.settrace(tracer)
    threading.settrace(tracer)
    return TRACE


def _untraced_imports(tracer: Tracer) -> None:
    """Imports run without the hook: importing TensorFlow makes millions of calls that
    would each pay for the trace function, and none of them is in the user's files."""
    original = builtins.__import__

    def import_untraced(*args: Any, **kwargs: Any) -> Any:
        if sys.gettrace() is not tracer:
            return original(*args, **kwargs)
        sys.settrace(None)
        try:
            return original(*args, **kwargs)
        finally:
            sys.settrace(tracer)

    builtins.__import__ = import_untraced
