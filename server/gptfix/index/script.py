"""The script index: one ``ast`` parse of a training script turned into queryable facts.

Bridges the source text and every part that needs to understand it (repair rules, the
LLM context builder and answer applier, recipes, the language server). Built from the
stdlib ``ast`` only (fast enough to rebuild on every keystroke); libcst is left to the
code that computes edits. :func:`index_text` builds one index; callers ask
:func:`gptfix.index.cache.build_index`, which answers from the process-wide cache. An
index of code that does not parse reports where it fails.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
from dataclasses import dataclass, field
from typing import Any

from gptfix.index.config import find_config
from gptfix.index.facts import (
    Access,
    Binding,
    ConfigAttr,
    ConfigMisread,
    KerasFacts,
    Origin,
    Scope,
    Span,
    SyntaxProblem,
)
from gptfix.index.imports import ImportTable
from gptfix.index.keras import keras_facts
from gptfix.index.origins import Origins
from gptfix.index.positions import LineMap
from gptfix.index.scopes import ScopeWalker
from gptfix.index.state import lookup_chain

BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__", "__spec__"}


@dataclass
class ScriptIndex:
    """Everything gptfix knows about one version of a script (see :func:`~gptfix.index.cache.build_index`)."""

    text: str
    path: str | None
    lines: LineMap
    scopes: list[Scope]
    bindings: list[Binding]
    accesses: list[Access]
    imports: ImportTable
    config: list[ConfigAttr]
    keras: KerasFacts
    syntax_error: SyntaxProblem | None = None  #: set when ``text`` does not parse
    stale: bool = False  #: True when this is the last good index kept for newer broken text
    statements: list[tuple[int, int, int]] = field(default_factory=list)  #: (line, end, header end)
    #: reads of configuration attributes no configuration defines (``CFG.BATCH_SIZE``)
    config_misreads: list[ConfigMisread] = field(default_factory=list)
    tree: ast.Module | None = field(default=None, repr=False)  #: the parse, for provenance
    #: origin queries (see :meth:`origin`); None for a text that does not parse
    origins: Origins | None = field(default=None, repr=False, compare=False)
    _by_name: dict[str, list[Binding]] = field(init=False, repr=False, default_factory=dict)
    _exprs: dict[tuple[int, int, int, int], ast.expr] | None = field(
        init=False, repr=False, default=None
    )

    def __post_init__(self) -> None:
        for b in self.bindings:
            self._by_name.setdefault(b.name, []).append(b)

    # -- scopes -----------------------------------------------------------------
    def scope_chain(self, sid: int) -> list[int]:
        """Scope ids searched for a name read in scope ``sid``, innermost first."""
        return lookup_chain(self.scopes, sid)

    def enclosing_scope(self, line: int, fine: bool = False) -> Scope:
        """The innermost function/class (or the module) containing ``line``.

        With ``fine=True`` lambdas and comprehensions count too.
        """
        best = self.scopes[0]
        for scope in self.scopes[1:]:
            if not fine and scope.kind in ("lambda", "comprehension"):
                continue
            if scope.line <= line <= scope.end_line and scope.line >= best.line:
                best = scope
        return best

    def enclosing_function(self, line: int) -> Scope | None:
        """The innermost ``def`` containing ``line``, or None at module/class level."""
        sid: int | None = self.enclosing_scope(line).id
        while sid is not None and self.scopes[sid].kind != "function":
            sid = self.scopes[sid].parent
        return self.scopes[sid] if sid is not None else None

    # -- names ----------------------------------------------------------------
    def bindings_of(self, name: str, scope: int | None = None) -> list[Binding]:
        return [b for b in self._by_name.get(name, []) if scope is None or b.scope == scope]

    def resolving_scope(self, name: str, sid: int) -> int | None:
        """The scope whose binding of ``name`` a read in scope ``sid`` sees (None: unbound)."""
        bound = {b.scope for b in self._by_name.get(name, [])}
        for s in self.scope_chain(sid):
            if s in bound:
                return s
        return None

    def lookup(self, name: str, line: int, sid: int | None = None) -> Binding | None:
        """The binding a read of ``name`` at ``line`` sees: the latest one before it in the
        resolving scope, else the first one there (a function defined further down)."""
        sid = self.enclosing_scope(line, fine=True).id if sid is None else sid
        target = self.resolving_scope(name, sid)
        if target is None:
            return None
        found = [b for b in self._by_name.get(name, []) if b.scope == target]
        before = [b for b in found if b.line <= line]
        if (
            target != sid
            and self.scopes[target].kind == "module"
            and self.scopes[sid].kind != "module"
        ):
            return found[-1] if not before else before[-1]
        return before[-1] if before else found[0]

    def names_in_scope(self, line: int, before_only: bool = False) -> dict[str, Binding]:
        """Every name visible at ``line`` with the binding it resolves to there.

        ``before_only`` drops the names that the scope of ``line`` binds only on later
        lines (code inserted at ``line`` cannot read them yet); enclosing scopes count in
        full, since a function body runs after the module has been read.
        """
        sid = self.enclosing_scope(line, fine=True).id
        out: dict[str, Binding] = {}
        for s in self.scope_chain(sid):
            for b in self.bindings:
                if b.scope != s or b.name in out:
                    continue
                if before_only and b.line >= line and s == sid:
                    continue
                found = self.lookup(b.name, line, sid)
                out[b.name] = found or b
        return out

    def uses_of(self, binding: Binding) -> list[Access]:
        """Reads of ``binding.name`` that resolve to the binding's scope."""
        return [
            a
            for a in self.accesses
            if a.name == binding.name and self.resolving_scope(a.name, a.scope) == binding.scope
        ]

    def statement_at(self, line: int) -> tuple[int, int]:
        """(first, last) line of the innermost statement at ``line`` (the header of a
        compound statement such as ``def``/``for``/``if``); ``(line, line)`` elsewhere."""
        best: tuple[int, int] | None = None
        for start, _end, header_end in self.statements:
            if start > line:
                break
            if line <= header_end and (best is None or start >= best[0]):
                best = (start, header_end)
        return best or (line, line)

    def dependencies(self, line: int, depth: int = 1) -> list[Binding]:
        """The definitions the statement at ``line`` reads (imports, config, functions...).

        ``depth`` > 1 also follows what those definitions' own statements read (a ``def``
        counts by its header only), nearest first.
        """
        out: list[Binding] = []
        frontier = [line]
        for _ in range(max(depth, 1)):
            found: list[int] = []
            for at in frontier:
                first, last = self.statement_at(at)
                for acc in self.accesses:
                    if not first <= acc.line <= last:
                        continue
                    b = self.lookup(acc.name, acc.line, acc.scope)
                    if b is not None and b not in out and not (first <= b.line <= last):
                        out.append(b)
                        found.append(b.stmt_line or b.line)
            frontier = found
            if not frontier:
                break
        return out

    def origin(self, node: ast.expr) -> Origin | None:
        """Where the value of ``node`` (an expression of this text, from any parse of it)
        is written: followed through assignments, parameters and configuration values
        (see :mod:`gptfix.index.origins`). None when the text does not parse."""
        return self.origins.of(node) if self.origins is not None else None

    def expr_at(self, span: Span) -> ast.expr | None:
        """The outermost expression of the parse at exactly ``span`` (None if none)."""
        if self.tree is None:
            return None
        exprs = self._exprs
        if exprs is None:  # built whole, then published: indexes are shared across threads
            exprs = {}
            for node in ast.walk(self.tree):  # breadth first: outer expressions first
                if isinstance(node, ast.expr):
                    s = self.lines.span(node)
                    exprs.setdefault((s.line, s.col, s.end_line, s.end_col), node)
            self._exprs = exprs
        return exprs.get((span.line, span.col, span.end_line, span.end_col))

    def config_used_at(self, line: int) -> list[ConfigAttr]:
        """Configuration values read by the statement at ``line``."""
        first, last = self.statement_at(line)
        return [c for c in self.config if any(first <= u[0] <= last for u in c.uses)]

    def config_attr(self, name: str, owner: str | None = None) -> ConfigAttr | None:
        """The configuration value called ``name`` (e.g. "batch_size"), if any."""
        for c in self.config:
            if c.name == name and (owner is None or c.owner == owner):
                return c
        return None

    def spell(self, qualified: str, line: int | None = None) -> str | None:
        """How the script writes ``qualified`` (``keras.layers.Dense``) at ``line``."""
        scopes = None
        if line is not None:
            scopes = set(self.scope_chain(self.enclosing_scope(line).id))
        return self.imports.spell(qualified, scopes)

    def is_builtin(self, name: str) -> bool:
        return name in BUILTINS

    def to_json(self) -> dict[str, Any]:
        """The facts as plain data (what ``gptfix index --json`` prints)."""
        return {
            "path": self.path,
            "syntax_error": dataclasses.asdict(self.syntax_error) if self.syntax_error else None,
            "stale": self.stale,
            "imports": [dataclasses.asdict(n) for n in self.imports.names],
            "import_style": self.imports.style(),
            "config": [dataclasses.asdict(c) for c in self.config],
            "config_misreads": [dataclasses.asdict(m) for m in self.config_misreads],
            "keras": self.keras.to_json(),
            "scopes": [dataclasses.asdict(s) for s in self.scopes],
            "bindings": [dataclasses.asdict(b) for b in self.bindings],
        }


