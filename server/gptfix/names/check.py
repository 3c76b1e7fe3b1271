"""Bridges two versions of a script: which names a change left unbound, renamed or removed.

``check(original, changed)`` indexes both texts and reports names read but never bound
(or read before their module-level binding), and bindings or configuration values that
disappeared (``CFG.batch_size`` -> ``BATCH_SIZE``) together with the readers that still
use them, with a likely new name when one can be matched.
"""

from __future__ import annotations

import ast
from dataclasses import asdict, dataclass, field
from typing import Any

from gptfix.index import ConfigAttr, ScriptIndex, build_index
from gptfix.names.self_attrs import UnsetAttribute, unset_attributes


@dataclass
class Unbound:
    name: str
    line: int
    col: int  #: 0-based code-point column
    scope: str  #: qualified name of the scope that reads it
    reason: str  #: "never bound" | "used before it is bound (line N)"
    preexisting: bool = False  #: also unbound in the original


@dataclass
class Removed:
    """A binding or configuration value of the original that the change dropped."""

    name: str  #: "train_ds", or the config expression "CFG.batch_size"
    kind: str  #: "binding" | "config"
    line: int  #: where it was defined in the original
    scope: str
    renamed_to: str | None = None  #: the likely new name, if one was found
    evidence: str = ""
    users: list[tuple[int, int]] = field(default_factory=list)  #: readers left in the change

    @property
    def breaking(self) -> bool:
        return bool(self.users)


@dataclass
class Misread:
    """A read of a configuration value no configuration defines (``CFG.BATCH_SIZE``)."""

    expr: str  #: the read as written
    line: int
    col: int  #: 0-based code-point column
    close: str | None = None  #: the defined value it likely means ("CFG.batch_size")
    close_line: int | None = None
    preexisting: bool = False  #: also misread in the original


@dataclass
class NamesReport:
    unbound: list[Unbound] = field(default_factory=list)
    removed: list[Removed] = field(default_factory=list)
    misread: list[Misread] = field(default_factory=list)
    syntax_error: str | None = None  #: the changed text does not parse (nothing else checked)
    star_import: bool = False  #: ``from x import *`` makes unbound names unknowable

    @property
    def ok(self) -> bool:
        """True when the change leaves no new unbound name and no broken reader."""
        return (
            self.syntax_error is None
            and not [u for u in self.unbound if not u.preexisting]
            and not [r for r in self.removed if r.breaking]
            and not [m for m in self.misread if not m.preexisting]
        )

    @property
    def problems(self) -> list[str]:
        """One line per problem the change introduces (empty when :attr:`ok`)."""
        out = [f"syntax error at {self.syntax_error}"] if self.syntax_error else []
        out += [
            f"{u.name} at line {u.line} is {u.reason}" for u in self.unbound if not u.preexisting
        ]
        for m in self.misread:
            if not m.preexisting:
                means = f" (did you mean {m.close}?)" if m.close else ""
                out.append(f"{m.expr} at line {m.line} is not defined by the config{means}")
        for r in self.removed:
            if r.breaking:
                lines = ", ".join(str(line) for line, _ in r.users)
                new = f" (renamed to {r.renamed_to}?)" if r.renamed_to else ""
                out.append(f"{r.name} was removed{new} but is still used at line {lines}")
        return out

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["problems"] = self.problems
        d["ok"] = self.ok
        for r, rd in zip(self.removed, d["removed"], strict=True):
            rd["breaking"] = r.breaking
        return d


def unbound_names(index: ScriptIndex) -> list[Unbound]:
    """Names read in ``index`` that nothing binds (builtins excepted)."""
    out: list[Unbound] = []
    first_module_binding: dict[str, int] = {}
    for b in index.bindings:
        if b.scope == 0:
            first_module_binding.setdefault(b.name, b.line)
    for acc in index.accesses:
        if index.is_builtin(acc.name):
            continue
        scope = index.scopes[acc.scope]
        target = index.resolving_scope(acc.name, acc.scope)
        if target is None:
            out.append(Unbound(acc.name, acc.line, acc.col, scope.qualname, "never bound"))
        elif target == 0 and acc.scope == 0 and first_module_binding[acc.name] > acc.line:
            line = first_module_binding[acc.name]
            out.append(
                Unbound(
                    acc.name,
                    acc.line,
                    acc.col,
                    scope.qualname,
                    f"used before it is bound (line {line})",
                )
            )
    return out


def _has_star(text: str) -> bool:
    return "import *" in text


def _keyed_bindings(index: ScriptIndex) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for b in index.bindings:
        scope = index.scopes[b.scope]
        if scope.kind in ("module", "function", "class"):
            out.setdefault((scope.qualname, b.name), b.line)
    return out


