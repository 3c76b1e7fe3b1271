"""Rules for keyword arguments that the installed Keras/TF no longer accepts.

Bridges "unexpected keyword argument 'lr'" / "Argument(s) not recognized: {'lr': ...}"
style messages and the calls in the script that pass that keyword: renamed keywords
come from a table of known renames, from the "Did you mean" of the message, or from
the closest keyword the callee accepts in the user's interpreter (probed); keywords
that no longer exist at all are dropped.
"""

from __future__ import annotations

import ast
import difflib
import re

from gptfix.model import Fix
from gptfix.repair.rules.api_attrs import is_typo
from gptfix.repair.rules.base import SAFE, SUGGESTION, UNSAFE, Rule, RuleContext
from gptfix.repair.rules.epochs import steps_per_epoch
from gptfix.repair.rules.text import Patch, call_name, calls, dotted, imported_names

#: Old keyword -> new keyword, across Keras 1/2/3 and TF versions ("" = removed: drop it).
KWARG_RENAMES: dict[str, str] = {
    "lr": "learning_rate",
    "nb_epoch": "epochs",
    "nb_epochs": "epochs",
    "samples_per_epoch": "steps_per_epoch",
    "nb_val_samples": "validation_steps",
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "output_dim": "units",
    "nb_filter": "filters",
    "border_mode": "padding",
    "subsample": "strides",
    "dim_ordering": "data_format",
    "keep_dims": "keepdims",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "max_q_size": "max_queue_size",
    "decay": "",
    "show_accuracy": "",
    "pickle_safe": "",
    "nb_worker": "",
    "workers": "",
    "use_multiprocessing": "",
    "max_queue_size": "",
    "consume_less": "",
    "period": "",
    "input_dtype": "dtype",
    "generator": "x",
    "input_length": "",
    "validation_generator": "validation_data",
}

#: (callee name, old keyword) -> new keyword, where the rename only holds for that callee.
CALLEE_RENAMES: dict[tuple[str, str], str] = {
    ("LeakyReLU", "alpha"): "negative_slope",
    # Keras 1's functional-model keywords (``Model(input=x, output=y)``)
    ("Model", "input"): "inputs",
    ("Model", "output"): "outputs",
    # held-out data under another name: what ``fit`` evaluates on is its validation data
    ("fit", "test_data"): "validation_data",
    ("fit", "eval_data"): "validation_data",
}

#: (callee name, old keyword) -> the keyword now taking its meaning in other units: the
#: value is only carried over where it means the same (``period=1`` is ``save_freq="epoch"``;
#: ``save_freq=5`` would count batches, not epochs).
UNIT_RENAMES: dict[tuple[str, str], tuple[str, str, str]] = {
    # (new keyword, the old value that maps, the new value it maps to)
    ("ModelCheckpoint", "period"): ("save_freq", "1", '"epoch"'),
}

#: Methods of a Keras model whose keywords we can probe on ``keras.Model``.
_MODEL_METHODS = {"fit", "evaluate", "predict", "compile", "train_on_batch", "save", "summary"}

_PATTERNS = [
    r"unexpected keyword argument '(?P<kw>\w+)'",
    r"[Kk]eyword argument[s]? not understood:\s*'?(?P<kw>\w+)",
    r"Invalid keyword argument\(?s?\)?[^']*'(?P<kw>\w+)'",
]


def _bad_keywords(ctx: RuleContext) -> list[str]:
    out: list[str] = []
    for pat in _PATTERNS:
        for m in re.finditer(pat, ctx.message):
            out.append(m.group("kw"))
    for m in re.finditer(
        r"(?:Argument\(s\) not recognized|Unrecognized keyword arguments?[^:{]*):\s*\{([^}]*)\}",
        ctx.message,
    ):
        out += re.findall(r"'(\w+)'\s*:", m.group(1))
    return list(dict.fromkeys(out))


def callee_expr(ctx: RuleContext, call: ast.Call) -> str | None:
    """An expression for the callee that the probe can evaluate after the script's imports."""
    name = dotted(call.func)
    if name is None:
        return None
    root = name.split(".")[0]
    if root in imported_names(ctx.src):
        return name
    if isinstance(call.func, ast.Attribute) and call.func.attr in _MODEL_METHODS:
        return _model_class(ctx, call.func.attr)
    return None


