"""How many batches an epoch of the script has, written as an expression of the script.

Bridges a callback constructed with a count of epochs in a keyword that now counts
batches (``ModelCheckpoint(period=5)`` -> ``save_freq=``) and the ``fit`` call the
callback is given to: ``fit(train_images, ..., batch_size=B)`` has
``ceil(len(train_images) / B)`` batches an epoch (``B`` is 32 when not given), or its own
``steps_per_epoch``. The expression only reads names bound where the callback is made.
"""

from __future__ import annotations

import ast

from gptfix.index.script import ScriptIndex

_FITS = ("fit", "fit_generator")


def _holding(tree: ast.Module, call: ast.Call) -> str | None:
    """The name the callback call is assigned to (``cp = ModelCheckpoint(...)``)."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and node.value is call
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            return node.targets[0].id
    return None


def _gets_callback(fit: ast.Call, call: ast.Call, name: str | None) -> bool:
    given = next((k.value for k in fit.keywords if k.arg == "callbacks"), None)
    if given is None:
        return False
    for node in ast.walk(given):
        if node is call or (name is not None and isinstance(node, ast.Name) and node.id == name):
            return True
    return False


def steps_per_epoch(index: ScriptIndex, call: ast.Call) -> str | None:
    """The batches of one epoch of the ``fit`` that gets the callback ``call``, as an
    expression valid at ``call``'s line; None when no such fit or its data is not an
    array named in the script."""
    tree = index.tree
    if tree is None:
        return None
    call = next(  # the same call in the program model's parse
        (
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and (n.lineno, n.col_offset) == (call.lineno, call.col_offset)
        ),
        call,
    )
    name = _holding(tree, call)
    fits = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr in _FITS
        and _gets_callback(n, call, name)
    ]
    if len(fits) != 1:
        return None
    fit = fits[0]
    visible = index.names_in_scope(call.lineno, before_only=True)

    def readable(expr: ast.expr) -> bool:
        return all(
            n.id in visible or index.is_builtin(n.id)
            for n in ast.walk(expr)
            if isinstance(n, ast.Name)
        )

    steps = next((k.value for k in fit.keywords if k.arg == "steps_per_epoch"), None)
    if steps is not None:
        return ast.unparse(steps) if readable(steps) else None
    x = fit.args[0] if fit.args else next((k.value for k in fit.keywords if k.arg == "x"), None)
    if not isinstance(x, ast.Name) or x.id not in visible:
        return None
    if visible[x.id].value_kind not in ("array", "dataframe", None):
        return None  # a dataset or a generator: its batches are its own
    batch = next((k.value for k in fit.keywords if k.arg == "batch_size"), None)
    size = ast.unparse(batch) if batch is not None else "32"
    if batch is not None and not readable(batch):
        return None
    return f"-(-len({x.id}) // {size})"
