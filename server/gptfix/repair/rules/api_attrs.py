"""Rules for attributes and methods that the installed libraries no longer have.

Bridges ``AttributeError`` messages ("'Sequential' object has no attribute
'fit_generator'", "module 'keras.layers' has no attribute 'experimental'") and the
attribute chains in the script: a table of known renames (generator methods,
``predict_classes``, ``experimental.preprocessing``, ``np_utils``, NumPy's removed
aliases), the message's "Did you mean", and candidates checked in the user's
interpreter (the same name in a sibling module, ``tf.compat.v1``, a close spelling).
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.index.imports import KERAS_SUBMODULES
from gptfix.model import Fix
from gptfix.repair.rules.base import SAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, Source, dotted, imported_names, insert_after_imports

#: Removed model methods -> the method that replaced them (same arguments).
METHOD_RENAMES = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
    "predict_proba": "predict",
    "lr": "learning_rate",
    "reset_states": "reset_state",  # a metric's, in Keras 3 (an RNN layer has both)
}

#: Keras 2 attributes of tensors and layers -> what holds the same value in Keras 3.
ATTRIBUTE_RENAMES = {
    "_keras_shape": "shape",
    "_shape_val": "shape",
    "output_shape": "output.shape",
    "input_shape": "input.shape",
}

#: Attribute path segments that vanished: drop them (``layers.experimental.preprocessing.X``).
DROP_SEGMENTS = [
    ("experimental", "preprocessing"),
    ("experimental",),
    ("np_utils",),
    ("generic_utils",),
]

#: NumPy aliases removed in 1.24/2.0 -> the builtin or dtype to use instead.
NUMPY_ALIASES = {
    "int": "int",
    "float": "float",
    "bool": "bool",
    "object": "object",
    "str": "str",
    "long": "int",
    "unicode": "str",
    "complex": "complex",
    "float_": "float64",
    "NaN": "nan",
    "Inf": "inf",
    "product": "prod",
    "cumproduct": "cumprod",
    "alltrue": "all",
    "sometrue": "any",
}

#: Known moves of a name to a different name (checked in the user's interpreter).
NAME_RENAMES = {
    "RandomResizedCrop": ["RandomCropAndResize", "RandomCrop"],
    "BatchNormalisation": ["BatchNormalization"],
    "random_normal": ["normal"],
    "random_uniform": ["uniform"],
    "CuDNNLSTM": ["LSTM"],
    "CuDNNGRU": ["GRU"],
    "to_float": [],
    "set_random_seed": ["random.set_seed", "set_seed"],
    "random_shuffle": ["random.shuffle", "shuffle"],
    "ThresholdedReLU": ["ReLU"],
}

_TF_HOMES = ["compat.v1", "math", "random", "nn", "image", "io", "linalg", "data", "keras.utils"]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def is_typo(wrong: str, right: str) -> bool:
    """Whether ``right`` is a plausible typo fix of ``wrong``: at most two edits (one for
    short names), never a different word (``set_session`` -> ``set_epsilon`` swaps the
    noun after the same verb, it does not fix a spelling)."""
    if wrong.lower() == right.lower():
        return True
    limit = 1 if min(len(wrong), len(right)) <= 3 else 2
    distance = edit_distance(wrong.lower(), right.lower())
    if distance > limit or wrong[:1].lower() != right[:1].lower():
        return False  # a typo keeps the first letter (``assign`` -> ``sign`` is another word)
    if distance == 2 and (abs(len(wrong) - len(right)) > 1 or min(len(wrong), len(right)) < 6):
        return False  # two letters dropped or added at once: a different, shorter word
    a, b = wrong.lower().split("_"), right.lower().split("_")
    if len(a) == len(b) > 1:
        return all(
            x == y or edit_distance(x, y) <= max(1, len(x) // 4) for x, y in zip(a, b, strict=True)
        )
    return True


def _attribute_nodes(ctx: RuleContext, attr: str) -> list[ast.Attribute]:
    nodes = [n for n in ctx.src.walk() if isinstance(n, ast.Attribute) and n.attr == attr]
    on_lines = {id(n) for n in ctx.nodes_on_user_lines(ast.Attribute)}
    first = [n for n in nodes if id(n) in on_lines]
    return first + [n for n in nodes if id(n) not in on_lines]


def _object_method(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"'(\w+)' object has no attribute '(\w+)'")
    if not m or not ctx.is_type("AttributeError"):
        return []
    cls, attr = m.group(1), m.group(2)
    nodes = _attribute_nodes(ctx, attr)
    if not nodes:
        return []
    evidence = [f"AttributeError: '{cls}' object has no attribute '{attr}'"]
    if attr == "predict_classes":
        return _predict_classes(ctx, nodes, evidence)
    if attr == "reset_states" and cls in ("Sequential", "Functional", "Model"):
        return _reset_states(ctx, nodes, evidence)
    new = METHOD_RENAMES.get(attr)
    why = f"`{attr}` was removed; `{new}` takes the same arguments" if new else ""
    if not new and attr in ATTRIBUTE_RENAMES:
        new = ATTRIBUTE_RENAMES[attr]
        why = f"Keras 2's `.{attr}` is `.{new}` in the installed Keras"
    hint = re.search(r"[Dd]id you mean:? '(\w+)'", ctx.message)
    if not new and hint and is_typo(attr, hint.group(1)):
        new, why = hint.group(1), f"the error message suggests `{hint.group(1)}`"
    if not new and cls in ("Sequential", "Functional", "Model"):
        names = ctx.probe.names(_model_expr(ctx) or "")
        close = difflib.get_close_matches(attr, names or [], n=1, cutoff=0.75)
        close = [c for c in close if is_typo(attr, c)]
        if close:
            new, why = close[0], f"keras.Model has `{close[0]}`, the closest name to `{attr}`"
    if not new:
        return []
    patch = Patch(ctx.src.text)
    for n in nodes:
        end = ctx.src.span(n)[1]
        patch.replace(end - len(attr), end, new)
    called = any(isinstance(p, ast.Call) and p.func is n for n in nodes for p in ctx.src.walk())
    return ctx.fix(
        "api.removed-method",
        f"replace `.{attr}(...)` with `.{new}(...)`"
        if called
        else f"replace `.{attr}` with `.{new}`",
        patch.apply(),
        SAFE,
        evidence + [why],
    )


def _model_expr(ctx: RuleContext) -> str | None:
    for local, path in imported_names(ctx.src).items():
        if path in ("keras", "tensorflow.keras"):
            return f"{local}.Model"
        if path == "tensorflow":
            return f"{local}.keras.Model"
    return None


def _predict_classes(
    ctx: RuleContext, nodes: list[ast.Attribute], evidence: list[str]
) -> list[Fix]:
    np_name = next((k for k, v in imported_names(ctx.src).items() if v == "numpy"), None)
    text = ctx.src.text
    calls = [
        c
        for c in ctx.src.walk()
        if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and c.func in nodes
    ]
    if not calls:
        return []
    patch = Patch(text)
    for c in calls:
        assert isinstance(c.func, ast.Attribute)
        obj = ctx.src.segment(c.func.value)
        s, e = ctx.src.span(c)
        args_text = text[ctx.src.span(c.func)[1] : e]
        patch.replace(s, e, f"{np_name or 'np'}.argmax({obj}.predict{args_text}, axis=-1)")
    new_text = patch.apply()
    if np_name is None:
        src2 = Source.parse(new_text)
        if src2 is None:
            return []
        new_text = insert_after_imports(src2, "import numpy as np")
    return ctx.fix(
        "api.removed-method",
        "replace `.predict_classes(x)` with `np.argmax(.predict(x), axis=-1)`",
        new_text,
        SAFE,
        evidence + ["`predict_classes` was removed; the class is the argmax of `predict`"],
    )


def _reset_states(ctx: RuleContext, nodes: list[ast.Attribute], evidence: list[str]) -> list[Fix]:
    """Keras 3 models have no ``reset_states()``; their stateful layers do: each statement
    ``model.reset_states()`` becomes a loop resetting the layers that have state."""
    text = ctx.src.text
    failing = {id(n) for n in ctx.nodes_on_user_lines(ast.Attribute) if n in nodes}
    receivers = {
        ctx.src.segment(n.value) for n in nodes if id(n) in failing and isinstance(n, ast.Attribute)
    }
    lines = text.split("\n")
    statements = [
        st
        for st in ctx.src.walk()
        if isinstance(st, ast.Expr)
        and isinstance(st.value, ast.Call)
        and st.value.func in nodes
        and isinstance(st.value.func, ast.Attribute)
        # the model the error names (``model``), never a metric's or a layer's reset
        and ctx.src.segment(st.value.func.value) in receivers
        and not st.value.args
        and not st.value.keywords
        # a statement on a line of its own (``if c: model.reset_states()`` is left alone)
        and lines[st.lineno - 1].strip() == ctx.src.segment(st).strip()
    ]
    if not statements:
        return []
    bound = {n.id for n in ctx.src.walk() if isinstance(n, ast.Name)}
    var = next((v for v in ("layer", "layer_", "_layer", "stateful_layer") if v not in bound), "")
    if not var:
        return []
    patch = Patch(text)
    for st in statements:
        assert isinstance(st.value, ast.Call) and isinstance(st.value.func, ast.Attribute)
        obj = ctx.src.segment(st.value.func.value)
        s, e = ctx.src.span(st)
        pad = " " * st.col_offset
        patch.replace(
            s,
            e,
            f'for {var} in {obj}.layers:\n{pad}    if hasattr({var}, "reset_states"):\n'
            f"{pad}        {var}.reset_states()",
        )
    return ctx.fix(
        "api.removed-method",
        "reset the model's stateful layers one by one (`model.reset_states()` was removed)",
        patch.apply(),
        SAFE,
        evidence + ["Keras 3 models have no `reset_states()`; their recurrent layers do"],
    )


def _module_attr(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"module '([\w.]+)' has no attribute '(\w+)'")
    if not m:
        return []
    module, attr = m.group(1), m.group(2)
    nodes = [n for n in _attribute_nodes(ctx, attr) if dotted(n)]
    if not nodes:
        return []
    node = nodes[0]
    full = dotted(node) or ""
    base = full.rsplit(".", 1)[0]
    evidence = [f"AttributeError: module '{module}' has no attribute '{attr}'"]
    # 1. vanished path segments: drop them along the whole chain used in the script
    for seg in DROP_SEGMENTS:
        if seg[0] == attr:
            dropped = _drop_segments(ctx, seg, evidence)
            if dropped:
                return dropped
    dropped = _drop_segments(ctx, (attr,), evidence)  # any vanished intermediate module
    if dropped:
        return dropped
    candidates: list[tuple[str, str]] = []
    if module.split(".")[0] == "numpy" and attr in NUMPY_ALIASES:
        new = NUMPY_ALIASES[attr]
        repl = (
            new if new in ("int", "float", "bool", "object", "str", "complex") else f"{base}.{new}"
        )
        candidates.append((repl, f"NumPy removed `np.{attr}`; use `{repl}`"))
    hint = re.search(r"[Dd]id you mean:? '(\w+)'", ctx.message)
    if hint and is_typo(attr, hint.group(1)):
        candidates.append((f"{base}.{hint.group(1)}", "the error message suggests it"))
    for other in NAME_RENAMES.get(attr, []):
        candidates.append((f"{base}.{other}", f"`{attr}` is known as `{other}` elsewhere"))
    candidates += _probe_homes(ctx, base, attr)
    if not candidates:
        return []
    checked = ctx.probe.exists([c for c, _ in candidates if "." in c])
    fixes: list[Fix] = []
    for repl, why in candidates:
        if "." in repl and not checked.get(repl):
            continue
        patch = Patch(ctx.src.text)
        for n in nodes:
            if dotted(n) == full:
                s, e = ctx.src.span(n)
                patch.replace(s, e, repl)
        fixes += ctx.fix(
            "api.moved-attribute",
            f"replace `{full}` with `{repl}`",
            patch.apply(),
            SAFE,
            evidence + [why, f"`{repl}` exists in the installed version"],
        )
        if len(fixes) >= 2:
            break
    return fixes


def _probe_homes(ctx: RuleContext, base: str, attr: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    names = ctx.probe.names(base)
    if names:
        lower = {n.lower(): n for n in names}
        if attr.lower() in lower and lower[attr.lower()] != attr:
            out.append((f"{base}.{lower[attr.lower()]}", "same name, different case"))
        for close in difflib.get_close_matches(attr, names, n=2, cutoff=0.8):
            if not is_typo(attr, close):
                continue  # a different word, not a spelling fix
            out.append((f"{base}.{close}", f"`{base}` has `{close}`, the closest name"))
    if "_" in attr.strip("_"):
        head, rest = attr.split("_", 1)
        out.append((f"{base}.{head}.{rest}", f"TF 2 moved `{attr}` to `{head}.{rest}`"))
    roots = imported_names(ctx.src)
    for local, path in roots.items():
        if path in ("keras", "tensorflow.keras"):
            out += [
                (f"{local}.{h}.{attr}", f"`{attr}` moved to `{local}.{h}`")
                for h in KERAS_SUBMODULES
            ]
        elif path == "tensorflow":
            out += [(f"{local}.{h}.{attr}", f"`{attr}` lives in `{local}.{h}`") for h in _TF_HOMES]
            out += [
                (f"{local}.keras.{h}.{attr}", f"`{attr}` moved to `{local}.keras.{h}`")
                for h in KERAS_SUBMODULES
            ]
    full = f"{base}.{attr}"
    return [(c, w) for c, w in out if c != full]


def _drop_segments(ctx: RuleContext, seg: tuple[str, ...], evidence: list[str]) -> list[Fix]:
    dotted_seg = "." + ".".join(seg) + "."
    patch = Patch(ctx.src.text)
    changed: list[str] = []
    for n in ctx.src.walk():
        if not isinstance(n, ast.Attribute):
            continue
        full = dotted(n)
        if not full or full.count(".") < len(seg) + 1:
            continue
        parts = full.split(".")
        # the innermost attribute whose chain ends right after the dropped segments
        if tuple(parts[-len(seg) - 1 : -1]) == seg and dotted_seg in "." + full:
            s, e = ctx.src.span(n)
            new = ".".join(parts[: -len(seg) - 1] + parts[-1:])
            try:
                patch.replace(s, e, new)
            except ValueError:  # inside a chain already rewritten
                continue
            changed.append(f"{full} -> {new}")
    if not changed:
        return []
    new_text = patch.apply()
    checked = ctx.probe.exists([c.split(" -> ")[1] for c in changed])
    if not all(checked.values()):
        return []
    return ctx.fix(
        "api.moved-attribute",
        f"drop `{'.'.join(seg)}.` from {len(changed)} attribute path(s)",
        new_text,
        SAFE,
        evidence + [f"`{'.'.join(seg)}` was removed; the names live one level up"] + changed[:4],
    )


RULES = [
    Rule(
        "api.removed-method",
        "api",
        "a removed model method (fit_generator, predict_classes, a misspelling): use its replacement",
        _object_method,
    ),
    Rule(
        "api.moved-attribute",
        "api",
        "a module attribute missing in the installed version: drop a vanished segment, "
        "or use the same name where it lives now (checked in the user's interpreter)",
        _module_attr,
    ),
]
