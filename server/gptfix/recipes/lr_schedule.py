"""lr-schedule: cosine (optional warmup), step or exponential learning-rate schedules.

Two modes. When the script has its own LR callback function with a ``mode`` switch
(``get_lr_callback(..., mode="cos")``), the recipe sets that mode (and its warmup length
when it has one). Otherwise it adds a ``LearningRateScheduler`` driven by a small
schedule factory to ``fit(callbacks=...)`` -- replacing the function of an existing
``LearningRateScheduler`` -- and the optimizer's learning rate becomes the schedule's
peak (a ``*Decay`` schedule object given to the optimizer is replaced by its initial rate).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from gptfix.recipes.base import Change, InterpreterFacts, Option, Recipe, RecipeMatch, Refused, pick
from gptfix.recipes.graph import fit_calls
from gptfix.recipes.helpers import add_helper, family
from gptfix.recipes.lr_optimizer import into_optimizer
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import (
    CstScript,
    append_element,
    callee,
    dotted,
    expr,
    kwarg,
    last,
    literal,
    positional,
    statements,
    with_kwarg,
)
from gptfix.recipes.style import Style

_ID = "lr-schedule"
KINDS = ("cosine", "step", "exponential")
_MODE_WORDS = {
    "cosine": ("cos", "cosine"),
    "step": ("step",),
    "exponential": ("exp", "exponential"),
}
_HELPERS = {
    "cosine": "cosine_schedule",
    "step": "step_schedule",
    "exponential": "exponential_schedule",
}

_WARMUP = """
    start = []

    def schedule(epoch, lr):
        if not start:
            start.append(float(lr))
        peak = start[0]
        if epoch < warmup_epochs:
            return peak * (epoch + 1) / (warmup_epochs + 1)
"""

_TEMPLATES = {
    "cosine": '''
def @NAME@(epochs, warmup_epochs=0, min_ratio=0.01):
    """Per-epoch cosine decay of the optimizer's starting learning rate, after a linear warmup."""
@WARMUP@        progress = min(1.0, (epoch - warmup_epochs) / max(1, epochs - warmup_epochs))
        return peak * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * progress)))

    return schedule
''',
    "step": '''
def @NAME@(epochs, warmup_epochs=0, drop=0.5, every=None):
    """Per-epoch step decay: multiply the starting learning rate by `drop` every `every` epochs."""
