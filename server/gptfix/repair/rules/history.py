"""Rules for ``KeyError`` on training-history and metric dictionaries.

Bridges ``KeyError: 'acc'`` at ``history.history['acc']`` and the metrics the script
compiles: Keras names history keys after the metrics as given to ``compile`` (plus
``loss`` and ``val_`` twins), so older spellings (``acc``, ``val_acc``) are mapped to
the keys this script's training actually produces, on every lookup of the same dict.
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.model import Fix
from gptfix.repair.operators.validation import validation_missing
from gptfix.repair.rules.base import SAFE, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.text import Patch, call_name, calls, end_key, keyword, literal

ALIASES = {
    "acc": "accuracy",
    "accuracy": "acc",
    "mae": "mean_absolute_error",
    "mean_absolute_error": "mae",
    "mse": "mean_squared_error",
    "mean_squared_error": "mse",
    "lr": "learning_rate",
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def expected_keys(ctx: RuleContext) -> set[str]:
    """The history keys the script's compile calls produce: the last compile above the
    failing line when there is one (a notebook compiles several models; the history read
    there is the last one's), else all of them."""
    compiles = [c for c in calls(ctx.src) if call_name(c) == "compile"]
    lines = ctx.user_lines
    above = [c for c in compiles if lines and c.lineno < lines[-1]]
    keys = {"loss"}
    for c in above[-1:] or compiles:
        kw = keyword(c, "metrics")
        if kw is None:
            continue
        items = kw.value.elts if isinstance(kw.value, ast.List | ast.Tuple) else [kw.value]
        for item in items:
            for node in ast.walk(item):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    keys.add(node.value)
                elif isinstance(node, ast.Call):
                    nm = keyword(node, "name")
                    value = literal(nm.value) if nm else ...
                    keys.add(value if isinstance(value, str) else _snake(call_name(node)))
            if isinstance(item, ast.Name | ast.Attribute):  # ``metrics.binary_accuracy``
                name = item.id if isinstance(item, ast.Name) else item.attr
                keys.add(name if name[:1].islower() else _snake(name))
    keys |= {f"val_{k}" for k in keys}
    if any(call_name(c) in ("ReduceLROnPlateau", "LearningRateScheduler") for c in calls(ctx.src)):
        keys.add("learning_rate")
    return keys


def mapped_key(key: str, keys: set[str]) -> str | None:
    """The key among ``keys`` (those training logs) that an older spelling ``key`` means:
    ``val_acc`` -> ``val_accuracy``; None when none is close."""
    prefix = "val_" if key.startswith("val_") else ""
    core = key[len(prefix) :]
    alias = ALIASES.get(core)
    if alias and prefix + alias in keys:
        return prefix + alias
    # `accuracy` read while the compiled metric is SparseCategoricalAccuracy(): the one
    # key that ends in the same metric word is the one training logs
    words = {core, alias} - {None, ""}
    kinds = sorted(
        k for k in keys if not k.startswith("val_") and any(k.endswith(f"_{w}") for w in words)
    )
    if len(kinds) == 1:
        return prefix + kinds[0]
    close = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.6)
    return close[0] if close else None


def _history_key(ctx: RuleContext) -> list[Fix]:
    m = ctx.search(r"KeyError: '(\w+)'") or (
        ctx.search(r"^'(\w+)'$", re.M) if ctx.is_type("KeyError") else None
    )
    if not m or not ctx.is_type("KeyError"):
        return []
    missing = m.group(1)
    subs = [
        n
        for n in ctx.nodes_on_user_lines(ast.Subscript)
        if isinstance(n, ast.Subscript) and literal(n.slice) == missing
    ]
    if not subs:
        return []
    bases = {ctx.src.segment(s.value) for s in subs}  # type: ignore[attr-defined]
    # ``history_dict = history.history``: the same logs under another name
    bases |= {
        node.targets[0].id
        for node in ctx.src.walk()
        if isinstance(node, ast.Assign)
        and len(node.targets) == 1
        and isinstance(node.targets[0], ast.Name)
        and ctx.src.segment(node.value) in bases
    }
    keys = expected_keys(ctx)
    if missing in keys:
        return _add_validation(ctx, missing) if missing.startswith("val_") else []

    patch = Patch(ctx.src.text)
    changes: dict[str, str] = {}
    for node in ctx.src.walk():
        if not isinstance(node, ast.Subscript) or ctx.src.segment(node.value) not in bases:
            continue
        key = literal(node.slice)
        if not isinstance(key, str) or key in keys:
            continue
        new = mapped_key(key, keys)
        if new is None:
            continue
        s, e = ctx.src.span(node.slice)
        quote = ctx.src.text[s]
        patch.replace(s, e, f"{quote}{new}{quote}")
        changes[key] = new
    if missing not in changes:
        return _add_metric(ctx, missing)
    desc = ", ".join(f"'{k}' -> '{v}'" for k, v in changes.items())
    return ctx.fix(
        "history.metric-key",
        f"use the history keys this training produces ({desc})",
        patch.apply(),
        SAFE,
        [f"KeyError: '{missing}'", f"compile's metrics produce the keys {sorted(keys)}"],
    )