def _model_class(ctx: RuleContext, method: str) -> str | None:
    names = imported_names(ctx.src)
    for local, path in names.items():
        if path in ("keras", "tensorflow.keras"):
            return f"{local}.Model.{method}"
        if path == "tensorflow":
            return f"{local}.keras.Model.{method}"
    if any(p.split(".")[0] in ("keras", "tensorflow") for p in names.values()):
        return f"__import__('keras').Model.{method}"  # only names imported from Keras
    return None


def _replacement(ctx: RuleContext, kw: str, call: ast.Call) -> tuple[str, str]:
    """(new keyword or "" to drop, the evidence)."""
    accepted: list[str] | None = None
    callee = callee_expr(ctx, call)
    if callee:
        accepted = ctx.probe.params(callee)
    hint = re.search(rf"'{kw}'.*?[Dd]id you mean:? '?(\w+)'?", ctx.message)
    special = CALLEE_RENAMES.get((call_name(call), kw))
    if special and (
        accepted is None
        or special in accepted
        or (callee is not None and ctx.probe.takes_kwargs(callee))  # Model(*args, **kwargs)
    ):
        return special, f"`{call_name(call)}` renamed `{kw}=` to `{special}=`"
    if hint:
        return hint.group(1), f"the error message suggests `{hint.group(1)}`"
    if kw in KWARG_RENAMES:
        new = KWARG_RENAMES[kw]
        if new and accepted is not None and new not in accepted:
            new = ""
        why = f"`{kw}=` was renamed to `{new}=`" if new else f"`{kw}=` no longer exists"
        if accepted is not None:
            why += f" (checked against `{callee}` in the installed version)"
        return new, why
    if accepted:
        close = difflib.get_close_matches(kw, accepted, n=1, cutoff=0.6)
        if close:
            return close[0], f"`{callee}` accepts `{close[0]}=`, the closest to `{kw}=`"
        return "", f"`{callee}` accepts no keyword like `{kw}=` in the installed version"
    return "", f"the installed version rejects `{kw}=`"


def _rename_kwargs(ctx: RuleContext) -> list[Fix]:
    bad = _bad_keywords(ctx)
    if not bad:
        return []
    on_lines = {id(n) for n in ctx.nodes_on_user_lines(ast.Call)}
    fixes: list[Fix] = []
    for kw in bad:
        having = [c for c in calls(ctx.src) if any(k.arg == kw for k in c.keywords)]
        failing = [c for c in having if id(c) in on_lines] or having
        if not failing:
            continue
        kinds = {call_name(c) for c in failing}
        if kinds <= set(_MODEL_METHODS):  # Keras 1's ``show_accuracy=`` on fit and evaluate
            kinds |= set(_MODEL_METHODS)
        targets = [c for c in having if call_name(c) in kinds]
        unit = UNIT_RENAMES.get((call_name(failing[0]), kw))
        if unit is not None:
            fixes += _unit_rename(ctx, kw, targets, unit)
            continue
        new, why = _replacement(ctx, kw, failing[0])
        if new == kw:
            continue  # the keyword is right: the callee that rejects it is the script's own
        known = kw in KWARG_RENAMES or any((call_name(c), kw) in CALLEE_RENAMES for c in failing)
        callee = callee_expr(ctx, failing[0])
        accepted = ctx.probe.params(callee) if callee else None
        patch = Patch(ctx.src.text)
        also: list[str] = []
        moved = _misplaced(ctx, kw, targets)
        if moved is not None:
            fixes += moved
            continue
        for c in targets:
            k = next(k for k in c.keywords if k.arg == kw)
            start, end = ctx.src.span(k)
            if new and not any(o.arg == new for o in c.keywords):
                patch.replace(start, start + len(kw), new)
            else:
                _drop_keyword(ctx, c, k, patch)
            if accepted:
                also += _siblings(ctx, c, kw, accepted, patch)
            also += _listed_renames(ctx, c, kw, bad, patch)
        also += _elsewhere(ctx, targets, patch)
        title = (f"rename `{kw}=` to `{new}=`" if new else f"remove the `{kw}=` argument") + (
            f" in {len(targets)} calls" if len(targets) > 1 else ""
        )
        if also:
            title += f" (and {len(set(also))} more keyword(s) the installed version rejects)"
        # an unknown keyword that carries the script's objects (data, a callback) is not
        # dropped silently: what it meant is the user's call
        carries = (
            not new
            and not known
            and any(
                not isinstance(k.value, ast.Constant)
                for c in targets
                for k in c.keywords
                if k.arg == kw
            )
        )
        fixes += ctx.fix(
            "api.renamed-keyword",
            title,
            patch.apply(),
            SAFE if new and (known or is_typo(kw, new)) else SUGGESTION if carries else UNSAFE,
            [f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}", why]
            + ([f"also: {', '.join(dict.fromkeys(also))}"] if also else []),
        )
    return fixes


