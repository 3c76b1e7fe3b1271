"""Edit operator for a merge layer given whole models, inside a ``Sequential`` model.

Bridges Keras 1's way of joining two branches -- ``Merge([model_a, model_b])`` added to a
new ``Sequential`` -- as people port it (``Concatenate([cnn, rnn])``,
``Multiply([model1, model2])``: the models passed to the layer's constructor, where
Keras 2 and 3 take settings) and the functional model it means. The merge layer is
constructed with its other settings and called on the branches' outputs; the layers added
to the ``Sequential`` after it are called in turn; the model becomes
``Model([a.inputs[0], b.inputs[0]], out)``, its inputs in the branches' order (the order
``fit([xa, xb], ...)`` feeds). Each branch must be a model of the script
(``x = Sequential()`` / ``Model(...)`` / a model-valued binding).
"""

from __future__ import annotations

import ast

from gptfix.index.imports import canonical
from gptfix.model import Fix
from gptfix.repair.operators.edit import segment
from gptfix.repair.rules.base import SAFE, RuleContext
from gptfix.repair.rules.text import Source, insert_after_imports

_MERGES = {"Concatenate", "Add", "Multiply", "Average", "Maximum", "Minimum", "Subtract", "Dot"}


def _merge_class(ctx: RuleContext, call: ast.Call) -> bool:
    qualified = ctx.index.imports.resolve_expr(call.func)
    name = canonical(qualified) if qualified else ""
    return name.startswith("keras.layers.") and name.rsplit(".", 1)[-1] in _MERGES


def _models(ctx: RuleContext) -> dict[str, int]:
    """Names the module level binds to a model (the program model's value kinds) -> the
    first line of the (last) statement that binds it."""
    return {
        b.name: b.stmt_line or b.line
        for b in sorted(ctx.index.bindings, key=lambda b: b.line)
        if b.scope == 0 and b.kind == "assign" and b.value_kind in ("model", "compiled-model")
    }


def model_adds(tree: ast.Module, owner: str) -> list[ast.Expr]:
    """Top-level ``owner.add(layer)`` statements, in order."""
    return [
        n
        for n in tree.body
        if isinstance(n, ast.Expr)
        and isinstance(n.value, ast.Call)
        and isinstance(n.value.func, ast.Attribute)
        and n.value.func.attr == "add"
        and isinstance(n.value.func.value, ast.Name)
        and n.value.func.value.id == owner
        and len(n.value.args) == 1
    ]


def model_spelling(ctx: RuleContext, taken: set[str]) -> tuple[str, str | None]:
    """How to write ``keras.Model`` here, and an import to add for it if any: the
    script's own spelling, else ``Model`` from the module its ``Sequential`` came from."""
    spelled = ctx.index.imports.spell("keras.Model")
    if spelled:
        return spelled, None
    tree = ctx.index.tree
    module = next(
        (
            n.module
            for n in (tree.body if tree is not None else [])
            if isinstance(n, ast.ImportFrom)
            and n.module
            and n.module.endswith("models")
            and any(a.name == "Sequential" and not a.asname for a in n.names)
        ),
        None,
    )
    if module and "Model" not in taken:
        return "Model", f"from {module} import Model"
    return ctx.index.imports.spell_or_import("keras.Model")