def _empty(text: str, path: str | None, problem: SyntaxProblem) -> ScriptIndex:
    lines = LineMap(text)
    module = Scope(0, "module", "<module>", "<module>", 1, max(len(lines.lines), 1), None)
    return ScriptIndex(
        text, path, lines, [module], [], [], ImportTable([]), [], KerasFacts(), problem
    )


def syntax_problem(text: str, lines: LineMap | None = None) -> SyntaxProblem | None:
    """Where ``text`` fails to parse (None when it parses)."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return _problem(exc, lines or LineMap(text))
    return None


def _problem(exc: SyntaxError, lines: LineMap) -> SyntaxProblem:
    line = exc.lineno or 1
    col = max((exc.offset or 1) - 1, 0)  # SyntaxError.offset counts code points, 1-based
    return SyntaxProblem(exc.msg, line, min(col, len(lines.line_text(line))))


def index_text(text: str, path: str | None) -> ScriptIndex:
    """Index ``text`` afresh (callers go through the cache:
    :func:`~gptfix.index.cache.build_index`)."""
    lines = LineMap(text)
    try:
        tree = ast.parse(text, filename=path or "<script>")
    except (SyntaxError, ValueError) as exc:
        if isinstance(exc, SyntaxError):
            return _empty(text, path, _problem(exc, lines))
        return _empty(text, path, SyntaxProblem(str(exc), 1, 0))
    walker = ScopeWalker(lines)
    walker.run(tree)
    misreads: list[ConfigMisread] = []
    config = find_config(tree, walker, lines, misreads)
    origins = Origins(walker, lines, config)
    facts = keras_facts(walker, lines, config, origins)
    statements = sorted(walker.statements)
    index = ScriptIndex(
        text,
        path,
        lines,
        walker.scopes,
        walker.bindings,
        walker.accesses,
        walker.imports,
        config,
        facts,
        statements=statements,
        config_misreads=misreads,
        tree=tree,
        origins=origins,
    )
    _mark_compiled(index)
    return index


def _mark_compiled(index: ScriptIndex) -> None:
    """Model bindings that reach a ``.compile()`` call become "compiled-model"."""
    for comp in index.keras.compile:
        if "." in comp.model:
            continue
        b = index.lookup(comp.model, comp.line)
        if b is not None and b.value_kind == "model":
            b.value_kind = "compiled-model"


__all__ = ["ScriptIndex", "index_text", "syntax_problem"]
