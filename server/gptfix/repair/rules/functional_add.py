"""Rules for ``add`` called on a functional model, as if it were a ``Sequential``.

Bridges "'Functional' object has no attribute 'add'" and the script's ``base.add(top)``
after ``base = VGG16(include_top=False, ...)`` (Keras' blog fine-tuning recipe): the model
meant is the functional model from ``base``'s input through the layers or models it adds,
in order, ``base = Model(inputs=base.input, outputs=top(base.output))``.
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import segment
from gptfix.repair.operators.merge_models import model_adds, model_spelling
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Source, insert_after_imports


def _functional_add(ctx: RuleContext) -> list[Fix]:
    """``base.add(top)`` on a functional ``base`` -> ``base = Model(base.input, top(base.output))``."""
    if not ctx.search(r"'Functional' object has no attribute 'add'"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    text = ctx.script.text
    for line in ctx.user_lines:
        stmt = next((n for n in tree.body if n.lineno <= line <= (n.end_lineno or n.lineno)), None)
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "add"
            and isinstance(call.func.value, ast.Name)
        ):
            continue
        owner = call.func.value.id
        adds = [a for a in model_adds(tree, owner) if a.lineno >= call.lineno]
        run = [adds[0]] if adds and adds[0] is stmt else []
        for a in adds[1:]:  # the adds right after it, one statement after another
            if tree.body.index(a) != tree.body.index(run[-1]) + 1:
                break
            run.append(a)
        if not run:
            continue
        out = f"{owner}.output"
        for a in run:
            out = f"{segment(text, a.value.args[0])}({out})"  # type: ignore[attr-defined]
        taken = {b.name for b in ctx.index.bindings}
        model_name, stmt_import = model_spelling(ctx, taken)
        lines = text.splitlines(keepends=True)
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        first, last = run[0].lineno, run[-1].end_lineno or run[-1].lineno
        lines[first - 1 : last] = [
            f"{owner} = {model_name}(inputs={owner}.input, outputs={out}){newline}"
        ]
        new = "".join(lines)
        if stmt_import is not None:
            parsed = Source.parse(new)
            new = insert_after_imports(parsed, stmt_import) if parsed is not None else new
        return ctx.fix(
            "api.functional-add",
            f"build `{owner}` as a functional model through what it adds ({len(run)} call(s) of `add`)",
            new,
            SAFE,
            [
                ctx.message.splitlines()[0][:160],
                f"`{owner}` is a functional model: only a Sequential model has `add`",
            ],
        )
    return []


RULES = [
    Rule(
        "api.functional-add",
        "api",
        "add() called on a functional model: the functional model through what it adds",
        _functional_add,
    ),
]