def merge_models(ctx: RuleContext) -> list[Fix]:
    """``seq.add(Concatenate([cnn, rnn]))``: the functional model of the two branches."""
    tree = ctx.index.tree
    if tree is None:
        return []
    text = ctx.script.text
    models = _models(ctx)
    for node in tree.body:
        # the merge call, bound to a name first or given to ``add`` directly
        value = node.value if isinstance(node, ast.Assign | ast.Expr) else None
        merge = (
            value.args[0]
            if isinstance(node, ast.Expr) and isinstance(value, ast.Call) and value.args
            else value
        )
        if not (isinstance(merge, ast.Call) and merge.args and _merge_class(ctx, merge)):
            continue
        branches = merge.args[0]
        if not (
            isinstance(branches, ast.List | ast.Tuple)
            and len(branches.elts) >= 2
            and all(isinstance(e, ast.Name) and e.id in models for e in branches.elts)
        ):
            continue
        names = [e.id for e in branches.elts]  # type: ignore[attr-defined]
        bound = (
            node.targets[0].id
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
            else None
        )
        owner = next(
            (
                o
                for o in models
                if o not in names
                and any(
                    a.lineno >= node.lineno
                    and (
                        a.value is value or (bound and ast.unparse(a.value.args[0]) == bound)  # type: ignore[attr-defined]
                    )
                    for a in model_adds(tree, o)
                )
            ),
            None,
        )
        if owner is None:
            fixes = _bound_merges(ctx, tree, models)
            if fixes:
                return fixes
            continue
        adds = [a for a in model_adds(tree, owner) if a.lineno >= node.lineno]
        first = adds[0]
        settings = [segment(text, a) for a in merge.args[1:]] + [
            segment(text, k) for k in merge.keywords
        ]
        out = bound or "merged"
        taken = {b.name for b in ctx.index.bindings}
        while out in taken and out != bound:
            out += "_out"
        layer = segment(text, merge.func)
        outs = ", ".join(f"{n}.outputs[0]" for n in names)
        ins = ", ".join(f"{n}.inputs[0]" for n in names)
        model_name, stmt = model_spelling(ctx, taken)
        code = [f"{out} = {layer}({', '.join(settings)})([{outs}])"]
        code += [f"{out} = {segment(text, a.value.args[0])}({out})" for a in adds[1:]]  # type: ignore[attr-defined]
        code.append(f"{owner} = {model_name}([{ins}], {out})")
        lines = text.splitlines(keepends=True)
        newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
        drop = {a.lineno for a in adds} | {models[owner]}
        if bound:
            drop.add(node.lineno)
        spans = {
            n.lineno: (n.lineno, n.end_lineno or n.lineno) for n in tree.body if n.lineno in drop
        }
        for start, end in sorted(spans.values(), reverse=True):
            repl = [c + newline for c in code] if start == first.lineno else []
            lines[start - 1 : end] = repl
        new = "".join(lines)
        if stmt is not None:
            parsed = Source.parse(new)
            new = insert_after_imports(parsed, stmt) if parsed is not None else new
        return ctx.fix(
            "ops.merge-models",
            f"call `{layer}` on the outputs of {', '.join(f'`{n}`' for n in names)} and "
            f"build `{owner}` as a functional model",
            new,
            SAFE,
            [
                f"line {merge.lineno}: {segment(text, merge)} gives whole models to the "
                "layer's constructor, which takes its settings",
                f"`{owner}` is a Sequential model whose first layer joins "
                f"{len(names)} models: a functional model of their inputs and outputs",
            ],
        )
    return []


def _bound_merges(ctx: RuleContext, tree: ast.Module, models: dict[str, int]) -> list[Fix]:
    """``merged = Concatenate([first, second])`` then ``result = Concatenate([merged,
    third])`` compiled and fitted as a model: each merge layer is called on its branches'
    outputs (a merge named before stands for its tensor), and the last one, the name the
    script trains, becomes ``Model([<every branch's input>], <its tensor>)``."""
    text = ctx.script.text
    merges: list[tuple[ast.Assign, ast.Call, list[str]]] = []
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Call)
            and node.value.args
            and _merge_class(ctx, node.value)
            and isinstance(node.value.args[0], ast.List | ast.Tuple)
        ):
            continue
        elts = node.value.args[0].elts  # type: ignore[attr-defined]
        known = {m[0].targets[0].id for m in merges}  # type: ignore[attr-defined]
        if len(elts) < 2 or not all(
            isinstance(e, ast.Name) and (e.id in models or e.id in known) for e in elts
        ):
            continue
        merges.append((node, node.value, [e.id for e in elts if isinstance(e, ast.Name)]))
    if not merges:
        return []
    last, _call, _names = merges[-1]
    trained = last.targets[0].id  # type: ignore[attr-defined]
    used_as_model = any(
        isinstance(n, ast.Attribute)
        and isinstance(n.value, ast.Name)
        and n.value.id == trained
        and n.attr in ("compile", "fit", "summary", "predict", "evaluate")
        for n in ast.walk(tree)
    )
    if not used_as_model:
        return []
    inputs: dict[str, list[str]] = {}
    edits: list[tuple[int, str]] = []
    model_name, stmt = model_spelling(ctx, {b.name for b in ctx.index.bindings})
    for node, call, names in merges:
        name = node.targets[0].id  # type: ignore[attr-defined]
        outs = [n if n in inputs else f"{n}.outputs[0]" for n in names]
        inputs[name] = [x for n in names for x in inputs.get(n, [f"{n}.inputs[0]"])]
        settings = [segment(text, a) for a in call.args[1:]] + [
            segment(text, k) for k in call.keywords
        ]
        tensor = f"{segment(text, call.func)}({', '.join(settings)})([{', '.join(outs)}])"
        if node is last:
            tensor = f"{model_name}([{', '.join(inputs[name])}], {tensor})"
        edits.append((node.lineno, f"{name} = {tensor}"))
    lines = text.splitlines(keepends=True)
    for lineno, code in edits:
        end = lines[lineno - 1][len(lines[lineno - 1].rstrip("\r\n")) :]
        lines[lineno - 1] = code + (end or "\n")
    new = "".join(lines)
    if stmt is not None:
        parsed = Source.parse(new)
        new = insert_after_imports(parsed, stmt) if parsed is not None else new
    layer = segment(text, merges[0][1].func)
    return ctx.fix(
        "ops.merge-models",
        f"call `{layer}` on the branches' outputs and build `{trained}` as a functional model",
        new,
        SAFE,
        [
            f"line {merges[0][0].lineno}: the merge layer's constructor is given whole models",
            f"`{trained}` is compiled or trained as a model: a functional model of the branches",
        ],
    )