@WARMUP@        every_ = every or max(1, (epochs - warmup_epochs) // 3)
        return peak * drop ** ((epoch - warmup_epochs) // every_)

    return schedule
''',
    "exponential": '''
def @NAME@(epochs, warmup_epochs=0, decay=0.9):
    """Per-epoch exponential decay of the starting learning rate, after a linear warmup."""
@WARMUP@        return peak * decay ** (epoch - warmup_epochs)

    return schedule
''',
}


@dataclass
class _ModeFn:
    fn: cst.FunctionDef
    words: set[str]  #: the mode strings the function compares against
    index: int  #: position of the ``mode`` parameter


def _mode_functions(src: CstScript) -> list[_ModeFn]:
    out = []
    for fn in src.functions.values():
        params = [p.name.value for p in fn.params.params]
        if "mode" not in params:
            continue
        words: set[str] = set()
        for node in src.parent:
            if (
                isinstance(node, cst.Comparison)
                and dotted(node.left) == "mode"
                and src.line(fn) <= src.line(node) <= src.end_line(fn)
            ):
                for target in node.comparisons:
                    value = literal(target.comparator)
                    if isinstance(value, str):
                        words.add(value)
        if words & {w for ws in _MODE_WORDS.values() for w in ws}:
            out.append(_ModeFn(fn, words, params.index("mode")))
    return out


def find(src: CstScript) -> list[RecipeMatch]:
    out = []
    for mf in _mode_functions(src):
        line = src.line(mf.fn)
        why = (
            f"the LR function `{mf.fn.name.value}` switches on mode ({', '.join(sorted(mf.words))})"
        )
        out.append(
            RecipeMatch(_ID, f"Use the cosine mode of `{mf.fn.name.value}`", line, line, why)
        )
    if not out:
        for call in fit_calls(src):
            out.append(
                RecipeMatch(
                    _ID,
                    "Add a cosine learning-rate schedule",
                    src.line(call),
                    src.end_line(call),
                    "a LearningRateScheduler can drive the optimizer's learning rate in fit",
                )
            )
    return out


def transform(src: CstScript, options: dict[str, str], ctx: InterpreterFacts) -> Change:
    kind = options["kind"]
    if options.get("via") == "optimizer":
        return into_optimizer(src, kind, options)
    matches = find(src)
    i = pick(matches, options, "no fit() call or LR callback function found")
    modes = _mode_functions(src)
    if modes:
        return _set_mode(src, modes[i], kind, int(options["warmup_epochs"]))
    return _add_scheduler(src, fit_calls(src)[i], kind, options)


def _mode_value(src: CstScript, mf: _ModeFn) -> cst.BaseExpression | None:
    """The expression that decides ``mode``: call-site argument, its binding, or the default."""
    name = mf.fn.name.value
    for call in src.calls:
        if callee(call) != name:
            continue
        arg = kwarg(call, "mode")
        pos = positional(call)
        value = arg.value if arg else (pos[mf.index].value if len(pos) > mf.index else None)
        if value is None:
            break
        if isinstance(value, cst.SimpleString):
            return value
        ref = src.origin(value)
        return ref if ref is not value else None
    for param in mf.fn.params.params:
        if param.name.value == "mode":
            return param.default
    return None


def _set_mode(src: CstScript, mf: _ModeFn, kind: str, warmup: int) -> Change:
    name = mf.fn.name.value
    word = next((w for w in _MODE_WORDS[kind] if w in mf.words), None)
    if word is None:
        raise Refused(f"`{name}` has no {kind} mode (its modes: {', '.join(sorted(mf.words))})")
    node = _mode_value(src, mf)
    if not isinstance(node, cst.SimpleString):
        raise Refused(f"cannot find where the mode of `{name}` is set")
    patch = NodeEdits()
    notes: list[str] = []
    current = node.evaluated_value
    if current != word:
        patch.put(node, node.with_changes(value=f"{node.quote}{word}{node.quote}"))
    if warmup:
        if not _set_warmup(src, mf.fn, warmup, patch):
            notes.append(f"`{name}` has no warmup length to set; warmup_epochs was not applied")
    elif current == word:
        raise Refused(f"already present: `{name}` already uses mode {word!r}")
    return Change(patch.apply(src), f"Use the {kind} mode of `{name}`", notes)


def _set_warmup(src: CstScript, fn: cst.FunctionDef, warmup: int, patch: NodeEdits) -> bool:
    """Set the function's warmup/ramp length (``lr_ramp_ep = 3``); False if it has none."""
    for node in src.parent:
        if not isinstance(node, cst.Assign) or not (
            src.line(fn) <= src.line(node) <= src.end_line(fn)
        ):
            continue
        target, value = node.targets[0].target, node.value
        pairs: list[tuple[cst.BaseExpression, cst.BaseExpression]] = []
        if isinstance(target, cst.Name):
            pairs = [(target, value)]
        elif isinstance(target, cst.Tuple) and isinstance(value, cst.Tuple):
            pairs = [
                (t.value, v.value) for t, v in zip(target.elements, value.elements, strict=False)
            ]
        for t, v in pairs:
            word = dotted(t) or ""
            if ("ramp" in word or "warmup" in word) and isinstance(literal(v), int):
                patch.put(v, cst.Integer(str(warmup)))
                return True
    return False


def _scheduler_calls(src: CstScript) -> list[cst.Call]:
    return src.calls_named("LearningRateScheduler")


def _add_scheduler(src: CstScript, fit: cst.Call, kind: str, options: dict[str, str]) -> Change:
    style = Style.of(src)
    patch = NodeEdits()
    notes: list[str] = []
    epochs_arg = kwarg(fit, "epochs")
    epochs = src.code(epochs_arg.value) if epochs_arg else "1"
    warmup = int(options["warmup_epochs"])
    ours = {n: k for k, base in _HELPERS.items() for n in family(src, base)}
    existing = family(src, _HELPERS[kind])
    helper = existing[0] if existing else src.unique(_HELPERS[kind])
    call_code = f"{helper}({epochs}" + (f", warmup_epochs={warmup})" if warmup else ")")
    schedulers = _scheduler_calls(src)
    for sched in schedulers:
        args = positional(sched)
        inner = args[0].value if args else None
        if isinstance(inner, cst.Call) and dotted(inner.func) in ours:
            if ours[dotted(inner.func) or ""] == kind:
                raise Refused(
                    f"already present: {dotted(inner.func)} drives the learning rate (line {src.line(sched)})"
                )
    if schedulers:
        sched = schedulers[0]
        args = positional(sched)
        new = expr(call_code)
        if args:
            patch.put(args[0].value, new)
        else:
            patch.edit_call(sched, lambda n: with_kwarg(n, "schedule", new))
        what = "replaced the LearningRateScheduler's function"
        if args and dotted(args[0].value) and dotted(args[0].value) not in ours:
            notes.append(f"`{dotted(args[0].value)}` is no longer used by the scheduler")
    else:
        sched_var = src.unique("lr_scheduler")
        ref = style.ref("keras.callbacks.LearningRateScheduler")
        patch.before[src.statement(fit)].extend(statements(f"{sched_var} = {ref}({call_code})\n"))
        element = cst.Name(sched_var)
        cbs = kwarg(fit, "callbacks")
        if cbs is None:
            patch.edit_call(
                fit, lambda n: with_kwarg(n, "callbacks", cst.List([cst.Element(element)]))
            )
        elif isinstance(cbs.value, cst.List):
            patch.edit_list(cbs.value, lambda n: append_element(n, element))
        else:
            code = f"[*{src.code(cbs.value)}, {src.module.code_for_node(element)}]"
            patch.put(cbs.value, expr(code))
        what = "added a LearningRateScheduler to fit"
    _unschedule_optimizer(src, patch, notes)
    if src.calls_named("ReduceLROnPlateau"):
        notes.append("ReduceLROnPlateau also changes the learning rate; consider removing it")
    if not existing:
        if "math" not in style.prefixes and not _imports_math(src):
            style.added.append("import math")
        style.patch_imports(src, patch, fit)
        code = _TEMPLATES[kind].replace("@WARMUP@", _WARMUP.lstrip("\n")).replace("@NAME@", helper)
        add_helper(src, patch, code, fit)
    else:
        style.patch_imports(src, patch, fit)
    if not epochs_arg:
        notes.append("fit() has no epochs=: the schedule assumes 1 epoch")
    title = f"{kind.capitalize()} LR schedule" + (f" with {warmup} warmup epochs" if warmup else "")
    return Change(patch.apply(src), f"{title} ({what})", notes)


def _imports_math(src: CstScript) -> bool:
    for stmt in src.module.body:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if isinstance(small, cst.Import) and any(
                    dotted(a.name) == "math" and a.asname is None for a in small.names
                ):
                    return True
    return False


def _unschedule_optimizer(src: CstScript, patch: NodeEdits, notes: list[str]) -> None:
    """An optimizer given a ``*Decay`` schedule gets its initial rate instead."""
    for call in src.calls:
        arg = kwarg(call, "learning_rate")
        if arg is None or not isinstance(arg.value, cst.Call):
            continue
        sched = arg.value
        if not last(callee(sched)).endswith(("Decay", "DecayRestarts")):
            continue
        init = kwarg(sched, "initial_learning_rate")
        first = init.value if init else (positional(sched)[0].value if positional(sched) else None)
        if first is None:
            continue
        code = src.code(first)
        patch.put(sched, expr(code))
        notes.append(f"replaced {last(callee(sched))} in the optimizer by its initial rate {code}")


RECIPE = Recipe(
    id=_ID,
    title="Use a learning-rate schedule",
    description=(
        "Cosine decay (optional linear warmup), step or exponential decay: sets the mode of the "
        "script's own LR callback function, adds a per-epoch LearningRateScheduler to fit, or "
        "(via=optimizer) replaces the optimizer's learning rate with a Keras schedule."
    ),
    options=(
        Option("kind", "the schedule", default="cosine", choices=KINDS),
        Option("warmup_epochs", "epochs of linear warmup", default="0", kind="int"),
        Option(
            "via",
            "callback: a per-epoch LearningRateScheduler in fit; optimizer: a Keras schedule "
            "object in place of the optimizer's learning rate",
            default="callback",
            choices=("callback", "optimizer"),
        ),
        Option("decay_steps", "via=optimizer: optimizer steps over the whole training"),
        Option("warmup_steps", "via=optimizer, cosine: steps of linear warmup", default="0"),
    ),
    find=find,
    transform=transform,
)
