"""Edit operators on what is fed to ``fit``: the split, the array's name, the validation data.

Bridges the failure at a ``fit``/``evaluate`` call and the program model (unpacking
targets, bindings and their kinds, the provenance of a dataset) into edits:

- ``unpack-order``: ``X_train, y_train, X_test, y_test = train_test_split(X, y)``
  reordered to what ``train_test_split`` returns.
- ``shadowed-data``: the training array's name reused for the model's tensors, so ``fit``
  gets a symbolic tensor: the array gets its own name.
- ``validation-split``: ``validation_split=`` with a dataset becomes ``validation_data=``
  (the script's own validation dataset, else fixed batches taken from the dataset).
- ``model-inputs``: a model with several ``Input``s fitted with one array gets one array
  per input: the arrays of the run with the fed array's rows and each input's declared
  shape (an array made and never read is what the author meant to pass).
"""

from __future__ import annotations

import ast

from gptfix.model import Fix
from gptfix.repair.operators.edit import (
    add_kwarg,
    feed_calls,
    last_name,
    replace_node,
    segment,
    statement_at,
    x_arg,
)
from gptfix.repair.rules.base import SAFE, UNSAFE, RuleContext
from gptfix.tracebacks.rootcause import role


def _split(name: str) -> str | None:
    low = name.lower()
    if "train" in low or low.endswith("_tr"):
        return "train"
    if any(k in low for k in ("test", "val", "valid")) or low.endswith("_te"):
        return "test"
    return None


def unpack_order(ctx: RuleContext) -> list[Fix]:
    """``X_train, y_train, X_test, y_test = train_test_split(X, y)`` -> sklearn's order."""
    tree = ctx.index.tree
    if tree is None:
        return []
    out: list[Fix] = []
    for stmt in ast.walk(tree):
        if not (
            isinstance(stmt, ast.Assign)
            and isinstance(stmt.targets[0], ast.Tuple)
            and isinstance(stmt.value, ast.Call)
            and last_name(stmt.value.func) == "train_test_split"
        ):
            continue
        targets = stmt.targets[0].elts
        arrays = [a for a in stmt.value.args if not isinstance(a, ast.Starred)]
        if len(targets) != 2 * len(arrays) or not all(isinstance(t, ast.Name) for t in targets):
            continue
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        roles = [role(segment(ctx.script.text, a)) for a in arrays]
        if None in roles or len(set(roles)) != len(roles):
            continue
        by: dict[tuple[str | None, str | None], str] = {(role(n), _split(n)): n for n in names}
        want = []
        for r in roles:
            want += [by.get((r, "train")), by.get((r, "test"))]
        if None in want or sorted(w or "" for w in want) != sorted(names) or want == names:
            continue
        new = ", ".join(w or "" for w in want)
        out += ctx.fix(
            "ops.unpack-order",
            f"unpack train_test_split in the order it returns: {new}",
            replace_node(ctx.script.text, stmt.targets[0], new),
            SAFE,
            [
                "train_test_split(a, b) returns a_train, a_test, b_train, b_test",
                f"line {stmt.lineno}: {segment(ctx.script.text, stmt.targets[0])}",
            ],
        )
    return out


