"""The core calls the language server makes, in one place, with the same arguments as the CLI.

Each function imports its core package lazily (the server starts fast and keeps
working for the other features if one part is missing) and turns the core's results
into :class:`~gptfix.lsp.state.Finding` objects. No LSP types here.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from gptfix.errors import EXIT_NO_TRACEBACK, EXIT_USAGE, GptfixError
from gptfix.model import Diagnosis, Failure, Fix, RunResult, Script, Verification
from gptfix.settings import Settings


def _module(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError as exc:
        raise GptfixError(f"{name} is not available in this install ({exc})", EXIT_USAGE) from exc


def run(
    script: Path,
    settings: Settings,
    *,
    smoke: bool,
    text: str | None,
    on_output: Callable[[str, str], None] | None,
    cancel: threading.Event | None,
) -> RunResult:
    """Run the script the way ``gptfix run [--smoke]`` does."""
    runner = _module("gptfix.runner")
    result: RunResult = runner.run_script(
        script,
        python=settings.interpreter,
        mode="smoke" if smoke else "normal",
        smoke_steps=settings.smoke_steps,
        timeout=settings.run_timeout,
        on_output=on_output,
        cancel=cancel,
        text=text,
        warm=True,
    )
    return result


def locate(failure: Failure, script: Path) -> Failure:
    """The failure with its frames mapped onto local files (as the CLI does)."""
    if failure.location is not None:
        return failure
    located: Failure = _module("gptfix.tracebacks").locate(failure, script)
    return located


def diagnose(failure: Failure, script_text: str) -> Diagnosis:
    diagnosis: Diagnosis = _module("gptfix.tracebacks").to_diagnosis(failure, script_text)
    return diagnosis


def read_log(path: Path) -> str:
    text: str = _module("gptfix.tracebacks").read_log(path)
    return text


def failure_from_log(text: str, script: Path) -> Failure:
    """The failure a log shows, located on ``script`` (``gptfix diagnose``'s core call)."""
    failure = _module("gptfix.tracebacks").diagnose_log(text, script)
    if failure is None:
        raise GptfixError("the log holds no traceback", EXIT_NO_TRACEBACK)
    located: Failure = failure
    return located


def candidate_fixes(script: Script, failure: Failure, settings: Settings) -> list[Fix]:
    """The offline rules' fixes, best first (cheap: no run)."""
    fixes: list[Fix] = _module("gptfix.repair").candidate_fixes(
        script, failure, python=settings.interpreter
    )
    return fixes


def verify(
    script: Script,
    fix: Fix,
    failure: Failure,
    settings: Settings,
    cancel: threading.Event | None = None,
) -> Verification:
    """Parse, names, screen, build run and smoke run of the patched text (the one verifier)."""
    result: Verification = _module("gptfix.verify").verify(
        script, fix, against=failure, settings=settings, cancel=cancel
    )
    return result


def first_verified(
    script: Script,
    fixes: list[Fix],
    failure: Failure,
    settings: Settings,
    cancel: threading.Event | None = None,
) -> Fix | None:
    """The first of ``fixes`` that verifies against ``failure`` (each gets its verification)."""
    chosen: Fix | None = _module("gptfix.verify").first_verified(
        script, fixes, against=failure, settings=settings, cancel=cancel
    )
    return chosen


def fix_loop(
    script: Path,
    settings: Settings,
    *,
    api_key: str | None,
    on_event: Callable[[str, dict[str, Any]], None],
    cancel: threading.Event,
) -> RunResult:
    """``gptfix run --fix``'s loop: the offline rules, then the LLM when one is configured."""
    repair = _module("gptfix.repair")
    fixers = [repair.rule_fixer(settings)]
    if llm_configured(settings, api_key):

        def llm_fixer(s: Script, failure: Failure, previous: Failure | None) -> list[Fix]:
            fixes, _ = llm_fixes(s, failure, settings, api_key, cancel, feedback=previous)
            return fixes

        fixers.append(llm_fixer)
    result: RunResult = repair.fix_loop(
        script, settings, fixers=fixers, on_event=on_event, cancel=cancel
    )
    return result


def llm_fixes(
    script: Script,
    failure: Failure,
    settings: Settings,
    api_key: str | None,
    cancel: threading.Event | None,
    feedback: Failure | str | None = None,
) -> tuple[list[Fix], str | None]:
    """The LLM's (unverified) fixes and, when there are none, why."""
    attempt = _module("gptfix.llm").llm_attempt(
        script, failure, settings, feedback, cancel, api_key=api_key
    )
    fixes: list[Fix] = attempt.fixes
    error: str | None = attempt.error
    return fixes, error


def build_context(script: Script, failure: Failure, budget: int) -> Any:
    return _module("gptfix.llm").build_context(script, failure, budget)


def recipes_applicable(text: str, path: str | None) -> list[Any]:
    """Where each recipe would act (RecipeMatch: recipe_id, title, line, end_line, why)."""
    matches: list[Any] = _module("gptfix.recipes").applicable(text, path)
    return matches


def recipe_catalog(text: str, path: str | None) -> list[dict[str, Any]]:
    """The recipes that apply to ``text``, once each: id, title, where, why, option schema."""
    recipes = _module("gptfix.recipes")
    out: dict[str, dict[str, Any]] = {}
    for match in recipes.applicable(text, path):
        entry = out.get(match.recipe_id)
        if entry is None:
            spec = recipes.RECIPES[match.recipe_id].to_json()
            entry = out[match.recipe_id] = {
                "id": match.recipe_id,
                "title": spec["title"],
                "description": spec["description"],
                "options": spec["options"],
                "lines": [],
                "why": match.why,
            }
        entry["lines"].append(match.line)
    for entry in out.values():
        lines = ", ".join(str(n) for n in entry["lines"])
        entry["where"] = f"line {lines}: {entry['why']}"
    return list(out.values())


def apply_recipe(recipe_id: str, text: str, options: dict[str, Any], settings: Settings) -> Fix:
    """The recipe's patched script (raises GptfixError saying why it does not apply)."""
    opts = {str(k): str(v) for k, v in options.items()}
    fix: Fix = _module("gptfix.recipes").apply_recipe(
        recipe_id, text, opts, python=settings.interpreter
    )
    return fix


def verify_recipe(script: Script, fix: Fix, settings: Settings) -> Verification:
    """Build the patched model and smoke-run it (``gptfix recipe apply``'s check)."""
    result: Verification = _module("gptfix.verify").verify(
        script, fix, against=None, settings=settings
    )
    return result


def build_index(text: str, path: str | None) -> Any:
    return _module("gptfix.index").build_index(text, path)


def llm_configured(settings: Settings, api_key: str | None) -> bool:
    """Whether "Fix with AI" can be offered: an endpoint or a key is set."""
    configured: bool = _module("gptfix.llm.client").configured(settings, api_key)
    return configured
