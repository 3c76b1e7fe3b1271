"""lr-schedule with ``via=optimizer``: a Keras schedule object in place of the optimizer's rate.

The learning rate given to the optimizer (``Adam(learning_rate=CFG.lr)``, or the default
rate of ``optimizer="adam"``) becomes the start (or, with warmup, the target) of a
``keras.optimizers.schedules`` object that decays per optimizer step over ``decay_steps``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import libcst as cst

from gptfix.errors import EXIT_USAGE, GptfixError
from gptfix.recipes.base import Change, Refused
from gptfix.recipes.graph import compile_calls
from gptfix.recipes.patch import NodeEdits
from gptfix.recipes.source import (
    CstScript,
    callee,
    expr,
    kwarg,
    last,
    literal,
    positional,
    statements,
    with_kwarg,
)
from gptfix.recipes.style import Style

OPTIMIZERS = {
    "adam": "Adam",
    "adamw": "AdamW",
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "nadam": "Nadam",
    "adamax": "Adamax",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "lion": "Lion",
}
_DEFAULT_RATE = {"SGD": "0.01"}  #: Keras defaults; every other optimizer starts at 0.001


def _schedule(style: Style, kind: str, rate: str, steps: str, warmup: str) -> str:
    cosine = style.ref("keras.optimizers.schedules.CosineDecay")
    exponential = style.ref("keras.optimizers.schedules.ExponentialDecay")
    if kind == "cosine" and warmup not in ("", "0"):
        return f"{cosine}(0.0, decay_steps={steps}, warmup_target={rate}, warmup_steps={warmup})"
    if kind == "cosine":
        return f"{cosine}({rate}, decay_steps={steps})"
    if kind == "step":
        return f"{exponential}({rate}, decay_steps=max(1, {steps} // 3), decay_rate=0.5, staircase=True)"
    return f"{exponential}({rate}, decay_steps={steps}, decay_rate=0.1)"


def _same_kind(call: cst.Call, kind: str) -> bool:
    name = last(callee(call))
    staircase = kwarg(call, "staircase")
    stepped = staircase is not None and literal(staircase.value) is True
    return (
        (kind == "cosine" and name == "CosineDecay")
        or (kind == "step" and name == "ExponentialDecay" and stepped)
        or (kind == "exponential" and name == "ExponentialDecay" and not stepped)
    )


@dataclass
class OptimizerSite:
    """The optimizer the first ``compile()`` gets, followed to where it is built."""

    compile: cst.Call
    arg: cst.Arg  #: the ``optimizer`` argument of ``compile()``
    built: cst.BaseExpression  #: where it is made: a string name or a constructor call


def compiled_optimizer(src: CstScript) -> OptimizerSite:
    """The optimizer site of the script's (first) ``compile()``; refused without one."""
    compiles = compile_calls(src)
    if not compiles:
        raise Refused("no compile() call found")
    args = positional(compiles[0])
    arg = kwarg(compiles[0], "optimizer") or (args[0] if args else None)
    if arg is None:
        raise Refused("compile() has no optimizer")
    return OptimizerSite(compiles[0], arg, src.origin(arg.value))


def optimizer_from_name(
    src: CstScript,
    patch: NodeEdits,
    style: Style,
    site: OptimizerSite,
    name: str,
    kwargs: Callable[[str], str],
) -> None:
    """Build the optimizer a string names (``"adam"``) as its class, with the arguments
    ``kwargs(class name)``; one written in the ``compile()`` call gets its own line."""
    cls = OPTIMIZERS.get(name.lower())
    if cls is None:
        raise Refused(f"unknown optimizer {name!r}")
    code = f"{style.ref(f'keras.optimizers.{cls}')}({kwargs(cls)})"
    if site.built is site.arg.value:  # written in the compile call: build it on its own line
        var = src.unique("optimizer")
        patch.before[src.statement(site.compile)].extend(statements(f"{var} = {code}\n"))
        code = var
    patch.put(site.built, expr(code))


def into_optimizer(src: CstScript, kind: str, options: dict[str, str]) -> Change:
    steps = options.get("decay_steps", "")
    if not steps:
        raise GptfixError(
            "via=optimizer needs --opt decay_steps=N (optimizer steps over the whole training)",
            EXIT_USAGE,
        )
    try:
        cst.parse_expression(steps)
    except cst.ParserSyntaxError:
        raise GptfixError(f"decay_steps={steps}: not a Python expression", EXIT_USAGE) from None
    if src.calls_named("LearningRateScheduler"):
        raise Refused(
            "the script's LearningRateScheduler would override an optimizer schedule: "
            "use --opt via=callback"
        )
    site = compiled_optimizer(src)
    style = Style.of(src)
    patch = NodeEdits()
    notes: list[str] = []
    warmup = options.get("warmup_steps", "0")
    if kind != "cosine" and warmup not in ("", "0"):
        notes.append("warmup_steps applies to the cosine schedule only; it was not used")
    opt = site.built
    value = literal(opt)
    holder = src.unique("lr_schedule")

    def named(sched: str, at: cst.CSTNode) -> str:
        """Put the schedule on its own line before the statement at ``at``; its name."""
        patch.before[src.statement(at)].extend(statements(f"{holder} = {sched}\n"))
        return holder

    if isinstance(value, str):

        def scheduled(cls: str) -> str:
            sched = _schedule(style, kind, _DEFAULT_RATE.get(cls, "0.001"), steps, warmup)
            return f"learning_rate={named(sched, opt)}"

        optimizer_from_name(src, patch, style, site, value, scheduled)
    elif isinstance(opt, cst.Call):
        rate_arg = kwarg(opt, "learning_rate") or (positional(opt)[0] if positional(opt) else None)
        if rate_arg is None:
            cls = last(callee(opt))
            sched = named(
                _schedule(style, kind, _DEFAULT_RATE.get(cls, "0.001"), steps, warmup), opt
            )
            patch.edit_call(opt, lambda n: with_kwarg(n, "learning_rate", expr(sched)))
        else:
            rate = rate_arg.value
            if isinstance(rate, cst.Call) and last(callee(rate)).endswith("Decay"):
                if _same_kind(rate, kind):
                    raise Refused(f"already present: {last(callee(rate))} at line {src.line(rate)}")
                init = kwarg(rate, "initial_learning_rate") or positional(rate)[0]
                rate = init.value
            code = named(_schedule(style, kind, src.code(rate), steps, warmup), opt)
            patch.put(rate_arg.value, expr(code))
    else:
        raise Refused(f"cannot find the optimizer `{src.code(site.arg.value)}` is built from")
    style.patch_imports(src, patch, site.compile)
    notes.append(f"the rate now changes every optimizer step over {steps} steps")
    return Change(
        patch.apply(src), f"{kind.capitalize()} decay of the optimizer's learning rate", notes
    )