def _unit_rename(
    ctx: RuleContext, kw: str, targets: list[ast.Call], unit: tuple[str, str, str]
) -> list[Fix]:
    """``period=1`` -> ``save_freq="epoch"`` (same meaning: safe); any other value has no
    equal in the new keyword's units without the steps per epoch, so every epoch is only
    a suggestion."""
    new_kw, same_old, same_new = unit
    patch = Patch(ctx.src.text)
    exact = True
    written = []
    for c in targets:
        k = next(k for k in c.keywords if k.arg == kw)
        old = ast.unparse(k.value)
        steps = steps_per_epoch(ctx.index, c) if isinstance(k.value, ast.Constant) else None
        new = same_new if old == same_old else f"{old} * {steps}" if steps else same_new
        exact = exact and (old == same_old or steps is not None)
        start, end = ctx.src.span(k)
        patch.replace(start, end, f"{new_kw}={new}")
        written.append(new)
    value = ast.unparse(next(k for k in targets[0].keywords if k.arg == kw).value)
    why = (
        f"`{kw}={value}` counted epochs; the installed version's `{new_kw}=` counts batches "
        f"or takes {same_new}"
    )
    title = f"replace `{kw}={value}` with `{new_kw}={written[0]}`" + (
        "" if exact else f" (saves every epoch, not every {value}: a change of behaviour)"
    )
    return ctx.fix(
        "api.renamed-keyword",
        title,
        patch.apply(),
        SAFE if exact else SUGGESTION,
        [f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}", why],
    )


def _siblings(
    ctx: RuleContext, call: ast.Call, handled: str, accepted: list[str], patch: Patch
) -> list[str]:
    """The other known-removed/renamed keywords of ``call`` that the installed signature
    rejects too (``fit_generator(..., workers=2, use_multiprocessing=False)``): fix them in
    the same edit instead of one failing run each."""
    done: list[str] = []
    present = {k.arg for k in call.keywords}
    for k in call.keywords:
        if k.arg is None or k.arg == handled or k.arg in accepted or k.arg not in KWARG_RENAMES:
            continue
        new = KWARG_RENAMES[k.arg]
        try:
            if new and new in accepted and new not in present:
                start = ctx.src.span(k)[0]
                patch.replace(start, start + len(k.arg), new)
                done.append(f"`{k.arg}=` -> `{new}=`")
            elif not new:
                _drop_keyword(ctx, call, k, patch)
                done.append(f"`{k.arg}=` removed")
        except ValueError:  # touches an edit already made
            continue
    return done


def _elsewhere(ctx: RuleContext, done: list[ast.Call], patch: Patch) -> list[str]:
    """Known-removed or renamed keywords of the script's other Keras/TF calls that their
    installed signatures reject (a Keras 1 script's ``border_mode=`` here, ``nb_epoch=``
    there): fixed in the same edit instead of one failing run each. Each call's signature
    is asked of the interpreter (one probe for all); a call whose callee cannot be probed
    is left as it is."""
    skip = {id(c) for c in done}
    found: list[tuple[ast.Call, str]] = []
    for c in calls(ctx.src):
        if id(c) in skip or not any(
            k.arg in KWARG_RENAMES and (call_name(c), k.arg) not in UNIT_RENAMES for k in c.keywords
        ):
            continue
        callee = callee_expr(ctx, c)
        if callee is not None:
            found.append((c, callee))
    if not found:
        return []
    accepted = ctx.probe.params_of(sorted({callee for _, callee in found}))
    out: list[str] = []
    for c, callee in found:
        params = accepted.get(callee)
        if params is not None:
            out += [f"line {c.lineno}: {d}" for d in _siblings(ctx, c, "", params, patch)]
    return out