_METRIC_NAMES = {
    "accuracy",
    "acc",
    "mae",
    "mse",
    "auc",
    "precision",
    "recall",
    "mape",
    "top_k_categorical_accuracy",
}


def _fit_calls_without_validation(ctx: RuleContext) -> list[ast.Call]:
    return [
        c
        for c in calls(ctx.src)
        if call_name(c) == "fit"
        and keyword(c, "validation_data") is None
        and keyword(c, "validation_split") is None
    ]


def _append_keyword(ctx: RuleContext, call: ast.Call, patch: Patch, text: str) -> bool:
    args = [*call.args, *call.keywords]
    if not args:
        return False
    end = ctx.src.span(max(args, key=end_key))[1]
    patch.insert(end, f", {text}")
    return True


def _add_validation(ctx: RuleContext, missing: str) -> list[Fix]:
    """``val_*`` keys exist only with validation data: the fit that made the history gets
    the script's held-out split, else 20 % of its arrays (one operator decides)."""
    return validation_missing(ctx)


def _add_metric(ctx: RuleContext, missing: str) -> list[Fix]:
    """A metric read from the history that was never compiled: compile it."""
    core = missing.removeprefix("val_")
    if core not in _METRIC_NAMES:
        return []
    compiles = [c for c in calls(ctx.src) if call_name(c) == "compile"]
    if len(compiles) != 1:
        return []
    comp = compiles[0]
    patch = Patch(ctx.src.text)
    kw = keyword(comp, "metrics")
    if kw is None:
        if not _append_keyword(ctx, comp, patch, f'metrics=["{core}"]'):
            return []
    elif isinstance(kw.value, ast.List):
        end = ctx.src.span(kw.value)[1] - 1
        patch.insert(end, f', "{core}"' if kw.value.elts else f'"{core}"')
    else:
        return []
    fits = _fit_calls_without_validation(ctx) if missing.startswith("val_") else []
    for c in fits:
        _append_keyword(ctx, c, patch, "validation_split=0.2")
    return ctx.fix(
        "history.metric-key",
        f"compile the `{core}` metric the script reads from the history",
        patch.apply(),
        SAFE if not fits else UNSAFE,
        [f"KeyError: '{missing}'", f"compile's metrics produce only {sorted(expected_keys(ctx))}"],
    )


def _dict_literal_keys(ctx: RuleContext, base: ast.expr) -> list[str]:
    """Keys of the dict literal (or ``dict(...)`` call) a name or attribute is assigned from."""
    target = ctx.src.segment(base)
    keys: list[str] = []
    for node in ctx.src.walk():
        if isinstance(node, ast.Assign) and any(ctx.src.segment(t) == target for t in node.targets):
            value = node.value
            if isinstance(value, ast.Dict):
                keys += [
                    k.value
                    for k in value.keys
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                ]
            elif isinstance(value, ast.Call) and call_name(value) == "dict":
                keys += [k.arg for k in value.keywords if k.arg]
        elif isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Subscript):
            sub = node.targets[0]
            if ctx.src.segment(sub.value) == target and isinstance(literal(sub.slice), str):
                keys.append(str(literal(sub.slice)))
    return list(dict.fromkeys(keys))


def _dict_key(ctx: RuleContext) -> list[Fix]:
    """``KeyError`` on a dict the script writes itself: use its closest key."""
    if not ctx.is_type("KeyError"):
        return []
    m = ctx.search(r"KeyError: '([^']+)'") or ctx.search(r"^'([^']+)'$", re.M)
    if not m:
        return []
    missing = m.group(1)
    for sub in ctx.nodes_on_user_lines(ast.Subscript):
        if not isinstance(sub, ast.Subscript) or literal(sub.slice) != missing:
            continue
        keys = _dict_literal_keys(ctx, sub.value)
        close = difflib.get_close_matches(missing, keys, n=1, cutoff=0.6)
        if not close:
            continue
        s, e = ctx.src.span(sub.slice)
        quote = ctx.src.text[s]
        return ctx.fix(
            "names.dict-key",
            f"use the key '{close[0]}' the dict has (not '{missing}')",
            Patch(ctx.src.text).replace(s, e, f"{quote}{close[0]}{quote}").apply(),
            SAFE,
            [f"KeyError: '{missing}'", f"the dict is built with the keys {keys}"],
        )
    return []


