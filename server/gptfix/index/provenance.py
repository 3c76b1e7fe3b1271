"""Value provenance inside one module: which statement made the value a name holds.

Bridges the index's bindings and the parts that must look upstream of a crash (the
root-cause line of a diagnosis, the repair operators that edit where an array is made):
from a read of ``X`` at a line, :func:`provenance` follows the reaching assignment back
through plain copies (``a = b``), the main operand of transforms (``X.reshape(...)``,
``np.expand_dims(X, -1)``, ``X / 255``), tuple unpacking of a helper's result
(``X_tr, X_te, y_tr, y_te = split(...)``) into that helper's ``return``, and a helper's
parameters to the argument its call site passes, a method's result into its ``return``
(``self.encode(c)``, ``data.load(...)`` for a method the script defines), and a list
built by appends (``y = []`` ... ``y.append(v)``) into the value appended. Each step keeps
its source range.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from gptfix.index.facts import Binding
from gptfix.index.positions import short
from gptfix.index.script import ScriptIndex

#: Calls (last name) that one-hot encode class ids.
ENCODING = frozenset({"to_categorical", "one_hot"})

#: Steps followed at most from one read (cycles and long chains stop there).
MAX_STEPS = 12

#: Calls (last name) that turn the array they are given into a reshaped/recast array.
SHAPING = frozenset(
    {
        "reshape",
        "flatten",
        "ravel",
        "expand_dims",
        "squeeze",
        "transpose",
        "astype",
        "to_categorical",
        "array",
        "asarray",
        "stack",
        "concatenate",
        "hstack",
        "vstack",
        "column_stack",
        "argmax",
        "one_hot",
        "cast",
        "convert_to_tensor",
        "pad_sequences",
        "texts_to_sequences",
        "swapaxes",
        "moveaxis",
        "tile",
    }
)


@dataclass
class Step:
    """One statement on a value's way to its use, nearest to the use first."""

    name: str  #: the name the step binds (or the parameter)
    line: int
    end_line: int
    kind: str  #: "assign" | "unpack" | "return" | "param" | "argument" | "append"
    expr: str  #: the expression as written (shortened)
    op: str | None = None  #: the shaping call's last name ("reshape") or "index"


def last_name(node: ast.expr) -> str | None:
    """The last name of a callee or attribute: ``np.expand_dims`` -> ``expand_dims``."""
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def operand(value: ast.expr) -> tuple[ast.expr | None, str | None]:
    """(the main operand of ``value``, the op) for transforms: ``X.reshape(..)`` -> X."""
    if isinstance(value, ast.Subscript):
        return value.value, "index"
    if isinstance(value, ast.BinOp):
        return value.left, "arith"
    if isinstance(value, ast.Call):
        op = last_name(value.func)
        if op in SHAPING or op in ("copy", "map", "batch", "shuffle", "prefetch", "cache"):
            if isinstance(value.func, ast.Attribute) and not _is_module(value.func.value):
                return value.func.value, op
            if value.args:
                return value.args[0], op
    return None, None


def _is_module(node: ast.expr) -> bool:
    return isinstance(node, ast.Name) and node.id in ("np", "numpy", "tf", "keras", "K", "ops")


