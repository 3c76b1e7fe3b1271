"""Where a value read somewhere is written: the source of truth behind a read.

Bridges a read (``fit(batch_size=bs)``, ``Dense(CFG.n_classes)``, ``Input(shape=(N, 3))``)
and the expression that defines its value, so a rule or a recipe edits the value where it
is defined, not a copy. Followed back through assignments (the reaching one in the same
scope, then the enclosing scopes'), function parameters (to the argument at a call site,
preferring the training call, then the default) and configuration reads: a config class
attribute or an instance of it, a dict entry, an argparse default, an UPPER_CASE
constant. Each answer keeps the source range of the defining expression.
"""

from __future__ import annotations

import ast

from gptfix.index.facts import Assignment, ConfigAttr, Origin
from gptfix.index.imports import dotted
from gptfix.index.positions import LineMap, short
from gptfix.index.state import ScopeState

#: Hops followed at most from one read (long chains and cycles stop there).
MAX_HOPS = 8
#: Calls whose result is set by the value they are given (``int(CFG.batch_size)``).
_KEEPS_VALUE = frozenset({"int", "float", "round", "abs", "max", "min"})


class Origins:
    """Origin queries over one walked script (answers cached by the read's position)."""

    def __init__(self, walker: ScopeState, lines: LineMap, config: list[ConfigAttr]) -> None:
        self.w = walker
        self.lines = lines
        self.config = config
        self._uses: dict[tuple[int, int], ConfigAttr] = {}
        for attr in config:
            for use in attr.uses:
                self._uses.setdefault(use, attr)
        self._cache: dict[tuple[int, int, int, int, int], Origin] = {}

    def src(self, node: ast.AST) -> str:
        return short(self.lines.node_text(node))

    def of(self, node: ast.expr, sid: int | None = None, used_at: int | None = None) -> Origin:
        """The origin of the value of ``node`` (an expression of this script's text, from
        any parse of it), read in scope ``sid`` (default: the innermost at its line)."""
        line = getattr(node, "lineno", 1)
        if sid is None:
            sid = self._scope_at(line)
        used = used_at if used_at is not None else line
        key = (line, getattr(node, "col_offset", 0), getattr(node, "end_col_offset", 0), sid, used)
        found = self._cache.get(key)
        if found is None:
            found = self._trace(node, sid, used)
            self._cache[key] = found
        return found

    def _scope_at(self, line: int) -> int:
        best = 0
        for scope in self.w.scopes[1:]:
            if scope.line <= line <= scope.end_line and scope.line >= self.w.scopes[best].line:
                best = scope.id
        return best

    def _trace(self, node: ast.expr, sid: int, used_at: int) -> Origin:
        chain = [used_at]
        for _ in range(MAX_HOPS):
            attr = self._config_at(node)
            if attr is not None:
                return Origin(
                    attr.expr, attr.value, attr.line, attr.span, [*chain, attr.line], attr
                )
            nxt = None
            if isinstance(node, ast.Name):
                nxt = self._follow_name(node.id, sid, node.lineno)
            elif isinstance(node, ast.Subscript):  # ``model_conf["units"]``, a dict passed in
                nxt = self._follow_item(node, sid)
            if nxt is not None:
                node, sid = nxt
                chain.append(node.lineno)
                continue
            break
        text = self.src(node)
        if isinstance(node, ast.Name | ast.Attribute):  # a name it cannot follow further
            return Origin(text, None, node.lineno, None, chain)
        return Origin(text, text, node.lineno, self.lines.span(node), chain)

    def _config_at(self, node: ast.expr) -> ConfigAttr | None:
        """The configuration value ``node`` is: a read of it, or arithmetic, a conversion or
        a fallback on one (``int(CFG.batch_size) * replicas``, ``args.bs or 32``)."""
        if isinstance(node, ast.BinOp):
            return self._config_at(node.left) or self._config_at(node.right)
        if isinstance(node, ast.UnaryOp):
            return self._config_at(node.operand)
        if isinstance(node, ast.BoolOp):  # ``args.batch_size or 32``
            return next(filter(None, map(self._config_at, node.values)), None)
        if isinstance(node, ast.Call) and dotted(node.func) in _KEEPS_VALUE:
            return next(filter(None, map(self._config_at, node.args)), None)
        if not isinstance(node, ast.Name | ast.Attribute | ast.Subscript | ast.Call):
            return None
        line = node.lineno
        found = self._uses.get((line, self.lines.char_col(line, node.col_offset)))
        if found is None and isinstance(node, ast.Call):  # cfg.get("lr", 1e-3)
            return self._config_at(node.func)
        return found

    def _follow_name(self, name: str, sid: int, line: int) -> tuple[ast.expr, int] | None:
        """The expression a name gets its value from: an assignment in its scope or an
        enclosing one, or the argument a call site passes for a parameter."""
        latest = self._assignment(name, sid, line)
        if latest is not None:
            return _unpacked(latest, name)
        scope = self.w.scopes[sid]
        if scope.kind == "function":
            found = self._parameter(name, scope.name)
            if found is not None:
                return found
        parent = scope.parent
        while parent is not None:  # a module-level value read inside a function
            if self.w.scopes[parent].kind != "class":
                outer = self._assignment(name, parent, None)
                if outer is not None:
                    return _unpacked(outer, name)
            parent = self.w.scopes[parent].parent
        return None

    def _follow_item(self, node: ast.Subscript, sid: int) -> tuple[ast.expr, int] | None:
        """The entry ``node`` reads (``d["key"]``) of a dict literal its base is followed to
        (through names, parameters and other constant-key reads)."""
        key = node.slice
        if not isinstance(key, ast.Constant):
            return None
        found = self._dict_of(node.value, sid)
        if found is None:
            return None
        table, where = found
        for k, v in zip(table.keys, table.values, strict=True):
            if isinstance(k, ast.Constant) and k.value == key.value:
                return v, where
        return None

    def _dict_of(self, expr: ast.expr, sid: int) -> tuple[ast.Dict, int] | None:
        """The dict literal ``expr`` is (followed back a few hops), with its scope."""
        for _ in range(MAX_HOPS):
            nxt: tuple[ast.expr, int] | None = None
            if isinstance(expr, ast.Dict):
                return expr, sid
            if isinstance(expr, ast.Name):
                nxt = self._follow_name(expr.id, sid, expr.lineno)
            elif isinstance(expr, ast.Subscript):
                nxt = self._follow_item(expr, sid)
            if nxt is None:
                return None
            expr, sid = nxt
        return None

    def _assignment(self, name: str, sid: int, line: int | None) -> Assignment | None:
        latest: Assignment | None = None
        for a in self.w.assignments:
            if a.scope == sid and name in a.targets and (line is None or a.line <= line):
                latest = a
        return latest

    def _parameter(self, name: str, function: str) -> tuple[ast.expr, int] | None:
        fn, outer = self.w.functions.get(function, (None, 0))
        if fn is None:
            return None
        params = [p.arg for p in [*fn.args.posonlyargs, *fn.args.args]]
        if name not in params and name not in {p.arg for p in fn.args.kwonlyargs}:
            return None
        calls = [
            (c, s) for c, s in self.w.calls if isinstance(c.func, ast.Name) and c.func.id == fn.name
        ]
        calls.sort(key=lambda cs: "train" not in self.src(cs[0]).lower())
        for call, csid in calls:
            for k in call.keywords:
                if k.arg == name:
                    return k.value, csid
            if name in params and params.index(name) < len(call.args):
                return call.args[params.index(name)], csid
        if name in params:
            defaults = fn.args.defaults
            idx = params.index(name) - (len(params) - len(defaults))
            if 0 <= idx < len(defaults):
                return defaults[idx], outer
        for kw, default in zip(fn.args.kwonlyargs, fn.args.kw_defaults, strict=True):
            if kw.arg == name and default is not None:
                return default, outer
        return None


__all__ = ["MAX_HOPS", "Origins"]


def _unpacked(a: Assignment, name: str) -> tuple[ast.expr, int] | None:
    """What ``name`` gets from assignment ``a``: its whole value, or its own item of a
    literal unpacked into plain names (``H, W = 420, 580``)."""
    if len(a.targets) == 1:
        return a.value, a.scope
    value = a.value
    if not isinstance(value, ast.Tuple | ast.List) or len(value.elts) != len(a.targets):
        return None
    try:
        target = ast.parse(a.target_text, mode="eval").body
    except SyntaxError:
        return None
    if not isinstance(target, ast.Tuple | ast.List) or not all(
        isinstance(t, ast.Name) for t in target.elts
    ):
        return None
    if any(isinstance(e, ast.Starred) for e in value.elts):
        return None
    return value.elts[a.targets.index(name)], a.scope