def _filepath_key(ctx: RuleContext) -> list[Fix]:
    """``ModelCheckpoint("m.{epoch:02d}-{val_acc:.2f}.keras")`` while training logs
    ``val_accuracy``: Keras fails to format the file name at the first save. The format
    field is renamed, in every string of the script that carries it, to the key logged."""
    m = ctx.search(r"Failed to format this callback filepath.*?Reason: \\?'(\w+)\\?'")
    if not m or not ctx.is_type("KeyError"):
        return []
    missing, keys = m.group(1), expected_keys(ctx) | {"epoch", "batch"}
    new = mapped_key(missing, keys) if missing not in keys else None
    if new is None:
        return []
    # `{key` in a plain template; `{{key` in an f-string (`{key` there is Python's own)
    plain = re.compile(r"(\{\{|(?<!\{)\{)" + re.escape(missing) + r"(?=[:!}])")
    fstr = re.compile(r"(\{\{)" + re.escape(missing) + r"(?=[:!}])")
    inner = {id(v) for n in ctx.src.walk() if isinstance(n, ast.JoinedStr) for v in n.values}
    patch = Patch(ctx.src.text)
    strings: list[tuple[ast.expr, re.Pattern[str]]] = []
    for n in ctx.src.walk():
        if isinstance(n, ast.JoinedStr):
            strings.append((n, fstr))
        elif isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in inner:
            strings.append((n, plain))
    strings = [(n, f) for n, f in strings if f.search(ctx.src.segment(n))]
    for n, f in strings:
        s, e = ctx.src.span(n)
        patch.replace(s, e, f.sub(lambda g: g.group(1) + new, ctx.src.text[s:e]))
    if not strings:
        return []
    return ctx.fix(
        "history.filepath-key",
        f"format the checkpoint file name with '{{{new}}}' (training logs no '{missing}')",
        patch.apply(),
        SAFE,
        [
            f"KeyError: '{missing}' while formatting a callback's file path",
            f"compile's metrics produce the keys {sorted(keys - {'epoch', 'batch'})}",
        ],
    )


_LOGS = re.compile(r"(?i)(?:^|\.)(?:logs?|history)$")


def _logs_get(ctx: RuleContext) -> list[Fix]:
    """``logs.get('acc') > 0.6`` in a callback, ``None`` because training logs
    ``accuracy``: every read of that key from the same logs reads the logged key."""
    if not (ctx.is_type("TypeError") and "NoneType" in ctx.message) and not ctx.is_type("KeyError"):
        return []
    keys = expected_keys(ctx)
    for node in ctx.nodes_on_user_lines(ast.Call):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(literal(node.args[0]), str)
            and _LOGS.search(ctx.src.segment(node.func.value))
        ):
            continue
        missing = str(literal(node.args[0]))
        new = mapped_key(missing, keys) if missing not in keys else None
        if new is None:
            continue
        base = ctx.src.segment(node.func.value)
        patch = Patch(ctx.src.text)
        for other in ctx.src.walk():
            key: ast.expr | None = None
            if (
                isinstance(other, ast.Call)
                and isinstance(other.func, ast.Attribute)
                and other.func.attr == "get"
                and other.args
                and ctx.src.segment(other.func.value) == base
            ):
                key = other.args[0]
            elif isinstance(other, ast.Subscript) and ctx.src.segment(other.value) == base:
                key = other.slice
            if key is not None and literal(key) == missing:
                s, e = ctx.src.span(key)
                patch.replace(s, e, f"{ctx.src.text[s]}{new}{ctx.src.text[s]}")
        return ctx.fix(
            "history.logs-key",
            f"read '{new}' from `{base}` (training logs no '{missing}')",
            patch.apply(),
            SAFE,
            [
                f"`{base}.get('{missing}')` gave None: training logs no '{missing}'",
                f"compile's metrics produce the keys {sorted(keys)}",
            ],
        )
    return []


RULES = [
    Rule(
        "history.logs-key",
        "history",
        "a callback reads a logs key training does not produce (`logs.get('acc')`): the real key",
        _logs_get,
    ),
    Rule(
        "history.metric-key",
        "history",
        "a history/metric key the training does not produce ('acc' vs 'accuracy'): use the real key",
        _history_key,
    ),
    Rule(
        "history.filepath-key",
        "history",
        "a callback file path formatted with a key training does not log ('{val_acc}'): "
        "use the logged key",
        _filepath_key,
    ),
    Rule(
        "names.dict-key",
        "names",
        "a KeyError on a dict the script builds: use its closest key",
        _dict_key,
    ),
]