class Provenance:
    """Provenance queries over one index (the ``ast`` statements by line, the defs)."""

    def __init__(self, index: ScriptIndex) -> None:
        self.index = index
        self._stmts: dict[int, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.For] = {}
        self._funcs: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self._methods: set[str] = set()  #: names defined once, in a class body
        self._instances: set[str] = set()
        self._calls: list[ast.Call] = []
        tree = index.tree
        if tree is None:
            return
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign | ast.For):
                self._stmts.setdefault(node.lineno, node)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                self._funcs.setdefault(node.name, node)
            if isinstance(node, ast.Call):
                self._calls.append(node)
        defined: dict[str, int] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                defined[node.name] = defined.get(node.name, 0) + 1
        classes = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                classes.add(node.name)
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and defined.get(item.name) == 1:
                        self._methods.add(item.name)
        #: ``self``, ``cls`` and the names bound to an instance of one of the script's classes
        self._instances = {"self", "cls"} | {
            t.id
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and isinstance(node.value.func, ast.Name)
            and node.value.func.id in classes
            for t in node.targets
            if isinstance(t, ast.Name)
        }

    def text(self, node: ast.AST) -> str:
        return short(self.index.lines.node_text(node), 100)

    def trace(self, name: str, line: int) -> list[Step]:
        """The statements that made the value ``name`` holds when read at ``line``."""
        out: list[Step] = []
        seen: set[tuple[str, int]] = set()
        self._follow(name, line, out, seen)
        return out

    def _follow(self, name: str, line: int, out: list[Step], seen: set[tuple[str, int]]) -> None:
        if len(out) >= MAX_STEPS or (name, line) in seen:
            return
        seen.add((name, line))
        b = self._reaching(name, line)
        if b is None:
            return
        if b.kind == "param":
            out.append(Step(name, b.line, b.line, "param", name))
            self._param(name, b.scope, out, seen)
            return
        stmt = self._stmts.get(b.stmt_line or b.line)
        if stmt is None:
            return
        if isinstance(stmt, ast.For):
            return
        value = stmt.value
        end = stmt.end_lineno or stmt.lineno
        if value is None:
            return
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
        if isinstance(target, ast.Tuple | ast.List) and not isinstance(stmt, ast.AugAssign):
            pos = _position(target, name)
            out.append(Step(name, stmt.lineno, end, "unpack", self.text(stmt)))
            if pos is not None and _empty_list(value, pos):
                self._appended(name, stmt.lineno, line, out, seen)
            elif pos is not None:
                self._unpacked(value, pos, stmt.lineno, out, seen)
            return
        source, op = operand(value)
        kept = op if op in SHAPING or op == "index" else None
        out.append(Step(name, stmt.lineno, end, "assign", self.text(stmt), kept))
        if _empty_list(value, None):
            self._appended(name, stmt.lineno, line, out, seen)
            return
        if isinstance(stmt, ast.AugAssign):
            self._follow(name, stmt.lineno, out, seen)
            return
        self._into(value if source is None else source, stmt.lineno, out, seen)

    def encoded_then_cut(self, name: str, line: int) -> Step | None:
        """The step that takes a constant index of labels after they were one-hot
        encoded on their way to ``line`` (``label_hot = to_categorical(c, n)`` then
        ``label_hot = label_hot[0]``, or ``to_categorical(c, n)[:, 0]`` in one
        statement): the encoding's class axis cut off again."""
        steps = self.trace(name, line)
        for i, step in enumerate(steps):
            if step.op in ENCODING:
                return None  # encoded nearer the use than any cut
            cut = self._constant_index(step.line) if step.op == "index" else None
            if cut is None:
                continue
            inline = isinstance(cut, ast.Call) and last_name(cut.func) in ENCODING
            if inline or any(s.op in ENCODING for s in steps[i + 1 :]):
                return step
        return None

    def _constant_index(self, line: int) -> ast.expr | None:
        """What the statement at ``line`` indexes, when it assigns ``v[k]`` (``v[:, k]``)
        with an int ``k``."""
        stmt = self._stmts.get(line)
        value = getattr(stmt, "value", None)
        if not isinstance(value, ast.Subscript):
            return None
        parts = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
        constant = any(isinstance(p, ast.Constant) and type(p.value) is int for p in parts)
        return value.value if constant else None

    def _reaching(self, name: str, line: int) -> Binding | None:
        """The binding a read at ``line`` sees, made by an earlier statement."""
        index = self.index
        sid = index.enclosing_scope(line, fine=True).id
        target = index.resolving_scope(name, sid)
        if target is None:
            return None
        found = index.bindings_of(name, target)
        before = [b for b in found if (b.stmt_line or b.line) < line]
        if before:
            return before[-1]
        return found[-1] if target != sid and found else None

    def _into(
        self, value: ast.expr, line: int, out: list[Step], seen: set[tuple[str, int]]
    ) -> None:
        """Continue from an expression: a name, a transform's operand, a helper's return."""
        while True:
            if isinstance(value, ast.Name):
                self._follow(value.id, line, out, seen)
                return
            source, _op = operand(value)
            if source is None:
                break
            value = source
        fn = self._callee(value)
        if fn is not None:
            self._returns(fn, None, out, seen)

    def _callee(self, value: ast.expr) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        """The script's function or method a call runs: ``f(..)``, ``self.f(..)``,
        ``obj.f(..)`` where ``f`` is defined once in the script and ``obj`` is bound to an
        instance of one of its classes (never ``np.load(..)``)."""
        if not isinstance(value, ast.Call):
            return None
        if isinstance(value.func, ast.Name):
            return self._funcs.get(value.func.id)
        func = value.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in self._methods
            and isinstance(func.value, ast.Name)
            and func.value.id in self._instances
        ):
            return self._funcs.get(func.attr)
        return None

    def _unpacked(
        self, value: ast.expr, pos: int, line: int, out: list[Step], seen: set[tuple[str, int]]
    ) -> None:
        if isinstance(value, ast.Tuple | ast.List) and pos < len(value.elts):
            self._into(value.elts[pos], line, out, seen)
            return
        fn = self._callee(value)
        if fn is not None:
            self._returns(fn, pos, out, seen)

    def _appended(
        self, name: str, made: int, line: int, out: list[Step], seen: set[tuple[str, int]]
    ) -> None:
        """A list made empty at line ``made`` and filled by ``name.append(v)`` before
        ``line`` in the same scope: continue from the last value appended."""
        scope = self.index.enclosing_scope(made, fine=True).id
        appends = [
            c
            for c in self._calls
            if isinstance(c.func, ast.Attribute)
            and c.func.attr == "append"
            and isinstance(c.func.value, ast.Name)
            and c.func.value.id == name
            and len(c.args) == 1
            and made < c.lineno < line
            and self.index.enclosing_scope(c.lineno, fine=True).id == scope
        ]
        if not appends:
            return
        call = appends[-1]
        out.append(
            Step(name, call.lineno, call.end_lineno or call.lineno, "append", self.text(call))
        )
        self._into(call.args[0], call.lineno, out, seen)

    def _returns(
        self,
        fn: ast.FunctionDef | ast.AsyncFunctionDef,
        pos: int | None,
        out: list[Step],
        seen: set[tuple[str, int]],
    ) -> None:
        rets = [
            n
            for n in ast.walk(fn)
            if isinstance(n, ast.Return) and n.value is not None and _owner(fn, n)
        ]
        if not rets:
            return
        ret = rets[-1]
        assert ret.value is not None
        value = ret.value
        out.append(
            Step(fn.name, ret.lineno, ret.end_lineno or ret.lineno, "return", self.text(ret))
        )
        if pos is not None:
            if isinstance(value, ast.Tuple | ast.List) and pos < len(value.elts):
                value = value.elts[pos]
            else:
                return
        self._into(value, ret.lineno, out, seen)

    def _param(self, name: str, sid: int, out: list[Step], seen: set[tuple[str, int]]) -> None:
        scope = self.index.scopes[sid]
        fn = self._funcs.get(scope.name)
        if fn is None:
            return
        params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
        if params and params[0] in ("self", "cls"):
            return
        idx = params.index(name) if name in params else None
        for call in self._calls:
            if not (isinstance(call.func, ast.Name) and call.func.id == fn.name):
                continue
            arg: ast.expr | None = None
            if idx is not None and idx < len(call.args):
                arg = call.args[idx]
            for kw in call.keywords:
                if kw.arg == name:
                    arg = kw.value
            if arg is None:
                continue
            out.append(
                Step(name, call.lineno, call.end_lineno or call.lineno, "argument", self.text(arg))
            )
            self._into(arg, call.lineno, out, seen)
            return


def _owner(fn: ast.AST, ret: ast.Return) -> bool:
    """Whether ``ret`` belongs to ``fn`` itself (not to a nested def)."""
    for node in ast.walk(fn):
        if node is fn:
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            if any(sub is ret for sub in ast.walk(node)):
                return False
    return True


def _empty_list(value: ast.expr, pos: int | None) -> bool:
    """``[]`` (or element ``pos`` of ``[], []``): a list the code fills afterwards."""
    if pos is not None:
        if not isinstance(value, ast.Tuple | ast.List) or pos >= len(value.elts):
            return False
        value = value.elts[pos]
    return isinstance(value, ast.List) and not value.elts


def _position(target: ast.Tuple | ast.List, name: str) -> int | None:
    for i, elt in enumerate(target.elts):
        if isinstance(elt, ast.Name) and elt.id == name:
            return i
    return None


def provenance(index: ScriptIndex, name: str, line: int) -> list[Step]:
    """The statements that made the value ``name`` holds at ``line``, nearest first."""
    return Provenance(index).trace(name, line)


__all__ = [
    "ENCODING",
    "MAX_STEPS",
    "SHAPING",
    "Provenance",
    "Step",
    "last_name",
    "operand",
    "provenance",
]
