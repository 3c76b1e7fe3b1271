"""Rules for how data is matched to a multi-input / multi-output model.

Bridges Keras' "Input 0 with name 'image' ... expected shape=(None, 32, 32, 3), found
shape=(None, 6)" and the list of arrays passed to ``fit``/``evaluate``/``predict``
(reordered to the order of the model's inputs), and key errors naming a dict key of
``compile(loss=..., metrics=..., loss_weights=...)`` or of the label dict that is not
an output name (renamed to the closest output name of the model as written).
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, arg_or_kw, call_name, calls, keyword, literal

_DATA_METHODS = (
    "fit",
    "evaluate",
    "predict",
    "train_on_batch",
    "test_on_batch",
    "predict_on_batch",
)


def _shape_dims(text: str) -> list[str]:
    return [p.strip() for p in text.split(",") if p.strip()]


def _input_order(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(
        r"Input (\d+) with name '(\w+)' of layer '[\w-]+' is incompatible with the layer: expected shape=\(([^)]*)\), found shape=\(([^)]*)\)"
    )
    if not m:
        return []
    index, name = int(m.group(1)), m.group(2)
    fixes: list[Fix] = []
    patch = Patch(ctx.src.text)
    seen: set[str] = set()
    for c in calls(ctx.src):
        if call_name(c) not in _DATA_METHODS:
            continue
        x = arg_or_kw(c, 0, "x")
        if not isinstance(x, ast.List | ast.Tuple) or len(x.elts) != 2 or index > 1:
            continue
        a, b = (ctx.src.segment(e) for e in x.elts)
        s, e = ctx.src.span(x)
        open_, close = ("[", "]") if isinstance(x, ast.List) else ("(", ")")
        patch.replace(s, e, f"{open_}{b}, {a}{close}")
        seen.add(f"{call_name(c)}([{a}, {b}])")
    if not seen:
        return []
    fixes += ctx.fix(
        "io.input-order",
        "pass the inputs in the order the model declares them",
        patch.apply(),
        SAFE,
        [
            f"input {index} ('{name}') expects shape ({m.group(3)}) but got ({m.group(4)})",
            "swapped in " + ", ".join(sorted(seen)),
        ],
    )
    return fixes


def output_names(ctx: RuleContext) -> list[str]:
    """Output names of the model(s) built in the script: dict keys of outputs, else layer names."""
    names: list[str] = []
    for c in calls(ctx.src):
        if call_name(c) not in ("Model", "Functional"):
            continue
        out = keyword(c, "outputs")
        node = out.value if out else (c.args[1] if len(c.args) > 1 else None)
        if isinstance(node, ast.Dict):
            names += [
                k for k in (literal(k) for k in node.keys if k is not None) if isinstance(k, str)
            ]
    if names:
        return names
    for c in calls(ctx.src):
        nm = keyword(c, "name")
        if (
            nm is not None
            and isinstance(literal(nm.value), str)
            and call_name(c) not in ("Model", "Sequential", "Input")
        ):
            names.append(str(literal(nm.value)))
    return names


def input_names(ctx: RuleContext) -> list[str]:
    """``name=`` of the script's ``Input`` layers, plus keys Keras says it expected."""
    names = []
    m = ctx.search(r"Expected the following keys: \[([^\]]*)\]")
    if m:
        names += re.findall(r"'([^']+)'", m.group(1))
    for c in calls(ctx.src):
        if call_name(c) in ("Input", "InputLayer"):
            nm = keyword(c, "name")
            if nm is not None and isinstance(literal(nm.value), str):
                names.append(str(literal(nm.value)))
    return list(dict.fromkeys(names))


def _keyed_dicts(ctx: RuleContext) -> list[tuple[ast.Dict, ast.Call, str]]:
    """Dict literals keyed by model inputs ("in") or outputs ("out"), with their call."""
    out: list[tuple[ast.Dict, ast.Call, str]] = []
    for c in calls(ctx.src):
        name = call_name(c)
        if name == "compile":
            for kw in ("loss", "loss_weights", "metrics", "weighted_metrics"):
                k = keyword(c, kw)
                if k is not None and isinstance(k.value, ast.Dict):
                    out.append((k.value, c, "out"))
        elif name in _DATA_METHODS:
            x = arg_or_kw(c, 0, "x")
            if isinstance(x, ast.Dict):
                out.append((x, c, "in"))
            y = arg_or_kw(c, 1, "y")
            if isinstance(y, ast.Dict):
                out.append((y, c, "out"))
            vd = keyword(c, "validation_data")
            if vd is not None and isinstance(vd.value, ast.Tuple):
                for i, el in enumerate(vd.value.elts[:2]):
                    if isinstance(el, ast.Dict):
                        out.append((el, c, "in" if i == 0 else "out"))
    return out


def _output_keys(ctx: RuleContext) -> list[Fix]:
    if not ctx.is_type("KeyError", "ValueError", "TypeError"):
        return []
    names = {"in": input_names(ctx), "out": output_names(ctx)}
    failing_calls = {id(n) for n in ctx.nodes_on_user_lines(ast.Call)}
    renames: dict[str, str] = {}
    plan: list[tuple[ast.AST, str]] = []
    for d, call, kind in _keyed_dicts(ctx):
        known = names[kind]
        if not known:
            continue
        keys = [literal(k) if k is not None else None for k in d.keys]
        unused = [o for o in known if o not in keys]
        for knode, key in zip(d.keys, keys, strict=True):
            if knode is None or not isinstance(key, str) or key in known:
                continue
            named = re.search(rf"['\"(]{re.escape(key)}['\",)]", ctx.message) is not None
            if not named and id(call) not in failing_calls:
                continue
            new = renames.get(key)
            if new is None:
                close = difflib.get_close_matches(key, unused, n=1, cutoff=0.4)
                new = close[0] if close else (unused[0] if len(unused) == 1 else None)
            if new is None:
                continue
            renames[key] = new
            plan.append((knode, new))
    for d, _call, kind in _keyed_dicts(ctx):  # the same wrong key in dicts the message did not name
        for knode in d.keys:
            key = literal(knode) if knode is not None else None
            if (
                isinstance(key, str)
                and key in renames
                and key not in names[kind]
                and knode is not None
            ):
                if all(knode is not p for p, _ in plan):
                    plan.append((knode, renames[key]))
    if not renames:
        return []
    patch = Patch(ctx.src.text)
    for target, new in plan:
        s, e = ctx.src.span(target)
        quote = ctx.src.text[s]
        patch.replace(s, e, f"{quote}{new}{quote}")
    desc = ", ".join(f"'{k}' -> '{v}'" for k, v in renames.items())
    return ctx.fix(
        "io.output-keys",
        f"key the dicts by the model's input/output names ({desc})",
        patch.apply(),
        SAFE,
        [
            f"the model's inputs are named {names['in']}, its outputs {names['out']}",
            f"{ctx.failure.type} at a call using {sorted(renames)}",
        ],
    )


RULES = [
    Rule(
        "io.input-order",
        "io",
        "multi-input data passed in the wrong order: reorder to the model's inputs",
        _input_order,
    ),
    Rule(
        "io.output-keys",
        "io",
        "loss/metric/label dict keys that are not output names: use the closest output name",
        _output_keys,
    ),
]
