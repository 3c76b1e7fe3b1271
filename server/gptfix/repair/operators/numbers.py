"""Edit operators on numbers: a true division's float where Python or Keras wants an int.

Bridges a failure that says an integer was expected (``'float' object cannot be
interpreted as an integer``, ``expected a positive integer ... Received: units=1.0``,
``slice indices must be integers``) and the arithmetic on the failing line (or in the
assignment of a name the line reads, when the run saw that name hold a float; or in the
``__len__`` of a class of the script whose instance the line passes on, which ``len()``
calls out of the traceback's sight): the outermost arithmetic expression around a ``/``
(and a float-returning rounding call around it, ``np.ceil``) becomes an integer. When every operand is
an integer (an ``int`` literal, or a name the value trace saw holding an ``int``) the
division becomes ``//``; otherwise the expression is wrapped in ``int(...)`` (``//`` of
a float stays a float). The edit changes a value the user chose, so it is never safe.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import assignment_of, replace_node, segment
from gptfix.repair.rules.base import UNSAFE, RuleContext

_WANTS_INT = (
    r"'[\w.]*float\w*' object cannot be interpreted as an integer"
    r"|expected a positive integer|expected an integer|must be an? (?:positive )?int"
    r"|slice indices must be integers|only integers, slices|integer argument expected, got float"
    r"|should be an? (?:positive )?int"
)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


#: Rounding functions that return an int (builtins, ``math``) and ones that keep a float
#: (NumPy's, TensorFlow's): a division inside the latter is made an int around the call.
_INT_ROUNDING = ("int", "round", "floor", "ceil", "trunc")
_FLOAT_ROUNDING = ("ceil", "floor", "round", "around", "rint", "trunc", "fix")


def _is_int_call(node: ast.AST | None) -> bool:
    if not isinstance(node, ast.Call):
        return False
    if isinstance(node.func, ast.Name):
        return node.func.id in _INT_ROUNDING
    return (
        isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "math"
        and node.func.attr in _INT_ROUNDING
    )


def _is_float_rounding(node: ast.AST | None, child: ast.AST) -> bool:
    """``np.ceil(child)``: a library rounding call that returns a float."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _FLOAT_ROUNDING
        and not _is_int_call(node)
        and bool(node.args)
        and node.args[0] is child
    )


def _divisions(root: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[ast.expr]:
    """The outermost arithmetic expressions under ``root`` that contain a true division
    and are not already made integers."""
    out: list[ast.expr] = []
    for node in ast.walk(root):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
            continue
        top: ast.expr = node
        while isinstance(parents.get(top), ast.BinOp | ast.UnaryOp) or _is_float_rounding(
            parents.get(top), top
        ):
            top = parents[top]  # type: ignore[assignment]
        if _is_int_call(parents.get(top)) or top in out:
            continue
        out.append(top)
    return out


def _operands_int(ctx: RuleContext, expr: ast.expr, line: int) -> bool:
    """Every leaf of ``expr`` is an int literal or a name the trace saw holding an int."""
    for leaf in ast.walk(expr):
        if isinstance(leaf, ast.Constant):
            if type(leaf.value) is not int:
                return False
        elif isinstance(leaf, ast.Name):
            fact = ctx.traced(leaf.id, line)
            if fact is None or fact.type != "int":
                return False
        elif not isinstance(leaf, ast.BinOp | ast.UnaryOp | ast.operator | ast.unaryop):
            if not isinstance(leaf, ast.expr_context):
                return False
    return True


def _as_int(ctx: RuleContext, expr: ast.expr, line: int) -> str:
    text = segment(ctx.script.text, expr)
    if (
        isinstance(expr, ast.BinOp)
        and isinstance(expr.op, ast.Div)
        and not any(
            isinstance(n, ast.BinOp) and isinstance(n.op, ast.Div) and n is not expr
            for n in ast.walk(expr)
        )
        and _operands_int(ctx, expr, line)
    ):
        left, right = segment(ctx.script.text, expr.left), segment(ctx.script.text, expr.right)
        if isinstance(expr.left, ast.BinOp) and not left.startswith("("):
            left = f"({left})"
        return f"{left} // {right}"
    return f"int({text})"


def _statement(tree: ast.Module, line: int) -> ast.AST | None:
    """The innermost simple statement at ``line``, or a loop's / branch's header there."""
    best: ast.AST | None = None
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.While | ast.If) and node.lineno == line:
            return node.iter if isinstance(node, ast.For) else node.test
        if (
            isinstance(node, ast.stmt)
            and node.lineno <= line <= (node.end_lineno or node.lineno)
            and not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.If | ast.For | ast.While)
            and not isinstance(node, ast.With | ast.Try)
        ):
            if best is None or node.lineno >= best.lineno:  # type: ignore[attr-defined]
                best = node
    return best


