"""Bridges a script's text to the libcst tree the recipes read and edit.

One parse per script: the module, node positions, parent links, every call and
single-name assignment, plus small helpers to read and rebuild calls and lists. What the
script means (its backbone, augmentation, batch sizes, dtype policy) comes from the
program model, :attr:`CstScript.index`; its facts are located in this tree by their
source range (:meth:`CstScript.call_at`, :meth:`CstScript.span_node`). Edits are
collected on a :class:`gptfix.recipes.patch.NodeEdits`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from gptfix.errors import EXIT_NOT_PYTHON, GptfixError
from gptfix.index import CallFact, ScriptIndex, Span, build_index

Block = cst.Module | cst.IndentedBlock


def dotted(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def method(call: cst.Call) -> str | None:
    """``fit`` for ``anything.fit(...)`` (the receiver may be any expression)."""
    return call.func.attr.value if isinstance(call.func, cst.Attribute) else None


def callee(call: cst.Call) -> str | None:
    """The dotted name of what a call calls (``keras.layers.Dense``), else None."""
    return dotted(call.func)


def last(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]


def kwarg(call: cst.Call, name: str) -> cst.Arg | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]


def literal(node: cst.BaseExpression | None) -> object:
    """The Python value of a simple literal (number, string, tuple/list of those), else None."""
    if node is None:
        return None
    if isinstance(node, cst.Integer | cst.Float | cst.SimpleString):
        return node.evaluated_value
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = literal(node.expression)
        return -inner if isinstance(inner, int | float) else None
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    return None


def expr(code: str) -> cst.BaseExpression:
    return cst.parse_expression(code)


def statements(code: str, blank_before: int = 0) -> list[cst.BaseStatement]:
    """Parse one or more statements, the first with ``blank_before`` blank lines above it."""
    body: list[cst.BaseStatement] = list(
        cst.parse_module("pass\n" + "\n" * blank_before + code).body
    )
    return body[1:]


def with_kwarg(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with keyword ``name`` set to ``value`` (replaced if present, else appended)."""
    args = list(call.args)
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == name:
            args[i] = arg.with_changes(value=value)
            return call.with_changes(args=args)
    new = cst.Arg(
        keyword=cst.Name(name),
        value=value,
        equal=cst.AssignEqual(
            whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
        ),
    )
    if args:
        prev = args[-1]
        if prev.comma is cst.MaybeSentinel.DEFAULT:
            args[-1] = prev.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
        elif isinstance(prev.comma, cst.Comma):
            # keep a trailing comma layout: the new arg goes last, with the same comma
            new = new.with_changes(comma=prev.comma)
            args[-1] = prev.with_changes(
                comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
            )
    args.append(new)
    return call.with_changes(args=args)


def without_kwarg(call: cst.Call, name: str) -> cst.Call:
    """``call`` without keyword ``name`` (unchanged when absent)."""
    args = list(call.args)
    for i, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == name:
            del args[i]
            if i == len(args) and args:  # removed the last one: its comma layout moves up
                args[-1] = args[-1].with_changes(comma=arg.comma)
            return call.with_changes(args=args)
    return call


def append_element(lst: cst.List, element: cst.BaseExpression, at: int | None = None) -> cst.List:
    """``lst`` with ``element`` appended (or inserted at ``at``), keeping its layout."""
    elements = list(lst.elements)
    new = cst.Element(value=element)
    if at is not None and at < len(elements):
        sep = elements[at - 1].comma if at > 0 else cst.MaybeSentinel.DEFAULT
        if not isinstance(sep, cst.Comma):
            sep = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        elements.insert(at, new.with_changes(comma=sep))
        return lst.with_changes(elements=elements)
    if not elements:
        return lst.with_changes(elements=[new])
    tail = elements[-1]
    if isinstance(tail.comma, cst.Comma):
        between = elements[-2].comma if len(elements) > 1 else tail.comma
        elements[-1] = tail.with_changes(comma=between)
        new = new.with_changes(comma=tail.comma)
    else:
        elements[-1] = tail.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        )
    elements.append(new)
    return lst.with_changes(elements=elements)


