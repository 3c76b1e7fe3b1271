"""Edit operators on numbers: a true division's float where Python or Keras wants an int.

Bridges a failure that says an integer was expected (``'float' object cannot be
interpreted as an integer``, ``expected a positive integer ... Received: units=1.0``,
``slice indices must be integers``) and the arithmetic on the failing line (or in the
assignment of a name the line reads, when the run saw that name hold a float): the
outermost arithmetic expression around a ``/`` becomes an integer. When every operand is
an integer (an ``int`` literal, or a name the value trace saw holding an ``int``) the
division becomes ``//``; otherwise the expression is wrapped in ``int(...)`` (``//`` of
a float stays a float). The edit changes a value the user chose, so it is never safe.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import replace_node, segment
from gptfix.repair.rules.base import UNSAFE, RuleContext

_WANTS_INT = (
    r"'float' object cannot be interpreted as an integer"
    r"|expected a positive integer|expected an integer|must be an? (?:positive )?int"
    r"|slice indices must be integers|only integers, slices|integer argument expected, got float"
    r"|should be an? (?:positive )?int"
)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _is_int_call(node: ast.AST | None) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in ("int", "round", "floor", "ceil")
    )


def _divisions(root: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[ast.expr]:
    """The outermost arithmetic expressions under ``root`` that contain a true division
    and are not already made integers."""
    out: list[ast.expr] = []
    for node in ast.walk(root):
        if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
            continue
        top: ast.expr = node
        while isinstance(parents.get(top), ast.BinOp | ast.UnaryOp):
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
    inner = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    return f"int({inner})"


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


def _assignment_of(tree: ast.Module, name: str, before: int) -> ast.Assign | None:
    """The last plain ``name = <expr>`` before line ``before``."""
    found: ast.Assign | None = None
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and node.lineno < before
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == name
            and (found is None or node.lineno > found.lineno)
        ):
            found = node
    return found


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
            assign = _assignment_of(tree, name, line)
            if assign is None:
                continue
            for d in _divisions(assign.value, parents):
                sites.append(
                    (d, assign.lineno, f"`{name}` held a float in the run (line {assign.lineno})")
                )
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
