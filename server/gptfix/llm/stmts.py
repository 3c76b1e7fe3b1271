"""The statement model of a script and of an answer's code block.

Bridges Python's ``ast`` and the merger: every statement with its line span (decorators
included), a normalised dump (formatting and comments ignored) and a *key* saying what
it is about (``def build_model``, ``assign backbone``, ``call model.compile``), so a
changed version of a statement can be found. Elision markers in a block become sentinel
statements so the block parses.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

from gptfix.llm.answer import is_elision, is_marked_new
from gptfix.llm.block_text import bracket_depth
from gptfix.llm.patches import Refused
from gptfix.repair.rules.api_attrs import METHOD_RENAMES

SENTINEL = "__gptfix_elided__"


COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.With,
    ast.For,
    ast.While,
    ast.If,
)


@dataclass
class Stmt:
    """A statement with its line span (0-based, end exclusive, decorators included)."""

    node: ast.stmt
    start: int
    end: int
    dump: str
    key: str | None
    marker: bool = False
    alt: str | None = None  #: ``call f`` for ``y = f(...)``, so an answer's bare ``f(...)`` matches
    new_mark: bool = False

    @property
    def is_import(self) -> bool:
        return isinstance(self.node, ast.Import | ast.ImportFrom)

    def keyed_like(self, other: Stmt) -> bool:
        """Whether this (an answer's) statement sets what ``other`` (the script's) does: the
        same key, or the same call with the result bound on one side only (``f(...)`` for
        ``y = f(...)``, ``history = model.fit(...)`` for a bare ``model.fit(...)``)."""
        return self.key is not None and (
            self.key in (other.key, other.alt)
            or (self.alt is not None and other.alt is None and self.alt == other.key)
        )

    @property
    def is_def(self) -> bool:
        return isinstance(self.node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)


def _renamed(callee: str) -> str:
    """``model.fit_generator`` as ``model.fit``: a call of a removed Keras method and the
    answer's call of its replacement are about the same thing."""
    head, _, method = callee.rpartition(".")
    new = METHOD_RENAMES.get(method) if method.endswith("_generator") else None
    return f"{head}.{new}" if head and new else callee


def stmt_key(node: ast.stmt) -> str | None:
    """What a statement is "about": the thing a changed version of it would keep."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return f"def {node.name}"
    if isinstance(node, ast.Assign):
        return "assign " + " = ".join(ast.unparse(t) for t in node.targets)
    if isinstance(node, ast.AnnAssign):
        return "assign " + ast.unparse(node.target)
    if isinstance(node, ast.AugAssign):
        return f"aug {ast.unparse(node.target)}"
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        if isinstance(node.value.func, ast.Name) and node.value.func.id == "print":
            return "call print " + _print_label(node.value)
        args = node.value.args
        flag = args[0].value if args and isinstance(args[0], ast.Constant) else None
        if isinstance(flag, str) and flag.startswith("-"):
            # ``p.add_argument("--lr", ...)``: one option each, never another's rewrite
            return f"call {ast.unparse(node.value.func)} {flag}"
        return "call " + _renamed(ast.unparse(node.value.func))
    if isinstance(node, ast.For | ast.AsyncFor):
        return "for " + ast.unparse(node.target)
    if isinstance(node, ast.With | ast.AsyncWith):
        return "with " + ", ".join(ast.unparse(i.context_expr) for i in node.items)
    if isinstance(node, ast.If | ast.While):
        return f"{'if' if isinstance(node, ast.If) else 'while'} {ast.unparse(node.test)}"
    if isinstance(node, ast.Return):
        return "return"
    if (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ):
        return "docstring"
    return None


def _print_label(call: ast.Call) -> str:
    """What a ``print`` shows, by its first argument's leading text (``"history:"``) or the
    name its value is read from: a print is about its message, so one print never takes
    the place of another's."""
    if not call.args:
        return ""
    first = call.args[0]
    if isinstance(first, ast.JoinedStr):
        parts = [v.value for v in first.values if isinstance(v, ast.Constant)]
        text = str(parts[0]) if parts else ""
    elif isinstance(first, ast.Constant) and isinstance(first.value, str):
        text = first.value
    else:  # a value: what it is read from (``values[7]`` and ``values[-1]`` show ``values``)
        base = first
        while isinstance(base, ast.Subscript | ast.Attribute | ast.Call):
            base = base.func if isinstance(base, ast.Call) else base.value
        return ast.unparse(base)
    words = text.split()
    return " ".join(words[:2])


def _alt_key(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
        return "call " + ast.unparse(node.value.func)
    return None


def callee(node: ast.stmt) -> str | None:
    """The innermost called function of an assignment/call (``layers.Dense`` for ``Dense(..)(x)``;
    ``model.add(layers.Dense)`` for ``model.add(layers.Dense(8))``)."""
    value = getattr(node, "value", None)
    found = None
    while isinstance(value, ast.Call):
        found = value
        value = value.func
    if found is None:
        return None
    inner = found.args[0] if len(found.args) == 1 and not found.keywords else None
    if isinstance(found.func, ast.Attribute) and isinstance(inner, ast.Call):
        # ``model.add(layers.Dense(8))``: a container's method given one new object, whose
        # own call says what the statement is (not ``model.add`` for every layer)
        return f"{ast.unparse(found.func)}({ast.unparse(inner.func)})"
    return ast.unparse(found.func)


def is_sentinel(node: ast.stmt) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Name)
        and node.value.id == SENTINEL
    )


