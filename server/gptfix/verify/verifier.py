"""The one verifier: parse, names, static screen, build, smoke run, memory forecast.

Bridges every kind of proposed change -- rule fixes and chained fixes (checked
``against`` the failure they must cure), recipes, LLM answers and change requests
(``against=None``: the script must build and smoke-run clean) -- and real runs of the
patched text in the user's interpreter. The runs go through
:func:`gptfix.runner.run_script` with ``text=``: a sandboxed temporary working copy
(credentials removed, no network, the folder read-only where the OS allows), forked from
the warm worker when it is ready. A change the static screen finds risky is not run
unless the caller has the user's consent (``allow_unsafe``); it stays unverified with a
reason that says what it would do. Nothing here writes the user's file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence

from gptfix.edits import parses
from gptfix.model import Applicability, Failure, Fix, RunResult, RunStatus, Script, Verification
from gptfix.runner import run_script
from gptfix.settings import Settings
from gptfix.verify.judge import names_problems, run_problem, smoke_artifact
from gptfix.verify.screen import added_risks, describe

#: Seconds a build-mode run may take before verification gives up on it.
BUILD_TIMEOUT = 300.0

Progress = Callable[[str], None]


def verify(
    script: Script,
    change: Fix | str,
    *,
    against: Failure | None,
    settings: Settings,
    cancel: threading.Event | None = None,
    smoke: bool = True,
    progress: Progress | None = None,
    allow_unsafe: bool = False,
    args: Sequence[str] = (),
    build_in_smoke: bool = False,
    gpu_memory_gib: float | None = None,
) -> Verification:
    """Verify ``change`` (a Fix, or a patched text) of ``script``; never raises for it.

    ``against``: the failure the change must cure (it must be gone and no new failure
    appear); None: the change must build and smoke-run clean. ``smoke=False`` stops
    after the build. ``allow_unsafe``: the user consented to running a change the
    static screen flags. ``build_in_smoke``: the failure came after training started,
    so the smoke run also stands for the build (one run instead of two).
    ``gpu_memory_gib``: the training GPU's memory, when known (else nvidia-smi's figure
    if any); a change whose forecast does not fit is not verified. For a Fix, the
    result is also stored in ``fix.verification``, and a Fix the screen stopped becomes a
    ``SUGGESTION`` (shown with the reason, never applied). ``Verification.run`` is the
    last run.
    """
    text = change.new_text if isinstance(change, Fix) else change
    say = progress or (lambda message: None)
    result = _verify(
        script,
        text,
        against,
        settings,
        cancel,
        smoke,
        say,
        allow_unsafe,
        args,
        build_in_smoke,
        gpu_memory_gib,
    )
    if isinstance(change, Fix):
        change.verification = result
        if result.unsafe:  # shown, never applied without consent
            change.applicability = Applicability.SUGGESTION
    return result


def _verify(
    script: Script,
    text: str,
    against: Failure | None,
    settings: Settings,
    cancel: threading.Event | None,
    smoke: bool,
    say: Progress,
    allow_unsafe: bool,
    args: Sequence[str],
    build_in_smoke: bool,
    gpu_memory_gib: float | None,
) -> Verification:
    stages: list[str] = []
    problem = parses(text)
    if problem:
        return Verification(False, stages, f"the patched script does not parse ({problem})")
    stages.append("parse")
    broken = names_problems(script.text, text)
    if broken:
        return Verification(False, stages, f"the change breaks names: {'; '.join(broken[:3])}")
    stages.append("names")
    risky = added_risks(script.text, text)
    if risky and not allow_unsafe:
        reason = f"not run: {describe(risky)}; it runs only with your consent"
        return Verification(False, stages, reason, unsafe=[f"{r.kind}: {r}" for r in risky])
    stages.append("screen")
    protections: list[str] = []

    def run(mode: str, timeout: float) -> RunResult:
        result = run_script(
            script.path,
            python=settings.interpreter,
            mode=mode,
            smoke_steps=settings.smoke_steps,
            text=text,
            timeout=timeout,
            cancel=cancel,
            args=args,
            warm=True,
        )
        for name in result.sandbox or []:
            if name not in protections:
                protections.append(name)
        return result

    def done(reason: str | None, last: RunResult) -> Verification:
        summary = build.build if build is not None else None
        failure = last.failure if reason is not None else None
        return Verification(
            reason is None, stages, reason, failure, protections, run=last, build=summary
        )

    build: RunResult | None = None
    if not (build_in_smoke and smoke):
        say("building the patched model")
        build = run("build", min(settings.run_timeout, BUILD_TIMEOUT))
        why = run_problem(build, against, "build")
        if why is not None:
            return done(why, build)
        stages.append("build")
        fits, fit_problem = _memory_fit(build, gpu_memory_gib)
        if fit_problem is not None:
            return done(fit_problem, build)
        if fits:
            stages.append("memory")
        if not smoke:
            return done(None, build)
    say("smoke-running the patched script")
    ran = run("smoke", settings.run_timeout)
    if build is None and (
        bool((ran.smoke or {}).get("capped")) or ran.status is RunStatus.SUCCEEDED
    ):
        stages.append("build")  # the smoke run reached training: the model built
    why = run_problem(ran, against, "smoke run")
    if why is not None and smoke_artifact(ran, text) is not None:
        why = None  # it trained; only a later epoch's file was missing
    if why is None:
        stages.append("smoke")
    return done(why, ran)


def _memory_fit(build: RunResult, gpu_memory_gib: float | None) -> tuple[bool, str | None]:
    """Whether the built model's forecast fits a known training GPU, and why not if not
    ((False, None) when no GPU or no forecast is known)."""
    from gptfix.repair.memory import forecast, will_not_fit  # gptfix.repair imports this

    if not build.build:
        return False, None
    try:
        fc = forecast(build.build, gpu_memory_gib=gpu_memory_gib)
    except (TypeError, ValueError, KeyError):
        return False, None
    if fc is None or fc.fits is None or not fc.gpu_memory:
        return False, None
    if fc.fits:
        return True, None
    return False, f"the memory forecast does not fit ({fc.gpu_source}): {will_not_fit(fc)}"


def first_verified(
    script: Script,
    changes: Iterable[Fix],
    *,
    against: Failure | None,
    settings: Settings,
    cancel: threading.Event | None = None,
    smoke: bool = True,
    progress: Progress | None = None,
    allow_unsafe: bool = False,
) -> Fix | None:
    """The first of ``changes`` that verifies (in order; each gets its verification)."""
    for change in changes:
        if cancel is not None and cancel.is_set():
            return None
        if progress is not None:
            progress(f"verifying: {change.title}")
        result = verify(
            script,
            change,
            against=against,
            settings=settings,
            cancel=cancel,
            smoke=smoke,
            progress=progress,
            allow_unsafe=allow_unsafe,
        )
        if result.verified:
            return change
    return None
