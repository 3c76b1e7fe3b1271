"""Rules for loading a saved model whose custom objects the loader cannot find.

Bridges "Could not locate class 'Scale'" / "Could not locate function 'my_loss'" (Keras 3's
``.keras`` loader) and "Unknown layer: 'Scale'" / "Unknown loss function: my_loss" (the
legacy ``.h5`` loader) at a ``load_model(...)`` line and the script's own definitions: the
classes the script defines on Keras bases (layers, models, losses, metrics) and the
functions it gives to ``compile`` as loss or metrics, when the failing name is one of them,
go to that call's ``custom_objects`` (added to the dict it already has). Every such object
is passed at once, so the next one the saved model names does not fail in turn.
"""

from __future__ import annotations

import ast
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg, apply_edits, replace_node, segment, text_offset
from gptfix.repair.rules.base import SAFE, Rule, RuleContext

_MISSING = re.compile(
    r"Could not locate (?:class|function) '(\w+)'"
    r"|Unknown (?:layer|loss function|metric function|activation function|object|"
    r"optimizer|regularizer|initializer|constraint)\w*: '?(\w+)'?"
)
_KERAS_BASES = {"Layer", "Model", "Loss", "Metric", "Sequential", "Constraint", "Regularizer"}
_COMPILED = ("loss", "metrics", "weighted_metrics")


def _last(node: ast.expr) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    return node.id if isinstance(node, ast.Name) else ""


def _custom(tree: ast.Module) -> list[str]:
    """Module-level classes on Keras bases and functions compiled as a loss or metric."""
    names = [
        n.name
        for n in tree.body
        if isinstance(n, ast.ClassDef) and any(_last(b) in _KERAS_BASES for b in n.bases)
    ]
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and _last(call.func) == "compile"):
            continue
        for kw in call.keywords:
            if kw.arg not in _COMPILED:
                continue
            for node in ast.walk(kw.value):
                if isinstance(node, ast.Name) and node.id in defined and node.id not in names:
                    names.append(node.id)
    return names


def _custom_objects(ctx: RuleContext) -> list[Fix]:
    """``load_model("m.keras")`` -> ``load_model("m.keras", custom_objects={"Scale": Scale})``."""
    missing = {a or b for a, b in _MISSING.findall(ctx.message)}
    tree = ctx.index.tree
    if not missing or tree is None:
        return []
    loads = [
        c
        for c in ctx.nodes_on_user_lines(ast.Call)
        if isinstance(c, ast.Call) and _last(c.func) in ("load_model", "load_weights")
    ]
    known = _custom(tree)
    if not loads or not missing <= set(known):
        return []
    call, text = loads[0], ctx.script.text
    visible = ctx.index.names_in_scope(call.lineno)
    given = next((k.value for k in call.keywords if k.arg == "custom_objects"), None)
    if given is not None and not isinstance(given, ast.Dict):
        return []  # a dict built elsewhere: not written here
    have = {k.value for k in getattr(given, "keys", []) if isinstance(k, ast.Constant)}
    add = [n for n in known if n in visible and n not in have]
    if not add:
        return []
    entries = ", ".join(f'"{n}": {n}' for n in add)
    if given is None:
        new = add_kwarg(text, call, "custom_objects", "{" + entries + "}")
    else:
        inner = segment(text, given)[1:-1].strip().rstrip(",")
        new = replace_node(text, given, "{" + (f"{inner}, " if inner else "") + entries + "}")
    return ctx.fix(
        "api.custom-objects",
        f"give load_model the script's custom objects ({', '.join(add)})",
        new,
        SAFE,
        [
            f"the loader cannot find {', '.join(sorted(missing))}: the saved model names "
            "objects the script defines",
            f"defined in the script: {', '.join(known)}",
        ],
    )


_INIT_KWARG = re.compile(r"(\w+)\.__init__\(\) got an unexpected keyword argument '(\w+)'")


def _init_kwargs(ctx: RuleContext) -> list[Fix]:
    """``WeightClip.__init__() got an unexpected keyword argument 'name'`` while a model is
    loaded: the script's class writes keys in ``get_config`` (or inherits them) that its
    ``__init__`` does not take; ``**kwargs`` takes them (and goes to ``super().__init__``
    when the class calls it), as Keras' own classes do."""
    m = _INIT_KWARG.search(ctx.message)
    tree = ctx.index.tree
    if m is None or tree is None:
        return []
    cls = next((n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == m.group(1)), None)
    init = (
        next((n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
        if cls is not None
        else None
    )
    if cls is None or init is None or init.args.kwarg is not None:
        return []
    text = ctx.script.text
    ends: list[ast.arg | ast.expr] = [*init.args.args, *init.args.kwonlyargs, *init.args.defaults]
    ends += [d for d in init.args.kw_defaults if d is not None]
    if not ends:
        return []
    tail = max(ends, key=lambda x: (x.end_lineno or 0, x.end_col_offset or 0))
    edits = [
        (text_offset(text, tail.end_lineno or 1, tail.end_col_offset or 0),) * 2 + (", **kwargs",)
    ]
    for node in ast.walk(init):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "__init__"
            and isinstance(node.func.value, ast.Call)
            and getattr(node.func.value.func, "id", "") == "super"
            and not node.keywords
            and not node.args
        ):
            close = text_offset(text, node.end_lineno or 1, node.end_col_offset or 0) - 1
            edits.append((close, close, "**kwargs"))
            break
    new = apply_edits(text, edits)
    return ctx.fix(
        "api.init-kwargs",
        f"let `{cls.name}.__init__` take the keys its config gives (`**kwargs`)",
        new,
        SAFE,
        [
            ctx.message.splitlines()[0][:160],
            f"`{m.group(2)}` is in the saved config of `{cls.name}`",
        ],
    )


RULES = [
    Rule(
        "api.init-kwargs",
        "api",
        "a custom class whose __init__ rejects keys of its own saved config: take **kwargs",
        _init_kwargs,
    ),
    Rule(
        "api.custom-objects",
        "api",
        "a saved model loaded without the custom classes and functions the script defines",
        _custom_objects,
    ),
]
