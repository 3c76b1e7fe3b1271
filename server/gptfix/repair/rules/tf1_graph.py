"""A TensorFlow 1 graph program on TensorFlow 2: run it through ``tensorflow.compat.v1``.

Bridges ``AttributeError: module 'tensorflow' has no attribute 'placeholder'`` (or
``Session``, ``global_variables_initializer``, ``train.GradientDescentOptimizer`` ...) and
the script's uses of the module it imported as ``tf``. Replacing the failing name alone
never gets such a program to run: the next removed name follows, and a placeholder fed
through a session needs graph mode. When every ``tf.X`` the script uses that TensorFlow 2
lacks exists in ``tf.compat.v1`` (asked in the user's interpreter), every other one exists
there too, and the script builds a graph (placeholders, sessions, variable initializers,
TF1 optimizers), the fix is the migration TensorFlow documents: ``import
tensorflow.compat.v1 as tf`` and ``tf.disable_v2_behavior()`` right below it. What the
program computes does not change; it is verified by running it like any fix.
"""

from __future__ import annotations

import ast

from gptfix.index.imports import dotted
from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.tf1 import session_setup

#: names only a graph program uses: with any of them missing, the script needs graph mode
GRAPH_APIS = frozenset(
    {
        "placeholder",
        "placeholder_with_default",
        "sparse_placeholder",
        "Session",
        "InteractiveSession",
        "global_variables_initializer",
        "initialize_all_variables",
        "local_variables_initializer",
        "get_variable",
        "variable_scope",
        "reset_default_graph",
        "get_default_graph",
        "train.Saver",
    }
)


def _is_graph_api(path: str) -> bool:
    return path in GRAPH_APIS or (path.startswith("train.") and path.endswith("Optimizer"))


def _chains(tree: ast.Module, local: str) -> list[str]:
    """The outermost ``local.a.b`` chains the script reads, in order, once each."""
    inner = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and id(node) not in inner:
            path = dotted(node)
            if path and path.startswith(local + ".") and path not in out:
                out.append(path)
    return out[:120]


def _migration(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"module '(tensorflow)' has no attribute '(\w+)'")
    if not m or not ctx.is_type("AttributeError") or session_setup(ctx):
        return []  # session plumbing only: deleting it keeps the script on TF 2
    imports = [
        n
        for n in ctx.index.imports.names
        if n.written == "tensorflow" and not n.is_from and n.scope == 0
    ]
    if len(imports) != 1 or any(
        n.written.startswith("tensorflow.compat") for n in ctx.index.imports.names
    ):
        return []
    local, line = imports[0].local, imports[0].line
    stmt = next(
        (s for s in ctx.src.tree.body if isinstance(s, ast.Import) and s.lineno == line), None
    )
    if stmt is None or len(stmt.names) != 1 or stmt.end_lineno != line:
        return []
    chains = _chains(ctx.src.tree, local)
    v1 = {c: f"{local}.compat.v1.{c[len(local) + 1 :]}" for c in chains}
    found = ctx.probe.exists(chains + list(v1.values()))
    missing = [c for c in chains if not found.get(c)]
    rel = [c[len(local) + 1 :] for c in missing]
    if not missing or not any(_is_graph_api(r) for r in rel):
        return []
    if not all(found.get(v1[c]) for c in chains):
        return []  # some name would be lost (or was never there): not this migration
    old = ctx.src.lines[line - 1]
    indent = ctx.src.indent_of(line)
    newline = old[len(old.rstrip("\r\n")) :]
    start, end = ctx.src.starts[line - 1], ctx.src.starts[line - 1] + len(old)
    migrated = (
        f"{indent}import tensorflow.compat.v1 as {local}\n{indent}{local}.disable_v2_behavior()"
    )
    new_text = ctx.src.text[:start] + migrated + newline + ctx.src.text[end:]
    shown = ", ".join(f"`{c}`" for c in missing[:5]) + (" ..." if len(missing) > 5 else "")
    return ctx.fix(
        "api.tf1-graph",
        f"run the TF 1 graph code through `tensorflow.compat.v1` (line {line}), with "
        "TF 2 behaviour disabled",
        new_text,
        SAFE,
        [
            f"AttributeError: module 'tensorflow' has no attribute '{m.group(2)}'",
            f"TensorFlow 2 lacks {len(missing)} name(s) the script uses: {shown}",
            f"all {len(chains)} `{local}.` names the script uses exist in `tf.compat.v1`",
            "the script builds a graph (placeholders, sessions or TF 1 optimizers): "
            "it needs graph mode, not one renamed call",
        ],
    )


RULES = [
    Rule(
        "api.tf1-graph",
        "api",
        "a TF 1 graph program (placeholders, sessions) on TF 2: import `tensorflow.compat.v1` "
        "as the script's `tf` and disable TF 2 behaviour, when every name it uses is there",
        _migration,
    ),
]
