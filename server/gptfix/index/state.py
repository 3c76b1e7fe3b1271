"""Bridges the scope walk and what it records: the scope stack and the binding records.

:class:`ScopeState` holds everything :class:`gptfix.index.scopes.ScopeWalker` fills in
(scopes, bindings, accesses, assignments, calls, imports, the roles known so far) and the
helpers that record a binding at its code-point position.
"""

from __future__ import annotations

import ast
from collections import Counter

from gptfix.index.facts import Access, Assignment, Binding, ImportedName, Scope
from gptfix.index.imports import ImportTable
from gptfix.index.positions import LineMap, find_word, short
from gptfix.index.values import ValueContext


def lookup_chain(scopes: list[Scope], sid: int) -> list[int]:
    """Scope ids searched for a name read in scope ``sid``, innermost first.

    Enclosing class bodies are skipped, as Python skips them for names read in methods.
    """
    chain = [sid]
    parent = scopes[sid].parent
    while parent is not None:
        if scopes[parent].kind != "class":
            chain.append(parent)
        parent = scopes[parent].parent
    return chain


class ScopeState(ast.NodeVisitor):
    """The walk's state: the scope stack, what is bound so far, and how to record it."""

    def __init__(self, lines: LineMap) -> None:
        self.lines = lines
        self.scopes: list[Scope] = []
        self.bindings: list[Binding] = []
        self.accesses: list[Access] = []
        self.assignments: list[Assignment] = []
        self.calls: list[tuple[ast.Call, int]] = []
        self.classes: dict[str, tuple[ast.ClassDef, int]] = {}
        self.functions: dict[str, tuple[ast.FunctionDef | ast.AsyncFunctionDef, int]] = {}
        self.imports = ImportTable([], Counter())
        self.imported: list[ImportedName] = self.imports.names  # filled as imports are seen
        self.func_returns: dict[str, str] = {}
        #: (return statement, function name, function scope id, value kind) of every def
        self.returns: list[tuple[ast.Return, str, int, str | None]] = []
        self.class_kinds: dict[str, str] = {}
        self._kinds: list[dict[str, str | None]] = []
        self._globals: list[set[str]] = []
        self._stack: list[int] = []
        self._stmt_line = 0
        self._yields: list[bool] = []  #: per function being walked: does it yield?
        self._own_returns: list[list[ast.Return]] = []
        #: (first line, last line, header end) of every statement
        self.statements: list[tuple[int, int, int]] = []
        #: ``base.attr`` reads and ``base["key"]``/``base.get("key")`` reads: (base, name, line, col)
        self.attr_reads: list[tuple[str, str, int, int]] = []
        self.key_reads: list[tuple[str, str, int, int]] = []

    # -- scopes ---------------------------------------------------------------
    @property
    def scope(self) -> int:
        return self._stack[-1]

    def _push(self, kind: str, name: str, node: ast.AST) -> int:
        parent = self._stack[-1] if self._stack else None
        prefix = self.scopes[parent].qualname if parent is not None and parent != 0 else ""
        qual = f"{prefix}.{name}" if prefix else name
        line = getattr(node, "lineno", 1)
        end = getattr(node, "end_lineno", None) or max(len(self.lines.lines), 1)
        sid = len(self.scopes)
        self.scopes.append(Scope(sid, kind, name, qual, line, end, parent))
        self._kinds.append({})
        self._globals.append(set())
        self._stack.append(sid)
        return sid

    def visible_scopes(self, sid: int | None = None) -> list[int]:
        """The scope chain for name lookups from ``sid`` (class scopes skipped when nested)."""
        return lookup_chain(self.scopes, self.scope if sid is None else sid)

    def kind_of(self, name: str) -> str | None:
        for sid in self.visible_scopes():
            if name in self._kinds[sid]:
                return self._kinds[sid][name]
        return None

    def _ctx(self) -> ValueContext:
        return ValueContext(
            self.imports,
            set(self.visible_scopes()),
            self.kind_of,
            self.func_returns,
            self.class_kinds,
        )

    # -- recording ------------------------------------------------------------
    def _bind(
        self,
        name: str,
        line: int,
        byte_col: int,
        kind: str,
        value_kind: str | None = None,
        value: str | None = None,
        end_line: int | None = None,
        end_byte_col: int | None = None,
    ) -> None:
        sid = 0 if name in self._globals[self.scope] else self.scope
        col = self.lines.char_col(line, byte_col)
        end_line = end_line or line
        end_col = (
            self.lines.char_col(end_line, end_byte_col)
            if end_byte_col is not None
            else col + len(name)
        )
        self.bindings.append(
            Binding(
                name, line, col, end_line, end_col, sid, kind, value_kind, value, self._stmt_line
            )
        )
        self._kinds[sid][name] = value_kind

    def _bind_searched(self, name: str, line: int, kind: str, value_kind: str | None) -> None:
        """Bind a name that ``ast`` gives no position for: find it on its line."""
        text = self.lines.line_text(line)
        idx = find_word(text, name)
        byte = len(text[: max(idx, 0)].encode("utf-8"))
        self._bind(name, line, byte, kind, value_kind)

    def _bind_target(
        self, target: ast.expr, kind: str, value_kind: str | None, value: str | None
    ) -> list[str]:
        names: list[str] = []
        if isinstance(target, ast.Name):
            self._bind(
                target.id,
                target.lineno,
                target.col_offset,
                kind,
                value_kind,
                value,
                target.end_lineno,
                target.end_col_offset,
            )
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                names += self._bind_target(elt, kind, None, value)
        elif isinstance(target, ast.Starred):
            names += self._bind_target(target.value, kind, None, value)
        else:  # attribute / subscript targets read their base
            self.visit(target)
        return names

    def _source(self, node: ast.AST) -> str:
        return short(self.lines.node_text(node))
