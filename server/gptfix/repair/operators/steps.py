"""Edit operator for a subclassed model that trains by its own ``train_step`` and has no
``call``, evaluated all the same.

Bridges "Model VAE does not have a `call()` method implemented" -- raised when ``fit`` with
validation data (or ``evaluate``) runs Keras's default ``test_step``, which calls the
model -- and the class's own ``train_step``: a ``test_step`` is written after it that
computes the same losses without the update: the ``GradientTape`` block's body runs as is,
and the statements that read the tape or apply gradients go. What validation reports is
then the same quantities the training reports, on the validation data.
"""

from __future__ import annotations

import ast
import re
import textwrap

from gptfix.model import Fix
from gptfix.repair.rules.base import UNSAFE, RuleContext

_NO_CALL = re.compile(r"Model (\w+) does not have a `call\(\)` method")
_UPDATES = ("apply_gradients", "apply", "minimize")


def _tape(node: ast.With) -> str | None:
    """The name a ``with tf.GradientTape() as tape:`` binds, if it is one."""
    for item in node.items:
        if "GradientTape" in ast.unparse(item.context_expr) and isinstance(
            item.optional_vars, ast.Name
        ):
            return item.optional_vars.id
    return None


def _updates(node: ast.stmt, tapes: set[str]) -> bool:
    """Whether ``node`` reads a tape or applies gradients with an optimizer."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and sub.id in tapes:
            return True
        if (
            isinstance(sub, ast.Call)
            and isinstance(sub.func, ast.Attribute)
            and sub.func.attr in _UPDATES
            and "optimizer" in ast.unparse(sub.func.value)
        ):
            return True
    return False


def _test_step(text: str, fn: ast.FunctionDef) -> list[str] | None:
    """The lines of a ``test_step`` made from ``train_step`` ``fn``; None when it has no
    tape (nothing to take out: the author's step is something else)."""
    lines = text.splitlines()
    tapes = {t for n in ast.walk(fn) if isinstance(n, ast.With) and (t := _tape(n))}
    if not tapes:
        return None

    def src(node: ast.stmt) -> list[str]:
        return lines[node.lineno - 1 : node.end_lineno]

    out = [lines[fn.lineno - 1].replace("train_step", "test_step", 1)]
    for stmt in fn.body:
        if isinstance(stmt, ast.With) and _tape(stmt):
            inner = "\n".join(line for s in stmt.body for line in src(s))
            pad = lines[stmt.lineno - 1][: stmt.col_offset]
            out += [pad + line if line else line for line in textwrap.dedent(inner).split("\n")]
        elif not _updates(stmt, tapes):
            out += src(stmt)
    return out


def test_step_from_train_step(ctx: RuleContext) -> list[Fix]:
    """A model with ``train_step`` and no ``call`` evaluated: a ``test_step`` without the
    update."""
    found = _NO_CALL.search(ctx.message)
    tree = ctx.index.tree
    if found is None or tree is None:
        return []
    for cls in ast.walk(tree):
        if not (isinstance(cls, ast.ClassDef) and cls.name == found.group(1)):
            continue
        methods = {f.name: f for f in cls.body if isinstance(f, ast.FunctionDef)}
        train = methods.get("train_step")
        if train is None or "call" in methods or "test_step" in methods:
            continue
        step = _test_step(ctx.script.text, train)
        if step is None:
            continue
        lines = ctx.script.text.splitlines(keepends=True)
        newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
        at = train.end_lineno or train.lineno
        lines[at:at] = [newline] + [s + newline for s in step]
        return ctx.fix(
            "ops.test-step",
            f"give `{cls.name}` a `test_step`: its `train_step` without the update",
            "".join(lines),
            UNSAFE,
            [
                f"`{cls.name}` trains by its own `train_step` (line {train.lineno}) and has no "
                "`call`: Keras's default `test_step` calls the model",
                "validation (or `evaluate`) then reports the losses `train_step` computes",
            ],
        )
    return []
