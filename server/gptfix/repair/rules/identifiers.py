"""Rules for what Keras could not take as a loss, metric or callback: a misspelt loss, metric,
optimizer, activation, initializer or regularizer name.

Bridges "Could not interpret loss identifier: spare_categorical_crossentropy" (and the
same for the other kinds) and the string in the script that holds the name: it becomes the
closest name the installed Keras has for that kind (asked of the user's interpreter: the
public functions of ``keras.losses``, the optimizer classes of ``keras.optimizers`` in lower
case, ...), when the two differ as a typo does. A metric given something that is not a
name at all (a callback object in ``metrics=[...]``) is reported as such, with the
callback moved to ``fit(callbacks=...)`` when the script fits the same model once. An
object of the script's that holds a callback (``self.callback = HeraCallback(self)``)
passed in ``callbacks=[...]`` itself ("'HeraModel' object has no attribute 'set_model'")
is replaced there by that attribute.
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.model import Fix
from gptfix.repair.operators.edit import add_kwarg, replace_node, segment
from gptfix.repair.rules.api_attrs import is_typo
from gptfix.repair.rules.base import SAFE, Rule, RuleContext

_MESSAGE = re.compile(
    r"Could not interpret (loss|metric|optimizer|activation|initializer|regularizer) "
    r"(?:function )?identifier: ['\"]?([A-Za-z_][\w\-]*)"
)
#: kind -> the Keras module whose public names are the identifiers of that kind
_MODULES = {
    "loss": "keras.losses",
    "metric": "keras.metrics",
    "optimizer": "keras.optimizers",
    "activation": "keras.activations",
    "initializer": "keras.initializers",
    "regularizer": "keras.regularizers",
}
#: string names Keras resolves without a function of that name
_ALIASES = {
    "metric": ["accuracy", "acc", "crossentropy", "ce", "mse", "mae", "mape", "msle"],
    "loss": ["mse", "mae", "mape", "msle"],
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _known(ctx: RuleContext, kind: str) -> list[str]:
    """The identifiers of ``kind`` the installed Keras accepts, in lower case."""
    module = _MODULES[kind]
    spelled = ctx.index.spell(module) or module
    names = ctx.probe.names(spelled) or []
    if kind == "optimizer":
        out = [n.lower() for n in names if n[:1].isupper()]
    elif kind in ("initializer", "regularizer"):
        out = [_snake(n) for n in names if n[:1].isupper()] + [n for n in names if n.islower()]
    else:
        out = [n for n in names if n[:1].islower()]
    return sorted(set(out + _ALIASES.get(kind, [])))


def misspelt_identifier(ctx: RuleContext) -> list[Fix]:
    """``loss="spare_categorical_crossentropy"``: ``"sparse_categorical_crossentropy"``."""
    found = _MESSAGE.search(ctx.message)
    tree = ctx.index.tree
    if found is None or tree is None:
        return []
    kind, written = found.group(1), found.group(2)
    strings = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value == written
    ]
    if not strings:
        return []
    known = _known(ctx, kind)
    if not known or written.lower() in known:
        return []
    close = [
        c
        for c in difflib.get_close_matches(written.lower(), known, n=3, cutoff=0.8)
        if is_typo(written.lower(), c)
    ]
    if not close:
        return []
    text = ctx.script.text
    for node in sorted(strings, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        quote = text.splitlines()[node.lineno - 1].encode()[node.col_offset : node.col_offset + 1]
        q = quote.decode() if quote in (b"'", b'"') else '"'
        text = replace_node(text, node, f"{q}{close[0]}{q}")
    lines = ", ".join(str(n.lineno) for n in strings)
    return ctx.fix(
        "api.identifier-typo",
        f"spell the {kind} `{close[0]}` (was `{written}`)",
        text,
        SAFE,
        [
            f"Keras could not interpret the {kind} identifier `{written}` (line {lines})",
            f"`{close[0]}` is the closest {kind} name the installed Keras has",
        ],
    )


_OBJECT = re.compile(r"Could not interpret metric identifier: <(?:[\w.]*\.)?(\w+) object")


def _is_callback(ctx: RuleContext, cls: str) -> bool:
    """Whether the script's class ``cls`` is a Keras callback (by its bases), or ``cls``
    is imported from a callbacks module."""
    tree = ctx.index.tree
    assert tree is not None
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == cls:
            return any((ast.unparse(b).rsplit(".", 1)[-1]).endswith("Callback") for b in node.bases)
    qualified = ctx.index.imports.resolve(cls) or ""
    return "callbacks" in qualified.split(".")


def _without_item(text: str, call: ast.Call, kw: ast.keyword, item: ast.expr) -> str:
    """``text`` with ``item`` out of the list ``kw`` passes to ``call`` (the keyword gone
    with its last item)."""
    assert isinstance(kw.value, ast.List)
    others = [segment(text, e) for e in kw.value.elts if e is not item]
    if others:
        return replace_node(text, kw.value, f"[{', '.join(others)}]")
    seg, gone = segment(text, call), segment(text, kw)
    start = seg.index(gone)
    head, tail = seg[:start], seg[start + len(gone) :]
    if re.search(r",\s*$", head):
        head = re.sub(r",\s*$", "", head)
    else:
        tail = re.sub(r"^\s*,\s*", "", tail)
    return replace_node(text, call, head + tail)


def callback_as_metric(ctx: RuleContext) -> list[Fix]:
    """``compile(metrics=[ProgressCallback()])``: the callback goes to ``fit(callbacks=...)``."""
    found = _OBJECT.search(ctx.message)
    tree = ctx.index.tree
    if found is None or tree is None or not _is_callback(ctx, found.group(1)):
        return []
    cls = found.group(1)
    text = ctx.script.text
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        if call.func.attr != "compile":
            continue
        kw = next((k for k in call.keywords if k.arg == "metrics"), None)
        if kw is None or not isinstance(kw.value, ast.List):
            continue
        item = next(
            (
                e
                for e in kw.value.elts
                if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == cls
            ),
            None,
        )
        if item is None:
            continue
        owner = segment(text, call.func.value)
        fits = [
            c
            for c in ast.walk(tree)
            if isinstance(c, ast.Call)
            and isinstance(c.func, ast.Attribute)
            and c.func.attr in ("fit", "fit_generator")
            and segment(text, c.func.value) == owner
            and c.lineno > call.lineno
        ]
        if len(fits) != 1:
            continue
        fit = fits[0]
        made = segment(text, item)
        given = next((k for k in fit.keywords if k.arg == "callbacks"), None)
        if given is None:
            new = add_kwarg(text, fit, "callbacks", f"[{made}]")
        elif isinstance(given.value, ast.List):
            inner = ", ".join([*(segment(text, e) for e in given.value.elts), made])
            new = replace_node(text, given.value, f"[{inner}]")
        else:
            continue
        new = _without_item(new, call, kw, item)  # the compile call comes first: still in place
        return ctx.fix(
            "api.callback-as-metric",
            f"pass `{made}` to `{owner}.fit(callbacks=...)`, not to `compile(metrics=...)`",
            new,
            SAFE,
            [
                f"Keras could not interpret the metric `{cls}` object (line {call.lineno})",
                f"`{cls}` is a callback: `fit` takes callbacks, `compile` takes metrics",
            ],
        )
    return []


_NOT_CALLBACK = re.compile(
    r"'(\w+)' object has no attribute '(?:set_model|set_params|on_\w+|_implements_\w+)'"
)


def _callback_attribute(cls: ast.ClassDef, callbacks: set[str]) -> str | None:
    """The attribute ``cls`` sets in ``__init__`` to an instance of a callback class."""
    init = next(
        (f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "__init__"), None
    )
    for node in ast.walk(init) if init is not None else []:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute)
            and isinstance(node.targets[0].value, ast.Name)
            and node.targets[0].value.id == "self"
            and isinstance(node.value, ast.Call)
            and ast.unparse(node.value.func).rsplit(".", 1)[-1] in callbacks
        ):
            return node.targets[0].attr
    return None


def holder_as_callback(ctx: RuleContext) -> list[Fix]:
    """``callbacks=[holder]`` where ``holder`` keeps its callback as ``holder.callback``."""
    found = _NOT_CALLBACK.search(ctx.message)
    tree = ctx.index.tree
    if found is None or tree is None:
        return []
    classes = {c.name: c for c in ast.walk(tree) if isinstance(c, ast.ClassDef)}
    callbacks = {n for n in classes if _is_callback(ctx, n)} | {"Callback"}
    holder = classes.get(found.group(1))
    attr = _callback_attribute(holder, callbacks) if holder is not None else None
    if attr is None:
        return []
    text = ctx.script.text
    made = {
        t.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and isinstance(n.value, ast.Call)
        and ast.unparse(n.value.func) == found.group(1)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    items = [
        e
        for call in ast.walk(tree)
        if isinstance(call, ast.Call)
        for k in call.keywords
        if k.arg == "callbacks" and isinstance(k.value, ast.List)
        for e in k.value.elts
        if isinstance(e, ast.Name) and e.id in made
    ]
    if not items:
        return []
    new = text
    for e in sorted(items, key=lambda n: (n.lineno, n.col_offset), reverse=True):
        new = replace_node(new, e, f"{segment(text, e)}.{attr}")
    name = segment(text, items[0])
    return ctx.fix(
        "api.holder-as-callback",
        f"pass `{name}.{attr}` (its callback) in `callbacks=`, not `{name}`",
        new,
        SAFE,
        [
            f"`{name}` is a `{found.group(1)}`, not a Keras callback ({ctx.message.splitlines()[0][:100]})",
            f"`{found.group(1)}.__init__` keeps a callback as `self.{attr}`",
        ],
    )


RULES = [
    Rule(
        "api.identifier-typo", "api", "a misspelt loss/metric/optimizer name", misspelt_identifier
    ),
    Rule("api.callback-as-metric", "api", "a callback passed as a metric", callback_as_metric),
    Rule(
        "api.holder-as-callback",
        "api",
        "an object holding a callback passed as one",
        holder_as_callback,
    ),
]
