"""Rules for a string setting that matches none of the values the code compares it with.

Bridges a failure in a function that branches on a string (``if data_type == 'images':
... elif data_type == 'features': ... else: raise``) and the value the run had there (the
failing frame's locals: ``data_type = 'image'``): when the value is none of the literals the
script compares that name with anywhere, and exactly one of them is a slip of it (a letter,
a plural ``s``), the one place the script writes the value for that name (``data_type =
'image'``, ``data_type='image'`` as a keyword, a parameter default) gets the literal the
code expects. Safe when the script compares with it more than once (the one assignment is
the odd one out), else unsafe.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.rules.api_attrs import is_typo
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch


def _compared(tree: ast.AST, name: str) -> list[str]:
    """The string literals ``name`` (or ``x.name``) is compared with, one per comparison."""
    out: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Compare):
            continue
        sides = [node.left, *node.comparators]
        if not any(_is_name(s, name) for s in sides):
            continue
        for side, op in zip(sides[1:], node.ops, strict=True):
            if isinstance(op, ast.Eq | ast.NotEq) and _text(side) is not None:
                out.append(str(_text(side)))
            elif isinstance(op, ast.In | ast.NotIn) and isinstance(
                side, ast.Tuple | ast.List | ast.Set
            ):
                out += [t for t in (_text(e) for e in side.elts) if t is not None]
        if isinstance(node.ops[0], ast.Eq | ast.NotEq) and _text(node.left) is not None:
            out.append(str(_text(node.left)))
    return out


def _is_name(node: ast.expr, name: str) -> bool:
    return (isinstance(node, ast.Name) and node.id == name) or (
        isinstance(node, ast.Attribute) and node.attr == name
    )


def _text(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _written(tree: ast.AST, name: str, value: str) -> list[ast.Constant]:
    """Where the script writes ``value`` for ``name``: an assignment, a keyword, a default."""
    found: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(_is_name(t, name) for t in node.targets):
            found.append(node.value)
        elif isinstance(node, ast.keyword) and node.arg == name:
            found.append(node.value)
        elif isinstance(node, ast.arguments):
            params = [*node.posonlyargs, *node.args]
            tail = params[len(params) - len(node.defaults) :]
            found += [d for p, d in zip(tail, node.defaults, strict=True) if p.arg == name]
    return [n for n in found if isinstance(n, ast.Constant) and n.value == value]


def _passed_as(tree: ast.AST, fn: ast.AST, name: str) -> set[str]:
    """``name`` and the names the script's calls of ``fn`` pass for its parameter ``name``
    (``targets(TASK, 8)`` passes ``TASK`` for ``task``)."""
    out = {name}
    if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
        return out
    params = [a.arg for a in [*fn.args.posonlyargs, *fn.args.args]]
    if params and params[0] in ("self", "cls"):
        params = params[1:]
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call):
            continue
        callee = (
            call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
        )
        if callee != fn.name:
            continue
        given = [k.value for k in call.keywords if k.arg == name]
        if name in params and params.index(name) < len(call.args):
            given.append(call.args[params.index(name)])
        out |= {g.id for g in given if isinstance(g, ast.Name)}
    return out


def _slip(value: str, other: str) -> bool:
    return (
        other in (value + "s", value[:-1])
        if value.endswith("s") or other.endswith("s")
        else is_typo(value, other)
    )


def _branch_literal(ctx: RuleContext) -> list[Fix]:
    local = ctx.failure.facts.get("locals") or {}
    tree = ctx.src.tree
    inner = [
        f
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)
        and ctx.line is not None
        and f.lineno <= ctx.line <= (f.end_lineno or f.lineno)
    ]
    where = inner[-1] if inner else tree
    for name, fact in local.items():
        if not isinstance(fact, dict) or fact.get("type") != "str":
            continue
        try:
            value = ast.literal_eval(str(fact.get("repr", "")))
        except (ValueError, SyntaxError):
            continue
        if not isinstance(value, str) or not _compared(where, name):
            continue
        seen = _compared(tree, name)
        if value in seen:
            continue
        close = sorted({s for s in seen if s != value and _slip(value, s)})
        sites = [c for n in _passed_as(tree, where, name) for c in _written(tree, n, value)]
        if len(close) != 1 or len(sites) != 1:
            continue
        want, site = close[0], sites[0]
        patch = Patch(ctx.src.text)
        s, e = ctx.src.span(site)
        quote = ctx.src.text[s]
        patch.replace(s, e, f"{quote}{want}{quote}" if quote in "'\"" else repr(want))
        return ctx.fix(
            "config.branch-literal",
            f"set `{name}` to {want!r}, the value the code compares it with",
            patch.apply(),
            SAFE if seen.count(want) > 1 else UNSAFE,
            [
                f"`{name}` was {value!r} at line {ctx.line}; the script compares it only with "
                + ", ".join(repr(x) for x in sorted(set(seen))),
                f"{value!r} is written once for `{name}` (line {site.lineno}); {want!r} is one "
                "letter away",
            ],
        )
    return []


RULES = [
    Rule(
        "config.branch-literal",
        "names",
        "a string setting matching none of the values its branches compare it with, a slip of one",
        _branch_literal,
    ),
]