def _listed_renames(
    ctx: RuleContext, call: ast.Call, handled: str, bad: list[str], patch: Patch
) -> list[str]:
    """The other keywords of ``call`` the same message rejects that this callee renamed
    (``Model(input=x, output=y)``: both named in one error, both renamed in one edit)."""
    done: list[str] = []
    present = {k.arg for k in call.keywords}
    for k in call.keywords:
        new = CALLEE_RENAMES.get((call_name(call), k.arg or ""))
        if k.arg == handled or k.arg not in bad or not new or new in present:
            continue
        start = ctx.src.span(k)[0]
        try:
            patch.replace(start, start + len(k.arg or ""), new)
        except ValueError:  # touches an edit already made
            continue
        done.append(f"`{k.arg}=` -> `{new}=`")
    return done


def _enclosing(ctx: RuleContext, call: ast.Call) -> ast.Call | None:
    """The call ``call`` is an argument of (``compile(optimizer=SGD(...))``), if any."""
    for node in ctx.src.walk():
        if isinstance(node, ast.Call) and (
            any(a is call for a in node.args) or any(k.value is call for k in node.keywords)
        ):
            return node
    return None


def _misplaced(ctx: RuleContext, kw: str, targets: list[ast.Call]) -> list[Fix] | None:
    """``compile(optimizer=SGD(momentum=0.5, metrics=[...]))``: a keyword the inner call
    rejects and the call around it takes (a parenthesis closed one argument late) moves
    there; None when that is not the case."""
    if len(targets) != 1:
        return None
    inner = targets[0]
    outer = _enclosing(ctx, inner)
    if outer is None or any(k.arg == kw for k in outer.keywords):
        return None
    callee = callee_expr(ctx, outer)
    accepted = ctx.probe.params(callee) if callee else None
    if not accepted or kw not in accepted:
        return None
    k = next(k for k in inner.keywords if k.arg == kw)
    patch = Patch(ctx.src.text)
    _drop_keyword(ctx, inner, k, patch)
    close = ctx.src.span(outer)[1] - 1
    patch.insert(close, f", {ctx.src.segment(k)}")
    name, outer_name = call_name(inner), call_name(outer)
    return ctx.fix(
        "api.renamed-keyword",
        f"move `{kw}=` from `{name}(...)` to `{outer_name}(...)` (a parenthesis closed late)",
        patch.apply(),
        SAFE,
        [
            f"{ctx.failure.type}: {ctx.failure.message.splitlines()[0][:160]}",
            f"`{name}` takes no `{kw}=`; `{callee}` around it does",
        ],
    )


def _drop_keyword(ctx: RuleContext, call: ast.Call, kw: ast.keyword, patch: Patch) -> None:
    """Remove ``kw`` and one adjacent comma from ``call``."""
    args: list[ast.AST] = [*call.args, *call.keywords]
    args.sort(key=lambda a: (a.lineno, a.col_offset))  # type: ignore[attr-defined]
    i = args.index(kw)
    start, end = ctx.src.span(kw)
    if i > 0:
        prev_end = ctx.src.span(args[i - 1])[1]
        patch.replace(prev_end, end, "")
    elif len(args) > 1:
        nxt = ctx.src.span(args[1])[0]
        patch.replace(start, nxt, "")
    else:
        patch.replace(start, end, "")


RULES = [
    Rule(
        "api.renamed-keyword",
        "api",
        "a keyword argument the installed Keras/TF rejects: rename it (known renames, "
        "'Did you mean', closest accepted keyword) or drop it",
        _rename_kwargs,
    ),
]
