"""Bridges a recipe's patched text to the runner: build the model, then smoke-run it.

Recipes start from a working script, so the criterion is simple: the patched script
parses, builds its model (the runner's build mode, which stops at the first ``fit``) and
trains a few steps (smoke mode) in the user's interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gptfix.edits import parses
from gptfix.model import Fix, RunResult, RunStatus, Script, Verification
from gptfix.settings import Settings


@dataclass
class RecipeCheck:
    """The verification plus the built model's summary (for showing what changed)."""

    verification: Verification
    build: dict[str, Any] | None = None  #: RunResult.build of the patched script


def _failed(stage: str, result: RunResult, stages: list[str]) -> Verification:
    failure = result.failure
    if result.status is RunStatus.TIMEOUT:
        reason = f"the patched script timed out in {stage} mode"
    elif failure is not None:
        where = f" (line {failure.location.line})" if failure.location else ""
        lines = [line.strip() for line in failure.message.splitlines() if line.strip()]
        message = lines[-1] if lines else ""  # TF puts "in user code:" first, the error last
        reason = f"the patched script fails in {stage} mode{where}: {failure.type}: {message}"
    else:
        reason = f"the patched script exited with code {result.exit_code} in {stage} mode"
    return Verification(False, stages, reason.splitlines()[0][:300], failure)


def check_recipe(
    script: Script, fix: Fix, settings: Settings, *, smoke: bool = True
) -> RecipeCheck:
    """Build (and unless ``smoke=False``, smoke-run) the patched script; never raises for it."""
    from gptfix.runner import run_script

    stages: list[str] = []
    problem = parses(fix.new_text)
    if problem is not None:
        return RecipeCheck(Verification(False, stages, f"does not parse: {problem}"))
    stages.append("parse")
    built = run_script(
        script.path,
        python=settings.interpreter,
        mode="build",
        text=fix.new_text,
        timeout=settings.run_timeout,
    )
    if built.status is not RunStatus.SUCCEEDED:
        return RecipeCheck(_failed("build", built, stages), built.build)
    stages.append("build")
    if smoke:
        ran = run_script(
            script.path,
            python=settings.interpreter,
            mode="smoke",
            smoke_steps=settings.smoke_steps,
            text=fix.new_text,
            timeout=settings.run_timeout,
        )
        if ran.status is not RunStatus.SUCCEEDED:
            return RecipeCheck(_failed("smoke", ran, stages), built.build)
        stages.append("smoke")
    return RecipeCheck(Verification(True, stages), built.build)


def verify_recipe(script: Script, fix: Fix, settings: Settings) -> Verification:
    """Verify a recipe's fix: parse, build the patched model, smoke-run it.

    Also stores the result on ``fix.verification``.
    """
    result = check_recipe(script, fix, settings).verification
    fix.verification = result
    return result
