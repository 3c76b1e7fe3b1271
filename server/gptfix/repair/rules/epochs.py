"""How many batches an epoch of the script has, written as an expression of the script.

Bridges a callback constructed with a count of epochs in a keyword that now counts
batches (``ModelCheckpoint(period=5)`` -> ``save_freq=``) and the ``fit`` call the
callback is given to: ``fit(train_images, ..., batch_size=B)`` has
``ceil(len(train_images) / B)`` batches an epoch (``B`` is 32 when not given), or its own
``steps_per_epoch``, read from the program model's fit facts. The expression only reads
names bound where the callback is made.
"""

from __future__ import annotations

import ast

from gptfix.index.script import ScriptIndex


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


def _names(expr: str) -> set[str] | None:
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError:
        return None
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def steps_per_epoch(index: ScriptIndex, call: ast.Call) -> str | None:
    """The batches of one epoch of the ``fit`` that gets the callback ``call`` (the program
    model's fit facts), as an expression valid at ``call``'s line; None when no such fit or
    its data is not an array named in the script."""
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
    written = ast.unparse(call)
    fits = [
        f
        for f in index.keras.fit
        if (given := f.kwargs.get("callbacks")) is not None
        and (written in given or (name is not None and name in (_names(given) or set())))
    ]
    if len(fits) != 1:
        return None
    fit = fits[0]
    visible = index.names_in_scope(call.lineno, before_only=True)

    def readable(expr: str) -> bool:
        names = _names(expr)
        return names is not None and all(n in visible or index.is_builtin(n) for n in names)

    steps = fit.kwargs.get("steps_per_epoch")
    if steps is not None:
        return steps if readable(steps) else None
    x = fit.data
    if x is None or not x.isidentifier() or x not in visible:
        return None
    if visible[x].value_kind not in ("array", "dataframe", None):
        return None  # a dataset or a generator: its batches are its own
    size = fit.batch_size or "32"
    if fit.batch_size is not None and not readable(fit.batch_size):
        return None
    return f"-(-len({x}) // {size})"