def float_to_int(ctx: RuleContext) -> list[Fix]:
    """``Dense(n / 2)``, ``fit(epochs=e / 3)``, ``range(n / 2)``: make the division an int."""
    tree = ctx.index.tree
    if tree is None or not ctx.search(_WANTS_INT) or not ctx.user_lines:
        return []
    parents = _parents(tree)
    fixes: list[Fix] = []
    for line in ctx.user_lines:
        stmt = _statement(tree, line)
        if stmt is None:
            continue
        sites: list[tuple[ast.expr, int, str]] = [
            (d, line, f"line {line}: {segment(ctx.script.text, d)} is a true division")
            for d in _divisions(stmt, parents)
        ]
        for name in {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}:
            fact = ctx.traced(name, line)
            if fact is None or fact.type != "float":
                continue
            assign = assignment_of(tree, name, line)
            if assign is None:
                continue
            for d in _divisions(assign.value, parents):
                sites.append(
                    (d, assign.lineno, f"`{name}` held a float in the run (line {assign.lineno})")
                )
        sites += _length_sites(ctx, tree, stmt, line, parents)
        for expr, at, why in sites:
            new = _as_int(ctx, expr, at)
            fixes += ctx.fix(
                "ops.float-to-int",
                f"make `{segment(ctx.script.text, expr)}` an integer: `{new}`",
                replace_node(ctx.script.text, expr, new),
                UNSAFE,
                [why, "the failure says an integer was expected"],
            )
        if fixes:
            return fixes
    return fixes


def _script_class(ctx: RuleContext, tree: ast.Module, name: str, line: int) -> ast.ClassDef | None:
    """The class of the script that ``name`` holds an instance of at ``line``: the type
    the run saw, or the class the last assignment constructs."""
    classes = {c.name: c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}
    fact = ctx.traced(name, line)
    if fact is not None and fact.type.rsplit(".", 1)[-1] in classes:
        return classes[fact.type.rsplit(".", 1)[-1]]
    assign = assignment_of(tree, name, line)
    if assign is not None and isinstance(assign.value, ast.Call):
        func = assign.value.func
        if isinstance(func, ast.Name) and func.id in classes:
            return classes[func.id]
    return None


def _length_sites(
    ctx: RuleContext, tree: ast.Module, stmt: ast.AST, line: int, parents: dict[ast.AST, ast.AST]
) -> list[tuple[ast.expr, int, str]]:
    """Divisions in what ``__len__`` returns, for the script's classes whose instances the
    failing statement passes on: ``len()`` calls it inside the library, out of the
    traceback, and refuses a float."""
    out: list[tuple[ast.expr, int, str]] = []
    seen: set[str] = set()
    for name in sorted({n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)}):
        cls = _script_class(ctx, tree, name, line)
        if cls is None or cls.name in seen:
            continue
        seen.add(cls.name)
        for method in cls.body:
            if not (isinstance(method, ast.FunctionDef) and method.name == "__len__"):
                continue
            for ret in ast.walk(method):
                if isinstance(ret, ast.Return) and ret.value is not None:
                    for d in _divisions(ret.value, parents):
                        why = f"`{cls.name}.__len__` returns a true division (line {ret.lineno})"
                        out.append((d, ret.lineno, why))
    return out
