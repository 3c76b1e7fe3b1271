"""Rules for how data is matched to a multi-input / multi-output model.

Bridges Keras' "Input 0 with name 'image' ... expected shape=(None, 32, 32, 3), found
shape=(None, 6)" and the list of arrays passed to ``fit``/``evaluate``/``predict``
(reordered to the order of the model's inputs: a swap for two, the orders that put the
misplaced array where its shape belongs for three or more), and key errors naming a dict
key of ``compile(loss=..., metrics=..., loss_weights=...)`` or of the data/label dict
(written inline or bound to a name) that is not an input/output name (renamed: close
spellings first, then the one key left to the one name left).
"""

from __future__ import annotations

import ast
import difflib
import itertools
import re

from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.consts import evaluate
from gptfix.repair.rules.rank import input_call_of as _input_call_of
from gptfix.repair.rules.text import Patch, arg_or_kw, call_name, calls, keyword, kwvalue, literal

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
        if isinstance(x, ast.List | ast.Tuple) and len(x.elts) > 2:
            fixes += _permute_inputs(ctx, x, index, _dims_tuple(m.group(4))[1:])
            continue
        if not isinstance(x, ast.List | ast.Tuple) or len(x.elts) != 2 or index > 1:
            continue
        a, b = (ctx.src.segment(e) for e in x.elts)
        s, e = ctx.src.span(x)
        open_, close = ("[", "]") if isinstance(x, ast.List) else ("(", ")")
        patch.replace(s, e, f"{open_}{b}, {a}{close}")
        seen.add(f"{call_name(c)}([{a}, {b}])")
    if not seen:
        return fixes
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


def _dims_tuple(text: str) -> tuple[int | None, ...]:
    return tuple(None if d == "None" else int(d) for d in _shape_dims(text))


def declared_input_shapes(ctx: RuleContext, n: int) -> list[tuple[object, ...] | None] | None:
    """Shapes of the ``n`` inputs of the script's ``Model([a, b, c], ...)``, in order."""
    for c in calls(ctx.src):
        if call_name(c) not in ("Model", "Functional"):
            continue
        ins = arg_or_kw(c, 0, "inputs")
        if not isinstance(ins, ast.List | ast.Tuple) or len(ins.elts) != n:
            continue
        out: list[tuple[object, ...] | None] = []
        for el in ins.elts:
            inp = _input_call_of(ctx, el.id, c.lineno) if isinstance(el, ast.Name) else None
            value = evaluate(ctx.src, arg_or_kw(inp, 0, "shape")) if inp is not None else None
            out.append(tuple(value) if isinstance(value, list | tuple) else None)
        return out
    return None


def _last_dim_guess(ctx: RuleContext, node: ast.expr) -> int | None:
    """The last axis of an array bound to ``node`` when written as ``rand(n, 5)`` /
    ``normal(size=(n, 5))``."""
    if not isinstance(node, ast.Name):
        return None
    for st in ctx.src.walk():
        if isinstance(st, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == node.id for t in st.targets
        ):
            for call in ast.walk(st.value):
                if not isinstance(call, ast.Call):
                    continue
                size = kwvalue(call, "size") or kwvalue(call, "shape")
                dims = size.elts if isinstance(size, ast.Tuple) else call.args
                if len(dims) >= 2:
                    last = evaluate(ctx.src, dims[-1])
                    if isinstance(last, int):
                        return last
    return None