def make_stmts(body: list[ast.stmt], lines: list[str]) -> list[Stmt]:
    out = []
    for node in body:
        decos = getattr(node, "decorator_list", [])
        start = min([node.lineno] + [d.lineno for d in decos]) - 1
        end = node.end_lineno or node.lineno
        first = lines[node.lineno - 1]
        above = lines[start - 1] if start > 0 else ""
        out.append(
            Stmt(
                node,
                start,
                end,
                ast.dump(node),
                stmt_key(node),
                alt=_alt_key(node),
                marker=is_sentinel(node),
                new_mark=is_marked_new(first)
                or (above.strip().startswith("#") and is_marked_new(above)),
            )
        )
    return out


def all_bodies(tree: ast.Module, lines: list[str]) -> list[list[Stmt]]:
    """Every statement list of the script (module body, function bodies, loop bodies...)."""
    bodies = [make_stmts(tree.body, lines)]
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            sub = getattr(node, name, None)
            if node is not tree and isinstance(sub, list) and sub and isinstance(sub[0], ast.stmt):
                bodies.append(make_stmts(sub, lines))
        for handler in getattr(node, "handlers", []) or []:
            bodies.append(make_stmts(handler.body, lines))
    return bodies


#: ``...`` written as one argument among others, after a comma
_INLINE_ELLIPSIS = re.compile(r",[ \t]*(?:\.\.\.|…)(?=[ \t]*[,)])")


def starred_elisions(code: str) -> str:
    """``code`` with ``...`` written after a call's keywords (``fit(ds, epochs=3, ...)``,
    not Python) as ``*...``, when only that makes it parse; else ``code`` as it is."""
    new = _INLINE_ELLIPSIS.sub(", *...", code)
    if new == code:
        return code
    try:
        ast.parse(textwrap.dedent(code))
        return code
    except SyntaxError:
        pass
    try:
        ast.parse(textwrap.dedent(new))
    except SyntaxError:
        return code
    return new


def parse_block(code: str) -> tuple[ast.Module, list[str]]:
    """Parse a block, turning elision markers into sentinel statements."""
    raw = code.rstrip("\n").split("\n")
    # ``model.fit(train_ds, validation_data=val_ds, ...)``: ``...`` after keywords is read as
    # ``*...`` (which Python takes there), the same marker among the call's arguments
    starred_inline = [_INLINE_ELLIPSIS.sub(", *...", x) for x in raw]
    tries = [(s, raw) for s in ("own", "next", "deeper", "item", "starred")]
    if starred_inline != raw:
        tries.append(("starred", starred_inline))
    for strategy, raw in tries:
        lines = []
        depth = 0
        for i, line in enumerate(raw):
            if not is_elision(line):
                lines.append(line)
                depth += bracket_depth(line)
                continue
            indent = line[: len(line) - len(line.lstrip())]
            if strategy in ("item", "starred") and depth > 0:
                # a marker among a list's items or a call's arguments, in the middle:
                # ``x, y,`` / ``...`` / ``callbacks=cb,``
                lines.append(indent + ("*" if strategy == "starred" else "") + SENTINEL + ",")
                continue
            if strategy == "next":
                nxt = next((x for x in raw[i + 1 :] if x.strip() and not is_elision(x)), "")
                indent = nxt[: len(nxt) - len(nxt.lstrip())]
            elif strategy == "deeper":
                prev = next((x for x in reversed(lines) if x.strip()), "")
                indent = prev[: len(prev) - len(prev.lstrip())] + "    "
            lines.append(indent + SENTINEL)
        try:
            return ast.parse("\n".join(lines)), lines
        except SyntaxError:
            continue
    try:
        ast.parse(code)
    except SyntaxError as exc:
        raise Refused(f"answer code does not parse: line {exc.lineno}: {exc.msg}") from None
    raise Refused("answer code does not parse once its elision markers are resolved")


def has_marker(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Name) and n.id == SENTINEL for n in ast.walk(node))


def indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def is_docstring(node: ast.stmt) -> bool:
    """Docstrings are kept even when a whole-body answer leaves them out."""
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def assigned_names(node: ast.stmt) -> set[str]:
    """Names an assignment binds."""
    if isinstance(node, ast.Assign):
        return {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def rebinds_itself(node: ast.stmt) -> bool:
    """``y = f(y)``: an assignment that transforms a value its targets already hold."""
    if not isinstance(node, ast.Assign):
        return False
    targets = {
        n.id
        for t in node.targets
        for n in ast.walk(t)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)
    }
    if not targets or any(not isinstance(t, ast.Name | ast.Tuple | ast.List) for t in node.targets):
        return False
    return targets <= read_names(ast.Expr(node.value))


def read_names(node: ast.stmt) -> set[str]:
    """Names a statement reads."""
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def describe(st: Stmt) -> str:
    """A statement as the report names it: "`x = ...` at line 12"."""
    key = st.key or "statement"
    kind, _, name = key.partition(" ")
    label = {"def": f"`{name}`", "assign": f"`{name} = ...`", "call": f"`{name}(...)`"}.get(
        kind, f"`{key}`"
    )
    return f"{label} at line {st.start + 1}"


def apply_ops(lines: list[str], ops: list[tuple[int, int, list[str]]]) -> list[str]:
    """Apply non-overlapping line operations (start, end, new lines)."""
    ops = sorted(ops, key=lambda o: (o[0], o[1]))
    for a, b in zip(ops, ops[1:], strict=False):
        if b[0] < a[1]:
            raise Refused("the answer's edits overlap each other")
    out = list(lines)
    for start, end, new in reversed(ops):
        out[start:end] = new
    return out