def shadowed_data(ctx: RuleContext) -> list[Fix]:
    """``fit(x, ...)`` where ``x`` was rebound to the model's tensors: rename the array."""
    tree = ctx.index.tree
    if tree is None:
        return []
    for call in feed_calls(tree):
        x = x_arg(call)
        if not isinstance(x, ast.Name) or call.lineno not in ctx.user_lines:
            continue
        now = ctx.index.lookup(x.id, call.lineno)
        if now is None or now.value_kind not in ("tensor", "input"):
            continue  # fit is given the model's symbolic tensor, not data
        earlier = [
            b
            for b in ctx.index.bindings_of(x.id)
            if now is not None and b.scope == now.scope and b.line < now.line
        ]
        if not earlier:
            continue
        array = earlier[0]
        if array.value_kind not in ("array", None) or array.kind != "assign":
            continue
        new = f"{x.id}_train"
        if ctx.index.bindings_of(new):
            new = f"{x.id}_data"
        reads = [
            a
            for a in ctx.index.accesses
            if a.name == x.id and (ctx.index.lookup(a.name, a.line, a.scope) is array)
        ]
        patched = ctx.script.text
        edits = [(array.line, array.col, array.end_col)]
        edits += [(a.line, a.col, a.end_col) for a in reads]
        for c in feed_calls(tree):
            arg = x_arg(c)
            if isinstance(arg, ast.Name) and arg.id == x.id and c.lineno > now.line:
                edits.append(
                    (arg.lineno, ctx.index.lines.char_col(arg.lineno, arg.col_offset),
                     ctx.index.lines.char_col(arg.lineno, arg.end_col_offset or 0))
                )  # fmt: skip
        lines = patched.splitlines(keepends=True)
        for line, col, end in sorted(set(edits), reverse=True):
            text = lines[line - 1]
            lines[line - 1] = text[:col] + new + text[end:]
        return ctx.fix(
            "ops.shadowed-data",
            f"the training array `{x.id}` is rebound to the model's tensors at line "
            f"{now.line}: call the array `{new}`",
            "".join(lines),
            SAFE,
            [
                f"line {array.line}: {x.id} = {array.value}",
                f"line {now.line}: {x.id} = {now.value}",
            ],
        )
    return []


def validation_split(ctx: RuleContext) -> list[Fix]:
    """``validation_split=`` with a dataset: validate on a dataset instead."""
    if not ctx.search(r"validation_split.*only supported for (Tensors|tensors)"):
        return []
    tree = ctx.index.tree
    if tree is None:
        return []
    for call in feed_calls(tree):
        kw = next((k for k in call.keywords if k.arg == "validation_split"), None)
        x = x_arg(call)
        if kw is None or not isinstance(x, ast.Name):
            continue
        visible = ctx.index.names_in_scope(call.lineno, before_only=True)
        val = [
            n
            for n, b in visible.items()
            if b.value_kind == "dataset" and n != x.id and _split(n) == "test"
        ]
        text = ctx.script.text
        if val:
            return ctx.fix(
                "ops.validation-split",
                f"validate on the script's own validation dataset `{val[0]}`",
                replace_node(text, kw, f"validation_data={val[0]}"),
                SAFE,
                [f"`{x.id}` is a dataset; fit cannot split it", f"`{val[0]}` is bound earlier"],
            )
        frac = segment(text, kw.value)
        stmt = statement_at(tree, call.lineno)
        if stmt is None:
            continue
        patched = replace_node(text, kw, f"validation_data={x.id}.take(val_batches)")
        patched = replace_node(patched, x, f"{x.id}.skip(val_batches)")
        made = {step.line for step in ctx.provenance.trace(x.id, call.lineno)}
        shuffles = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and n.func.attr == "shuffle"
            and n.lineno in made
            and not any(k.arg == "reshuffle_each_iteration" for k in n.keywords)
        ]
        for shuffle in sorted(shuffles, key=lambda n: (n.lineno, n.col_offset), reverse=True):
            # the held-out batches must stay the same every epoch
            patched = add_kwarg(patched, shuffle, "reshuffle_each_iteration", "False")
        lines = patched.splitlines(keepends=True)
        first = lines[stmt.lineno - 1]
        indent = first[: len(first) - len(first.lstrip())]
        take = f"{indent}val_batches = max(1, int({frac} * int({x.id}.cardinality())))\n"
        lines.insert(stmt.lineno - 1, take)
        return ctx.fix(
            "ops.validation-split",
            f"hold out {frac} of `{x.id}`'s batches for validation (fit cannot split a dataset)",
            "".join(lines),
            UNSAFE,
            [f"`{x.id}` is a dataset; validation_split needs arrays"],
        )
    return []


