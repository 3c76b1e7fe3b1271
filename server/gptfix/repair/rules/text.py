"""Precise text edits addressed by ``ast`` node positions.

Bridges Python's ``ast`` positions (1-based lines, 0-based UTF-8 byte columns) and the
script text (code points), so rules can replace an expression, insert a statement
before another one with the same indentation, or add an import, without reformatting
anything else.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

from gptfix.index import CallFact, ScriptIndex, Span, build_index
from gptfix.index.imports import dotted


@dataclass
class Source:
    """A script's text with its parsed tree and line offsets."""

    text: str
    tree: ast.Module
    lines: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> Source | None:
        try:
            tree = ast.parse(text)
        except SyntaxError:
            return None
        lines = text.splitlines(keepends=True)
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line))
        return cls(text=text, tree=tree, lines=lines, starts=starts)

    def offset(self, lineno: int, byte_col: int) -> int:
        """Character offset of an ast position (1-based line, UTF-8 byte column)."""
        if lineno - 1 >= len(self.lines):
            return len(self.text)
        line = self.lines[lineno - 1]
        col = len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))
        return self.starts[lineno - 1] + col

    @cached_property
    def index(self) -> ScriptIndex:
        """The program model of this text (config values, origins, the Keras graph)."""
        return build_index(self.text)

    def range(self, span: Span) -> tuple[int, int]:
        """Character offsets of an index :class:`~gptfix.index.facts.Span` (code points)."""
        return self.at(span.line, span.col), self.at(span.end_line, span.end_col)

    def at(self, lineno: int, col: int) -> int:
        """Character offset of (1-based line, code-point column)."""
        if lineno - 1 >= len(self.lines):
            return len(self.text)
        return self.starts[lineno - 1] + col

    def call_at(self, fact: CallFact) -> ast.Call | None:
        """The call an index :class:`~gptfix.index.facts.CallFact` describes, in this tree."""
        where = self.range(Span(fact.line, fact.col, fact.end_line, fact.end_col))
        return next((c for c in calls(self) if self.span(c) == where), None)

    def span(self, node: ast.AST) -> tuple[int, int]:
        start = self.offset(node.lineno, node.col_offset)  # type: ignore[attr-defined]
        end = self.offset(node.end_lineno, node.end_col_offset)  # type: ignore[attr-defined]
        return start, end

    def segment(self, node: ast.AST) -> str:
        s, e = self.span(node)
        return self.text[s:e]

    def indent_of(self, lineno: int) -> str:
        line = self.lines[lineno - 1] if 0 < lineno <= len(self.lines) else ""
        return line[: len(line) - len(line.lstrip())]

    def walk(self) -> Iterator[ast.AST]:
        return ast.walk(self.tree)