class _Collector(cst.CSTVisitor):
    def __init__(self, src: CstScript) -> None:
        self.src = src
        self.stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.src.parent[node] = self.stack[-1]
        self.stack.append(node)
        if isinstance(node, cst.Call):
            self.src.calls.append(node)
        elif isinstance(node, cst.FunctionDef):
            self.src.functions.setdefault(node.name.value, node)
        elif isinstance(node, cst.ClassDef):
            self.src.classes.setdefault(node.name.value, node)
        elif isinstance(node, cst.Assign) and len(node.targets) == 1:
            target = dotted(node.targets[0].target)
            if target:
                self.src.assigns[target].append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()


class CstScript:
    """A parsed script: tree, positions, parents, calls and assignments by target name."""

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as exc:
            raise GptfixError(
                f"the script does not parse (line {exc.raw_line}): {exc.message}", EXIT_NOT_PYTHON
            ) from exc
        self.wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self.module = self.wrapper.module
        self.positions = self.wrapper.resolve(PositionProvider)
        self.parent: dict[cst.CSTNode, cst.CSTNode] = {}
        self.calls: list[cst.Call] = []
        self.functions: dict[str, cst.FunctionDef] = {}
        self.classes: dict[str, cst.ClassDef] = {}
        self.assigns: dict[str, list[cst.Assign]] = defaultdict(list)
        self._starts: dict[tuple[int, int], list[cst.CSTNode]] | None = None
        self.module.visit(_Collector(self))

    # -- the program model --------------------------------------------------------------
    @cached_property
    def index(self) -> ScriptIndex:
        """The script's program model (config, batch sizes, the Keras graph): the facts
        recipes act on; this tree only locates them for editing."""
        return build_index(self.text)

    def call_at(self, fact: CallFact) -> cst.Call | None:
        """The call an index :class:`~gptfix.index.facts.CallFact` describes (located by
        its range: the index's facts are what recipes act on, this tree is how they edit)."""
        found = [
            n
            for n in self.nodes_at(fact.line, fact.col)
            if isinstance(n, cst.Call) and self.positions[n].end.line == fact.end_line
            and self.positions[n].end.column == fact.end_col
        ]  # fmt: skip
        return found[0] if found else None

    def span_node(self, span: Span) -> cst.BaseExpression | None:
        """The expression at an index :class:`~gptfix.index.facts.Span`."""
        for node in self.nodes_at(span.line, span.col):
            end = self.positions[node].end
            if isinstance(node, cst.BaseExpression) and (end.line, end.column) == (
                span.end_line,
                span.end_col,
            ):
                return node
        return None

    def statements_at(self, line: int) -> list[cst.BaseStatement]:
        """The statements (in a module or block body) that start at ``line``."""
        return [
            n for n in self._nodes_on_line(line)
            if isinstance(n, cst.BaseStatement)
            and isinstance(self.parent.get(n), cst.Module | cst.IndentedBlock)
        ]  # fmt: skip

    def _nodes_on_line(self, line: int) -> list[cst.CSTNode]:
        self.nodes_at(line, 0)
        starts = self._starts or {}
        return [n for (ln, _c), nodes in starts.items() if ln == line for n in nodes]

    def nodes_at(self, line: int, col: int) -> list[cst.CSTNode]:
        """Every node that starts at (1-based line, code-point column), outermost first."""
        starts = self._starts
        if starts is None:  # built whole, then published: parsed scripts are shared
            starts = defaultdict(list)
            for node, where in self.positions.items():
                starts[(where.start.line, where.start.column)].append(node)
            self._starts = starts
        return starts.get((line, col), [])

    # -- positions and structure ------------------------------------------------------
    def line(self, node: cst.CSTNode) -> int:
        return self.positions[node].start.line

    def end_line(self, node: cst.CSTNode) -> int:
        return self.positions[node].end.line

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        cur = self.parent.get(node)
        while cur is not None:
            yield cur
            cur = self.parent.get(cur)

    def statement(self, node: cst.CSTNode) -> cst.BaseStatement:
        """The statement (directly in a Module or IndentedBlock) that contains ``node``."""
        cur: cst.CSTNode = node
        for up in self.ancestors(node):
            if isinstance(up, cst.Module | cst.IndentedBlock) and isinstance(
                cur, cst.BaseStatement
            ):
                return cur
            cur = up
        raise ValueError("node is not inside a statement")

    def top_statement(self, node: cst.CSTNode) -> cst.BaseStatement:
        """The module-level statement that contains ``node``."""
        cur: cst.CSTNode = node
        for up in self.ancestors(node):
            if isinstance(up, cst.Module) and isinstance(cur, cst.BaseStatement):
                return cur
            cur = up
        if isinstance(node, cst.BaseStatement):
            return node
        raise ValueError("node is not inside the module")

    def function(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        for up in self.ancestors(node):
            if isinstance(up, cst.FunctionDef):
                return up
        return None

    def block(self, stmt: cst.BaseStatement) -> Block:
        up = self.parent[stmt]
        assert isinstance(up, cst.Module | cst.IndentedBlock)
        return up

    def following(self, stmt: cst.BaseStatement) -> list[cst.BaseStatement]:
        body = list(self.block(stmt).body)
        return body[body.index(stmt) + 1 :]

    # -- assignments ------------------------------------------------------------------
    def assign_stmt(self, stmt: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
        """``(target, value)`` for ``target = value`` statements (one Name target)."""
        if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
            small = stmt.body[0]
            if (
                isinstance(small, cst.Assign)
                and len(small.targets) == 1
                and isinstance(small.targets[0].target, cst.Name)
            ):
                return small.targets[0].target.value, small.value
        return None

    def origin(self, node: cst.BaseExpression) -> cst.BaseExpression:
        """The expression that defines the value of ``node``, from the program model
        (:meth:`gptfix.index.ScriptIndex.origin`: through assignments, parameters and
        configuration values): ``batch_size`` -> its parameter default ``BATCH`` ->
        ``BATCH = 16`` -> ``16``. ``node`` itself when the trace ends at a name."""
        where = self.positions[node]
        span = Span(where.start.line, where.start.column, where.end.line, where.end.column)
        at = self.index.expr_at(span)
        found = self.index.origin(at) if at is not None else None
        if found is None or found.span is None:
            return node
        return self.span_node(found.span) or node

    def calls_named(self, *tails: str) -> list[cst.Call]:
        return [c for c in self.calls if last(callee(c)) in tails]

    def last_import(self, before: cst.CSTNode | None = None) -> cst.BaseStatement | None:
        """The last module-level import statement (before the statement holding ``before``).

        New imports and module-level code go after it, so they exist before their first use
        even when a notebook export has more imports further down.
        """
        limit = self.line(self.top_statement(before)) if before is not None else None
        found: cst.BaseStatement | None = None
        for stmt in self.module.body:
            if limit is not None and self.line(stmt) >= limit:
                break
            if isinstance(stmt, cst.SimpleStatementLine) and all(
                isinstance(s, cst.Import | cst.ImportFrom) for s in stmt.body
            ):
                found = stmt
        return found

    def names_in_use(self) -> set[str]:
        used = set(self.functions) | set(self.classes)
        used.update(n for n in self.assigns if "." not in n)
        for node, up in self.parent.items():
            if not isinstance(node, cst.Name):
                continue
            if isinstance(up, cst.Arg) and up.keyword is node:
                continue  # compile(optimizer=...) does not bind `optimizer`
            if isinstance(up, cst.Attribute) and up.attr is node:
                continue  # keras.layers does not bind `layers`
            used.add(node.value)
        return used

    def unique(self, base: str, taken: set[str] | None = None) -> str:
        used = self.names_in_use() | (taken or set())
        if base not in used:
            return base
        n = 2
        while f"{base}_{n}" in used:
            n += 1
        return f"{base}_{n}"