def _permute_inputs(
    ctx: RuleContext, x: ast.List | ast.Tuple, index: int, found: tuple[int | None, ...]
) -> list[Fix]:
    """Reorder a list of 3+ input arrays: the array at ``index`` has the shape of another
    declared input; try the orders that put it there, the most plausible first."""
    n = len(x.elts)
    shapes = declared_input_shapes(ctx, n)
    if shapes is None:
        return []
    homes = [j for j, sh in enumerate(shapes) if sh == found]
    if len(homes) != 1 or homes[0] == index:
        return []
    home = homes[0]
    guesses = [_last_dim_guess(ctx, el) for el in x.elts]
    orders = [p for p in itertools.permutations(range(n)) if p[home] == index]

    def score(order: tuple[int, ...]) -> tuple[int, int]:
        fits = 0
        for pos, src in enumerate(order):
            declared = shapes[pos] if shapes else None
            if guesses[src] is not None and declared and declared[-1] == guesses[src]:
                fits += 1
        moved = sum(1 for pos, src in enumerate(order) if pos != src)
        return (-fits, moved)

    orders.sort(key=score)
    segs = [ctx.src.segment(e) for e in x.elts]
    s, e = ctx.src.span(x)
    open_, close = ("[", "]") if isinstance(x, ast.List) else ("(", ")")
    fixes: list[Fix] = []
    for order in orders[:3]:
        text = f"{open_}{', '.join(segs[i] for i in order)}{close}"
        fixes += ctx.fix(
            "io.input-order",
            f"pass the inputs in the order the model declares them: {text}",
            Patch(ctx.src.text).replace(s, e, text).apply(),
            SAFE if score(order)[0] == -n else UNSAFE,
            [
                f"`{segs[index]}` (position {index}) has the shape {found} of input {home}",
                f"the model declares its inputs with shapes {shapes}",
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


def _as_dict(ctx: RuleContext, node: ast.AST | None, before: int) -> ast.Dict | None:
    """``node`` as a dict literal: itself, or the literal a plain name was last bound to
    (at module or function level) before line ``before``."""
    if isinstance(node, ast.Dict):
        return node
    if not isinstance(node, ast.Name):
        return None
    best: ast.Dict | None = None
    for st in ctx.src.walk():
        if (
            isinstance(st, ast.Assign)
            and st.lineno < before
            and any(isinstance(t, ast.Name) and t.id == node.id for t in st.targets)
        ):
            if not isinstance(st.value, ast.Dict):
                return None  # rebound to something else: not ours to follow
            if best is None or st.lineno > best.lineno:
                best = st.value
    return best


def _keyed_dicts(ctx: RuleContext) -> list[tuple[ast.Dict, ast.Call, str]]:
    """Dict literals keyed by model inputs ("in") or outputs ("out"), with their call
    (written inline, or bound to the name the call is given)."""
    out: list[tuple[ast.Dict, ast.Call, str]] = []
    for c in calls(ctx.src):
        name = call_name(c)
        if name == "compile":
            for kw in ("loss", "loss_weights", "metrics", "weighted_metrics"):
                k = keyword(c, kw)
                d = _as_dict(ctx, k.value if k is not None else None, c.lineno)
                if d is not None:
                    out.append((d, c, "out"))
        elif name in _DATA_METHODS:
            x = _as_dict(ctx, arg_or_kw(c, 0, "x"), c.lineno)
            if x is not None:
                out.append((x, c, "in"))
            y = _as_dict(ctx, arg_or_kw(c, 1, "y"), c.lineno)
            if y is not None:
                out.append((y, c, "out"))
            vd = keyword(c, "validation_data")
            if vd is not None and isinstance(vd.value, ast.Tuple):
                for i, el in enumerate(vd.value.elts[:2]):
                    d = _as_dict(ctx, el, c.lineno)
                    if d is not None:
                        out.append((d, c, "in" if i == 0 else "out"))
    unique: dict[int, tuple[ast.Dict, ast.Call, str]] = {}
    for item in out:
        unique.setdefault(id(item[0]), item)
    return list(unique.values())


def _assign_keys(wrong: list[str], unused: list[str], known: dict[str, str]) -> dict[str, str]:
    """Wrong keys -> names: the ones already decided, then close spellings (best first),
    then the last wrong key to the last unused name."""
    out = {k: known[k] for k in wrong if k in known and known[k] in unused}
    free = [u for u in unused if u not in out.values()]
    scored = sorted(
        (
            (difflib.SequenceMatcher(None, k.lower(), u.lower()).ratio(), k, u)
            for k in wrong
            if k not in out
            for u in free
        ),
        reverse=True,
    )
    for score, k, u in scored:
        if score >= 0.4 and k not in out and u not in out.values():
            out[k] = u
    rest = [k for k in wrong if k not in out]
    free = [u for u in unused if u not in out.values()]
    if len(rest) == 1 and len(free) == 1:
        out[rest[0]] = free[0]
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
        wrong = [k for k in keys if isinstance(k, str) and k not in known]
        named = any(
            re.search(rf"['\"(]{re.escape(k)}['\",)]", ctx.message) is not None for k in wrong
        )
        if not wrong or (not named and id(call) not in failing_calls):
            continue
        unused = [o for o in known if o not in keys]
        chosen = _assign_keys(wrong, unused, renames)
        for knode, key in zip(d.keys, keys, strict=True):
            if knode is not None and isinstance(key, str) and key in chosen:
                renames[key] = chosen[key]
                plan.append((knode, chosen[key]))
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
