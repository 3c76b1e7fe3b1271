"""Edit operators on names the program model can resolve: a value that lives on ``self``.

Bridges a ``NameError`` inside a method and the program model's view of its class:
``y_valid`` read in ``on_epoch_end`` where the class stores ``self.y_val`` is the same
value under the spelling the class keeps. The read becomes ``self.<attribute>`` when
exactly one attribute the class stores is a close match (same name ignoring case and
underscores, or a close spelling that keeps the first letter).
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.index.config import stored_on_self
from gptfix.model import Fix
from gptfix.repair.operators.edit import replace_node
from gptfix.repair.rules.base import SAFE, RuleContext


def _norm(name: str) -> str:
    return name.replace("_", "").lower()


def self_attribute(ctx: RuleContext) -> list[Fix]:
    """``NameError: name 'y_valid'`` in a method whose class stores ``self.y_val``."""
    m = re.search(r"name '(\w+)' is not defined", ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None or not ctx.is_type("NameError") or ctx.line is None:
        return []
    missing, line = m.group(1), ctx.line
    for cls in ast.walk(tree):
        if not isinstance(cls, ast.ClassDef) or not cls.lineno <= line <= (cls.end_lineno or 0):
            continue
        method = next(
            (
                f
                for f in cls.body
                if isinstance(f, ast.FunctionDef)
                and f.lineno <= line <= (f.end_lineno or 0)
                and f.args.args
                and f.args.args[0].arg == "self"
            ),
            None,
        )
        if method is None:
            continue
        stored = stored_on_self(cls)
        same = [a for a in stored if _norm(a) == _norm(missing)]
        close = same or [
            a
            for a in difflib.get_close_matches(missing, list(stored), n=2, cutoff=0.75)
            if a[:1] == missing[:1]
        ]
        if len(close) != 1:
            return []
        attr = close[0]
        reads = [
            n
            for n in ast.walk(method)
            if isinstance(n, ast.Name) and n.id == missing and isinstance(n.ctx, ast.Load)
        ]
        text = ctx.script.text
        for node in sorted(reads, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            text = replace_node(text, node, f"self.{attr}")
        return ctx.fix(
            "ops.self-attribute",
            f"read `self.{attr}` (the class stores it at line {stored[attr]}) for `{missing}`",
            text,
            SAFE,
            [
                f"`{missing}` is not bound in {cls.name}.{method.name}",
                f"{cls.name} stores `self.{attr}` at line {stored[attr]}",
            ],
        )
    return []
