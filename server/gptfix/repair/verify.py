"""Verification of a fix before anyone sees it as "verified".

Bridges a proposed :class:`~gptfix.model.Fix` and real runs of the patched text in the
user's interpreter (through :func:`gptfix.runner.run_script` with ``text=``, so the
user's file is never touched): the text must parse, must not use a name nothing binds
(that the original did not already use), must build and compile its model (build
mode), and must then run a smoke run to the end. Verified only when the original
failure is gone and no new failure appears.
"""

from __future__ import annotations

import ast
import builtins
import re
import threading
from collections.abc import Sequence

from gptfix.edits import parses
from gptfix.model import Failure, Fix, RunResult, RunStatus, Script, Verification
from gptfix.repair.rules.names import bound_names
from gptfix.settings import Settings

#: Seconds a build-mode run may take before verification gives up on it.
BUILD_TIMEOUT = 300.0


def unbound_names(text: str) -> set[str]:
    """Names the text reads that nothing in it binds and that are not builtins."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return set()
    bound = set(bound_names(tree)) | set(dir(builtins)) | {"__file__", "__name__", "__doc__"}
    return {
        n.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and n.id not in bound
    }


def names_problems(original: str, changed: str) -> list[str]:
    """What the names check finds broken by the change (unbound or removed-but-used names)."""
    from gptfix.names import check

    try:
        report = check(original, changed)
    except Exception:  # the names check must not block a fix it cannot analyse
        return []
    return [] if report.ok else list(report.problems)


def same_failure(a: Failure, b: Failure) -> bool:
    """Whether two failures are the same problem (type and message, numbers aside)."""
    if a.type.rsplit(".", 1)[-1] != b.type.rsplit(".", 1)[-1]:
        return False

    def norm(m: str) -> str:
        first = m.strip().splitlines()[0] if m.strip() else ""
        return re.sub(r"\d+", "#", re.sub(r"\x1b\[[0-9;]*m", "", first))

    if norm(a.message) == norm(b.message):
        return True
    la, lb = a.location, b.location
    return bool(la and lb and la.line == lb.line and norm(a.message)[:40] == norm(b.message)[:40])


def verify(
    script: Script,
    fix: Fix,
    failure: Failure,
    settings: Settings,
    cancel: threading.Event | None = None,
    *,
    smoke: bool = True,
    args: Sequence[str] = (),
) -> Verification:
    """Check ``fix`` against ``failure``: parse, names, build run, smoke run.

    Sets ``fix.verification`` and returns it. ``new_failure`` is the failure the
    patched script hit, if any (whether the original one or a new one).
    """
    return verify_with_run(script, fix, failure, settings, cancel, smoke=smoke, args=args)[0]


def verify_with_run(
    script: Script,
    fix: Fix,
    failure: Failure,
    settings: Settings,
    cancel: threading.Event | None = None,
    *,
    smoke: bool = True,
    args: Sequence[str] = (),
    build_in_smoke: bool = False,
) -> tuple[Verification, RunResult | None]:
    """:func:`verify`, also returning the last run of the patched text (the rerun).

    ``build_in_smoke``: the failure came after training started, so a build-mode run
    cannot tell anything the smoke run will not; the smoke run then checks the build
    too (the stage counts as passed once that run reaches its first training call).
    """
    result, run = _verify(script, fix, failure, settings, cancel, smoke, args, build_in_smoke)
    fix.verification = result
    return result, run


def _verify(
    script: Script,
    fix: Fix,
    failure: Failure,
    settings: Settings,
    cancel: threading.Event | None,
    smoke: bool,
    args: Sequence[str],
    build_in_smoke: bool = False,
) -> tuple[Verification, RunResult | None]:
    from gptfix.runner import run_script

    stages: list[str] = []
    problem = parses(fix.new_text)
    if problem:
        return Verification(False, stages, f"the patched script does not parse ({problem})"), None
    stages.append("parse")
    problems = names_problems(script.text, fix.new_text)
    if problems:
        return Verification(False, stages, f"the fix breaks names: {'; '.join(problems[:3])}"), None
    new_names = unbound_names(fix.new_text) - unbound_names(script.text)
    if new_names:
        return Verification(
            False, stages, f"the fix uses undefined name(s): {', '.join(sorted(new_names))}"
        ), None
    stages.append("names")
    if build_in_smoke and smoke:
        return _smoke_stage(
            script, fix, failure, settings, cancel, args, stages, build_in_smoke=True
        )
    timeout = min(settings.run_timeout, BUILD_TIMEOUT)
    build = run_script(
        script.path,
        python=settings.interpreter,
        mode="build",
        text=fix.new_text,
        timeout=timeout,
        cancel=cancel,
        args=args,
    )
    verdict = _judge(build, failure, "build")
    if verdict is not None:
        return Verification(False, stages, verdict, build.failure), build
    stages.append("build")
    if not smoke:
        return Verification(True, stages, None), build
    return _smoke_stage(script, fix, failure, settings, cancel, args, stages)


def _smoke_stage(
    script: Script,
    fix: Fix,
    failure: Failure,
    settings: Settings,
    cancel: threading.Event | None,
    args: Sequence[str],
    stages: list[str],
    *,
    build_in_smoke: bool = False,
) -> tuple[Verification, RunResult | None]:
    from gptfix.runner import run_script

    run = run_script(
        script.path,
        python=settings.interpreter,
        mode="smoke",
        smoke_steps=settings.smoke_steps,
        text=fix.new_text,
        timeout=settings.run_timeout,
        cancel=cancel,
        args=args,
    )
    reached_training = bool((run.smoke or {}).get("capped")) or run.status is RunStatus.SUCCEEDED
    if build_in_smoke and reached_training:
        stages.append("build")
    verdict = _judge(run, failure, "smoke run")
    if verdict is not None:
        return Verification(False, stages, verdict, run.failure), run
    stages.append("smoke")
    return Verification(True, stages, None), run


def _judge(result: RunResult, original: Failure, stage: str) -> str | None:
    """None when the run passed, else why the fix is not verified."""
    if result.status is RunStatus.SUCCEEDED:
        return None
    if result.status is RunStatus.TIMEOUT:
        return f"the {stage} did not finish in time"
    if result.exit_code == 130:
        return f"the {stage} was cancelled"
    new = result.failure
    if new is None:
        return f"the {stage} exited with code {result.exit_code}"
    where = f" at line {new.location.line}" if new.location else ""
    first = (new.message.strip().splitlines() or [""])[0][:160]
    if same_failure(new, original):
        return f"the original failure is still there in the {stage}: {new.type}: {first}"
    return f"the {stage} fails with a new error{where}: {new.type}: {first}"
