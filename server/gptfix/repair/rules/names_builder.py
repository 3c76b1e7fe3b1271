"""A ``NameError`` inside a function for a value one of the script's own functions builds:
``model.fit(...)`` in ``get_best_trained_model(hp)`` that never makes ``model``, while
``build_model(hp)`` returns one. The fix makes the value there, before its first read in
that function, by calling the builder with the names the function has.

Bridges the failing read and the program model: the function around the read (the
index's scopes), the names visible before the read (its parameters and earlier locals),
the script's functions at module level whose ``return`` gives a local of that name or of
the same role (a model for ``model``), and their parameters. One builder whose every
parameter without a default is a visible name, which does not call the failing function
back, gives the fix; none or several give nothing.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, Rule, RuleContext
from gptfix.repair.rules.names import role_of

_MODELS = ("model", "compiled-model")


def _returns(fn: ast.FunctionDef) -> set[str]:
    """Names a function returns (``return model``), its nested functions left out."""
    out: set[str] = set()
    todo: list[ast.AST] = list(fn.body)
    while todo:
        node = todo.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Name):
            out.add(node.value.id)
        todo.extend(ast.iter_child_nodes(node))
    return out


def _calls(fn: ast.FunctionDef, name: str) -> bool:
    return any(
        isinstance(x, ast.Call) and isinstance(x.func, ast.Name) and x.func.id == name
        for x in ast.walk(fn)
    )


def _builder_call(ctx: RuleContext, missing: str, line: int) -> tuple[str, str] | None:
    """``builder(args)`` that makes ``missing`` inside the function around ``line``, with
    why; None when there is not exactly one."""
    index = ctx.index
    scope = index.enclosing_function(line)
    if scope is None:
        return None
    visible = index.names_in_scope(line, before_only=True)
    local = {n for n, b in visible.items() if b.scope == scope.id}
    defs = {
        n.name: n
        for n in ctx.src.tree.body
        if isinstance(n, ast.FunctionDef) and n.name != scope.name
    }
    role = role_of(missing)
    found: list[tuple[str, str]] = []
    for name, fn in defs.items():
        if _calls(fn, scope.name):
            continue  # it would call the failing function back
        fid = next(
            (s.id for s in index.scopes if s.kind == "function" and s.line == fn.lineno), None
        )
        returned = _returns(fn)
        kinds = {
            b.value_kind
            for r in returned
            for b in index.bindings_of(r, fid)
            if b.value_kind is not None
        }
        if missing not in returned and not (role == "model" and kinds & set(_MODELS)):
            continue
        args = fn.args
        required = args.args[: len(args.args) - len(args.defaults)]
        if args.posonlyargs or args.vararg or any(d is None for d in args.kw_defaults):
            continue
        if not all(a.arg in local for a in required):
            continue  # only the failing function's own names are passed
        found.append(
            (
                f"{name}({', '.join(a.arg for a in required)})",
                f"`{name}` returns {'`' + missing + '`' if missing in returned else 'a model'}"
                f" and takes {', '.join('`' + a.arg + '`' for a in required) or 'no argument'},"
                f" which `{scope.name}` has",
            )
        )
    return found[0] if len(found) == 1 else None


def _built_in_function(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"name '(\w+)' is not defined")
    if not m or not ctx.is_type("NameError") or not ctx.user_lines:
        return []
    missing, line = m.group(1), ctx.user_lines[0]
    if ctx.index.enclosing_function(line) is None:
        return []
    made = _builder_call(ctx, missing, line)
    if made is None:
        return []
    call, why = made
    first, _ = ctx.index.statement_at(line)
    row = ctx.src.lines[first - 1].rstrip("\r\n")
    indent = row[: len(row) - len(row.lstrip())]
    lines = ctx.script.text.split("\n")
    lines.insert(first - 1, f"{indent}{missing} = {call}")
    return ctx.fix(
        "names.build-in-function",
        f"make `{missing}` with `{call}` before line {first}",
        "\n".join(lines),
        UNSAFE,
        [f"NameError: name '{missing}' is not defined (line {line}, inside a function)", why],
    )


RULES = [
    Rule(
        "names.build-in-function",
        "names",
        "a value a function reads but never makes, which one of the script's functions builds "
        "from the names it has: make it there with that call",
        _built_in_function,
    ),
]