class Patch:
    """Collects non-overlapping replacements on a text and applies them at once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.changes: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, new: str) -> Patch:
        for s, e, _ in self.changes:
            if start < e and s < end:
                raise ValueError("overlapping edits")
        self.changes.append((start, end, new))
        return self

    def insert(self, at: int, new: str) -> Patch:
        self.changes.append((at, at, new))
        return self

    def apply(self) -> str:
        out = self.text
        for s, e, new in sorted(self.changes, key=lambda c: (c[0], c[1]), reverse=True):
            out = out[:s] + new + out[e:]
        return out


def replace_node(src: Source, node: ast.AST, new: str) -> str:
    s, e = src.span(node)
    return Patch(src.text).replace(s, e, new).apply()


def statement_at(src: Source, lineno: int) -> ast.stmt | None:
    """The innermost simple statement covering ``lineno``."""
    best: ast.stmt | None = None
    for node in src.walk():
        if isinstance(node, ast.stmt) and node.lineno <= lineno <= (node.end_lineno or 0):
            if not hasattr(node, "body") or node.lineno == lineno:
                if best is None or node.lineno >= best.lineno:
                    best = node
    return best


def enclosing_statement(src: Source, target: ast.AST) -> ast.stmt | None:
    """The innermost statement containing ``target``."""
    best: ast.stmt | None = None
    for node in src.walk():
        if isinstance(node, ast.stmt) and _contains(node, target):
            if best is None or _contains(best, node):
                best = node
    return best


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    o = (outer.lineno, outer.col_offset, outer.end_lineno, outer.end_col_offset)  # type: ignore[attr-defined]
    i = (inner.lineno, inner.col_offset, inner.end_lineno, inner.end_col_offset)  # type: ignore[attr-defined]
    return (o[0], o[1]) <= (i[0], i[1]) and (o[2], o[3]) >= (i[2], i[3])


def insert_before_statement(src: Source, stmt: ast.stmt, line_text: str) -> str:
    """Insert ``line_text`` (no indent, no newline) as a new line before ``stmt``."""
    at = src.starts[stmt.lineno - 1]
    return Patch(src.text).insert(at, f"{src.indent_of(stmt.lineno)}{line_text}\n").apply()


def insert_after_imports(src: Source, line_text: str) -> str:
    """Insert a top-level line after the last top-level import (or at the top)."""
    last = 0
    for stmt in src.tree.body:
        if isinstance(stmt, ast.Import | ast.ImportFrom):
            last = stmt.end_lineno or stmt.lineno
    at = src.starts[last] if last < len(src.starts) else len(src.text)
    prefix = "" if at == 0 or src.text[at - 1 : at] == "\n" else "\n"
    return Patch(src.text).insert(at, f"{prefix}{line_text}\n").apply()


def call_name(call: ast.Call) -> str:
    """The last component of the called name (``Dense`` for ``keras.layers.Dense(...)``)."""
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return ""


def calls(src: Source) -> list[ast.Call]:
    """Every call in source order."""
    out = [n for n in src.walk() if isinstance(n, ast.Call)]
    out.sort(key=lambda c: (c.lineno, c.col_offset))
    return out


def keyword(call: ast.Call, name: str) -> ast.keyword | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw
    return None


def literal(node: ast.AST | None) -> object:
    """``ast.literal_eval`` or a sentinel ``...`` when it is not a literal."""
    if node is None:
        return ...
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return ...


def layer_prefix(src: Source, call: ast.Call) -> str:
    """How the script spells the layers module at ``call`` (``layers.``, ``tf.keras.layers.``, ``""``)."""
    if isinstance(call.func, ast.Attribute):
        base = dotted(call.func.value)
        if base:
            return base + "."
    return ""


def imported_names(src: Source) -> dict[str, str]:
    """Local name -> imported dotted path, for top-level and nested imports."""
    out: dict[str, str] = {}
    for node in src.walk():
        if isinstance(node, ast.Import):
            for a in node.names:
                out[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                out[a.asname or a.name] = f"{node.module}.{a.name}"
    return out


def add_from_import_name(src: Source, like: str, name: str) -> str | None:
    """Add ``name`` to the ``from M import ...`` that already imports ``like``; None if none."""
    for node in src.tree.body:
        if isinstance(node, ast.ImportFrom) and any(
            (a.asname or a.name) == like for a in node.names
        ):
            if any((a.asname or a.name) == name for a in node.names):
                return src.text
            last = node.names[-1]
            # alias nodes have positions on 3.10+
            end = src.offset(last.end_lineno or node.lineno, last.end_col_offset or 0)
            return Patch(src.text).insert(end, f", {name}").apply()
    return None


def kwvalue(call: ast.Call, name: str) -> ast.expr | None:
    """The value of keyword ``name`` in ``call``, or None."""
    kw = keyword(call, name)
    return kw.value if kw is not None else None


def arg_or_kw(call: ast.Call, index: int, name: str) -> ast.expr | None:
    """Positional argument ``index`` or keyword ``name`` of ``call``, or None."""
    if len(call.args) > index:
        return call.args[index]
    return kwvalue(call, name)


def end_key(node: ast.AST) -> tuple[int, int]:
    """Sort key of a node's end position."""
    return (getattr(node, "end_lineno", 0) or 0, getattr(node, "end_col_offset", 0) or 0)