def _config_reads(index: ScriptIndex, attr: ConfigAttr) -> list[tuple[int, int]]:
    """Where the changed script still reads a config value by the original's spelling."""
    try:
        tree = ast.parse(index.text)
    except SyntaxError:
        return []
    out = []
    for node in ast.walk(tree):
        if attr.style in ("class", "argparse") and isinstance(node, ast.Attribute):
            if (
                isinstance(node.value, ast.Name)
                and node.value.id == attr.owner
                and node.attr == attr.name
            ):
                out.append((node.lineno, index.lines.char_col(node.lineno, node.col_offset)))
        elif attr.style == "dict" and isinstance(node, ast.Subscript):
            key = node.slice
            if (
                isinstance(node.value, ast.Name)
                and node.value.id == attr.owner
                and isinstance(key, ast.Constant)
                and key.value == attr.name
            ):
                out.append((node.lineno, index.lines.char_col(node.lineno, node.col_offset)))
    return out


def _unset(text: str) -> list[UnsetAttribute]:
    try:
        return unset_attributes(ast.parse(text))
    except SyntaxError:
        return []


def check(original: str | ScriptIndex, changed: str | ScriptIndex) -> NamesReport:
    """Compare two versions of a script (text or index) for broken names."""
    old = original if isinstance(original, ScriptIndex) else build_index(original)
    new = changed if isinstance(changed, ScriptIndex) else build_index(changed)
    report = NamesReport()
    if new.syntax_error is not None:
        e = new.syntax_error
        report.syntax_error = f"line {e.line}: {e.message}"
        return report
    report.star_import = _has_star(new.text)
    if not report.star_import:
        before = {(u.name, u.reason[:10]) for u in unbound_names(old)}
        for u in unbound_names(new):
            u.preexisting = (u.name, u.reason[:10]) in before
            report.unbound.append(u)
    # ``self.refine_net(...)`` in a Keras class where nothing sets ``refine_net``
    had = {(a.owner, a.name) for a in _unset(old.text)}
    for a in _unset(new.text):
        report.unbound.append(
            Unbound(
                f"self.{a.name}", a.line, a.col, a.owner, "never bound", (a.owner, a.name) in had
            )
        )
    before_misread = {m.expr for m in old.config_misreads}
    for m in new.config_misreads:
        report.misread.append(
            Misread(m.expr, m.line, m.col, m.close, m.close_line, m.expr in before_misread)
        )
    unbound_at: dict[str, list[tuple[int, int]]] = {}
    for u in report.unbound:
        unbound_at.setdefault(u.name, []).append((u.line, u.col))
    old_b, new_b = _keyed_bindings(old), _keyed_bindings(new)
    added = {k: v for k, v in new_b.items() if k not in old_b}
    config_keys = {(c.owner, c.name) for c in old.config}
    for key, line in old_b.items():
        if key in new_b or key in config_keys:
            continue  # config values are compared below, by how the script reads them
        scope, name = key
        removed = Removed(name, "binding", line, scope, users=unbound_at.get(name, []))
        _match_rename(removed, old, new, added)
        report.removed.append(removed)
    new_cfg = {(c.owner, c.name) for c in new.config}
    for attr in old.config:
        if (attr.owner, attr.name) in new_cfg or attr.style == "constant":
            continue
        removed = Removed(attr.expr, "config", attr.line, attr.owner or "<module>")
        removed.users = _config_reads(new, attr)
        for c in new.config:
            if (c.owner, c.name) not in {
                (a.owner, a.name) for a in old.config
            } and c.value == attr.value:
                removed.renamed_to = c.expr
                removed.evidence = f"{c.expr} (line {c.line}) has the same value {c.value}"
                break
        report.removed.append(removed)
    return report


def _match_rename(
    removed: Removed, old: ScriptIndex, new: ScriptIndex, added: dict[tuple[str, str], int]
) -> None:
    """Find the new name that took the place of a removed binding (same scope, same value)."""
    old_values = {b.value for b in old.bindings if b.name == removed.name and b.value}
    for (scope, name), _line in added.items():
        if scope != removed.scope:
            continue
        for b in new.bindings:
            if b.name == name and b.value and b.value in old_values:
                removed.renamed_to = name
                removed.evidence = f"{name} (line {b.line}) is bound to the same value {b.value}"
                return
    for c in new.config:
        if c.style == "constant" and c.expr not in {a.expr for a in old.config}:
            for b in old.bindings:
                if b.name == removed.name and b.value == c.value:
                    removed.renamed_to = c.expr
                    removed.evidence = f"{c.expr} (line {c.line}) has the same value {c.value}"
                    return