def _input_shapes(ctx: RuleContext, tree: ast.Module) -> list[list[list[int | None]]]:
    """For each ``Model(inputs=[a, b], ...)``: the declared shape of each of its Inputs."""
    out: list[list[list[int | None]]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and last_name(node.func) in ("Model", "Functional")):
            continue
        arg = next((k.value for k in node.keywords if k.arg == "inputs"), None)
        arg = arg if arg is not None else (node.args[0] if node.args else None)
        if not isinstance(arg, ast.List | ast.Tuple) or len(arg.elts) < 2:
            continue
        shapes: list[list[int | None]] = []
        for elt in arg.elts:
            made = _made_by(ctx, tree, elt, node.lineno)
            shape = (
                next((k.value for k in made.keywords if k.arg == "shape"), None) if made else None
            )
            shape = shape if shape is not None or made is None or not made.args else made.args[0]
            if not isinstance(shape, ast.Tuple | ast.List):
                break
            shapes.append(
                [e.value if isinstance(e, ast.Constant) and type(e.value) is int else None
                 for e in shape.elts]
            )  # fmt: skip
        if len(shapes) == len(arg.elts):
            out.append(shapes)
    return out


def _made_by(ctx: RuleContext, tree: ast.Module, elt: ast.expr, line: int) -> ast.Call | None:
    """The ``Input(...)`` call that made the tensor ``elt`` names."""
    if isinstance(elt, ast.Call) and last_name(elt.func) == "Input":
        return elt
    if not isinstance(elt, ast.Name):
        return None
    b = ctx.index.lookup(elt.id, line)
    stmt = statement_at(tree, (b.stmt_line or b.line)) if b is not None else None
    value = getattr(stmt, "value", None)
    return value if isinstance(value, ast.Call) and last_name(value.func) == "Input" else None


def model_inputs(ctx: RuleContext) -> list[Fix]:
    """A model with several inputs fitted with one array: pass one array per input."""
    m = ctx.search(r"expects (\d+) (?:named )?input\(s\).*?received (\d+) input tensors")
    tree = ctx.index.tree
    if m is None or tree is None or int(m.group(2)) != 1:
        return []
    need = int(m.group(1))
    models = [s for s in _input_shapes(ctx, tree) if len(s) == need]
    if len(models) != 1:
        return []
    slots = models[0]
    for call in feed_calls(tree):
        x = x_arg(call)
        if not isinstance(x, ast.Name) or call.lineno not in ctx.user_lines:
            continue
        fact = ctx.traced(x.id, call.lineno)
        if fact is None or not fact.shape:
            continue
        rows = fact.shape[0]
        ys = {segment(ctx.script.text, a) for a in call.args[1:2]}
        ys |= {segment(ctx.script.text, k.value) for k in call.keywords if k.arg == "y"}
        arrays: dict[str, list[int | None]] = {}
        unread: set[str] = set()  # made and never read: what the author meant to pass
        for name, binding in ctx.index.names_in_scope(call.lineno, before_only=True).items():
            f = ctx.traced(name, call.lineno)
            if f is not None and f.shape and f.shape[0] == rows and name not in ys:
                arrays[name] = f.shape[1:]
                if not ctx.index.uses_of(binding):
                    unread.add(name)
        chosen: list[str] = []
        unique = True
        for slot in slots:
            fits = [n for n, dims in arrays.items() if n not in chosen and _fits(dims, slot)]
            if x.id in fits:
                pick = [x.id]
            else:
                pick = [n for n in fits if n in unread] or fits
            if len(pick) != 1:
                return []
            unique = unique and len(fits) == 1
            chosen.append(pick[0])
        if x.id not in chosen:
            return []
        new = "[" + ", ".join(chosen) + "]"
        return ctx.fix(
            "ops.model-inputs",
            f"fit the {need}-input model with one array per input: {new}",
            replace_node(ctx.script.text, x, new),
            SAFE if unique and len({str(s) for s in slots}) == len(slots) else UNSAFE,
            [f"the model has {need} inputs shaped {slots}"]
            + [f"`{n}` had shape {[rows, *arrays[n]]} in the run" for n in chosen],
        )
    return []


def _fits(dims: list[int | None], declared: list[int | None]) -> bool:
    return len(dims) == len(declared) and all(
        d is None or e is None or d == e for d, e in zip(dims, declared, strict=True)
    )
