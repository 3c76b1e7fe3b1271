"""The run -> fix -> rerun loop behind ``gptfix run --fix``.

Bridges the runner (smoke runs of the user's script), the fixers (offline rules first,
then any others such as the LLM's), verification and the undo journal: each round
takes the current failure, asks the fixers for fixes, verifies them one by one
(chaining one more fix when a fix cures the failure but uncovers the next one), asks
for confirmation, writes the verified fix with a backup and reruns. Nothing
unverified is written, so the file is never left worse than it started.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from gptfix import files
from gptfix.edits import unified_diff
from gptfix.errors import GptfixError
from gptfix.model import (
    Applicability,
    Failure,
    Fix,
    RunResult,
    RunStatus,
    Script,
    Verification,
)
from gptfix.notebook import read_document
from gptfix.repair.fixers import Fixer, default_fixers
from gptfix.repair.latent import latent_failure
from gptfix.repair.rules import candidate_fixes
from gptfix.settings import Settings
from gptfix.tracebacks.rootcause import edited_line
from gptfix.verify import same_failure, verify

Confirm = Callable[[Fix, str], bool]
OnEvent = Callable[[str, dict[str, Any]], None]

#: Fixes verified per round (each costs a build run and a smoke run).
MAX_TRIES_PER_ROUND = 4
#: Follow-up fixes tried when a fix cures the failure but uncovers another.
MAX_CHAINED = 2
#: Fixes stacked at most in one chain (each uncovering the next failure).
MAX_CHAIN_DEPTH = 2


def fix_loop(
    script_path: Path,
    settings: Settings,
    *,
    fixers: Sequence[Fixer] | None = None,
    confirm: Confirm | None = None,
    on_event: OnEvent | None = None,
    cancel: threading.Event | None = None,
    args: Sequence[str] = (),
    first: RunResult | None = None,
) -> RunResult:
    """Run, fix, rerun until the script succeeds, no fix verifies, or max rounds.

    ``confirm(fix, diff)`` decides whether a verified fix is written (default: yes).
    ``on_event(name, data)`` reports progress: "run", "failure", "fix", "verified",
    "applied", "declined", "no-fix". ``first`` is an already-made smoke run to start
    from. Returns the last run, with ``rounds`` filled in.
    """
    from gptfix.runner import run_script

    path = Path(script_path).resolve()
    files.check_writable(path, "run --fix cannot change it")  # before minutes of runs
    emit = on_event or (lambda name, data: None)
    fixers = list(fixers) if fixers is not None else default_fixers(settings, cancel)
    rounds: list[dict[str, Any]] = []

    def smoke_run() -> RunResult:
        return run_script(
            path,
            python=settings.interpreter,
            mode="smoke",
            smoke_steps=settings.smoke_steps,
            timeout=settings.run_timeout,
            cancel=cancel,
            args=args,
            warm=True,
        )

    result = first or smoke_run()
    emit("run", {"result": result})
    for _ in range(max(0, settings.max_rounds)):
        failure = result.failure
        if result.status is RunStatus.SUCCEEDED or failure is None:
            # a smoke run covers two batches; its value trace can still show the failure
            # the full run will hit (an id as large as its Embedding)
            failure = latent_failure(Script.read(path), result.trace)
            if failure is None:
                break
        if cancel is not None and cancel.is_set():
            break
        doc = read_document(path)  # a snapshot of the file: a notebook's program, or the script
        script = doc.script()
        emit("failure", {"failure": failure})
        trained = bool((result.smoke or {}).get("capped"))
        chosen, rerun = _find_verified(
            script, failure, settings, fixers, rounds, emit, cancel, args, trained
        )
        if chosen is None:
            emit("no-fix", {"failure": failure})
            break
        diff = unified_diff(script.text, chosen.new_text, path.name)
        accepted = confirm(chosen, diff) if confirm is not None else True
        entry: dict[str, Any] = {
            "fix": chosen.title,
            "origin": chosen.origin,
            "verified": True,
            "applied": accepted,
        }
        crash = failure.location.line if failure.location else None
        changed = edited_line(script.text, chosen.new_text)
        named = failure.root_cause
        if named is not None:  # the diagnosis's, with the fix's own edit site when apart
            also = [a.line for a in named.also]
            if changed is not None and changed not in (crash, named.location.line, *also):
                also.append(changed)
            entry["root_cause"] = {"line": named.location.line, "reason": named.reason}
            if also:
                entry["root_cause"]["also"] = [{"line": a} for a in also]
        elif changed is not None and changed != crash:
            entry["root_cause"] = {"line": changed, "reason": "the verified fix changes this line"}
        rounds.append(entry)
        if not accepted:
            emit("declined", {"fix": chosen})
            break
        backup = doc.write(chosen.new_text, f"gptfix: {chosen.title}")
        emit("applied", {"fix": chosen, "backup": backup})
        result = rerun if rerun is not None else smoke_run()
        emit("run", {"result": result})
    if any(str(r.get("origin", "")).startswith("llm") for r in rounds):
        from gptfix.llm.client import endpoint

        for r in rounds:  # where each LLM round's request went
            if str(r.get("origin", "")).startswith("llm"):
                r["endpoint"] = endpoint(settings)
    result.rounds = rounds
    return result


def _find_verified(
    script: Script,
    failure: Failure,
    settings: Settings,
    fixers: Sequence[Fixer],
    rounds: list[dict[str, Any]],
    emit: OnEvent,
    cancel: threading.Event | None,
    args: Sequence[str],
    trained: bool = False,
) -> tuple[Fix | None, RunResult | None]:
    """The first fix that verifies; ``trained``: the failing run had reached training."""
    previous: Failure | None = None
    tries = 0
    llm_retried = False
    for fixer in fixers:
        refusals = getattr(fixer, "refusals", None)
        try:
            proposed = fixer(script, failure, previous)
        except (
            Exception
        ) as exc:  # a failing fixer (e.g. an LLM endpoint down) must not end the loop
            _fixer_failed(exc, rounds, emit)
            continue
        finally:
            _report_refusals(refusals, settings, rounds, emit)
        queue = list(proposed)
        while queue:
            fix = queue.pop(0)
            if cancel is not None and cancel.is_set():
                return None, None
            llm = fix.origin.startswith("llm:")
            if fix.applicability is Applicability.SUGGESTION or (
                tries >= MAX_TRIES_PER_ROUND and not llm
            ):
                continue
            tries += 1
            emit("fix", {"fix": fix})
            ver = verify(
                script,
                fix,
                against=failure,
                settings=settings,
                cancel=cancel,
                args=args,
                build_in_smoke=_one_run(failure, trained),
            )
            run = ver.run
            _check_latent(script, fix, ver, run)
            emit("verified", {"fix": fix, "verification": ver})
            if ver.verified:
                return fix, run
            previous = ver.new_failure
            chained = None
            if previous is not None and not same_failure(previous, failure):
                again = bool(run is not None and (run.smoke or {}).get("capped"))
                chained, run = _chain(script, fix, previous, settings, emit, cancel, args, again)
            if chained is not None:
                return chained, run
            rounds.append(
                {"fix": fix.title, "origin": fix.origin, "verified": False, "applied": False}
            )
            retry = getattr(fixer, "retry", None)
            if llm and retry is not None and not llm_retried:  # pass@2: the new error, once
                llm_retried = True
                queue[:0] = _second_try(retry, script, fix, ver.new_failure, failure, emit)
                _report_refusals(refusals, settings, rounds, emit)
    return None, None


def _report_refusals(
    refusals: list[str] | None,
    settings: Settings,
    rounds: list[dict[str, Any]],
    emit: OnEvent,
) -> None:
    """Every LLM answer the applier refused: an event and a round, with its reason."""
    while refusals:
        reason = refusals.pop(0)
        emit("llm-refused", {"reason": reason})
        rounds.append(
            {
                "fix": f"LLM answer not applied: {reason}",
                "origin": f"llm:{settings.model}",
                "verified": False,
                "applied": False,
                "refused": reason,
            }
        )


def _second_try(
    retry: Callable[[Script, Fix, Failure | None, Failure], list[Fix]],
    script: Script,
    failed: Fix,
    new_failure: Failure | None,
    failure: Failure,
    emit: OnEvent,
) -> list[Fix]:
    """The LLM's fixes for where its first fix led (the script with it, the new error)."""
    try:
        return retry(script, failed, new_failure, failure)
    except Exception as exc:  # an endpoint error must not end the loop
        emit("fixer-error", {"error": _said(exc)})
        return []


def _said(exc: Exception) -> str:
    """A fixer's failure in one line: gptfix's own errors already say their cause."""
    return exc.message if isinstance(exc, GptfixError) else f"{type(exc).__name__}: {exc}"


def _fixer_failed(exc: Exception, rounds: list[dict[str, Any]], emit: OnEvent) -> None:
    """Say why a fixer gave nothing, and keep it in the rounds (``--json`` shows it)."""
    error = _said(exc)
    origin = getattr(exc, "origin", None) or "fixer"
    rounds.append(
        {"fix": None, "origin": origin, "verified": False, "applied": False, "error": error}
    )
    emit("fixer-error", {"error": error})


def _chain(
    script: Script,
    fix: Fix,
    uncovered: Failure,
    settings: Settings,
    emit: OnEvent,
    cancel: threading.Event | None,
    args: Sequence[str],
    trained: bool = False,
    depth: int = 1,
) -> tuple[Fix | None, RunResult | None]:
    """``fix`` cured the failure but uncovered ``uncovered``: try rule fixes on top.

    The combination is verified as one fix against the original script; up to
    ``MAX_CHAIN_DEPTH`` fixes are stacked when each uncovers the next failure.
    """
    patched = Script(path=script.path, text=fix.new_text, version=script.version)
    for follow in candidate_fixes(patched, uncovered, python=settings.interpreter)[:MAX_CHAINED]:
        if follow.applicability is Applicability.SUGGESTION:
            continue
        if cancel is not None and cancel.is_set():
            break
        combined = stacked([fix, follow])
        emit("fix", {"fix": combined})
        ver = verify(
            script,
            combined,
            against=uncovered,
            settings=settings,
            cancel=cancel,
            args=args,
            build_in_smoke=_one_run(uncovered, trained),
        )
        run = ver.run
        _check_latent(script, combined, ver, run)
        emit("verified", {"fix": combined, "verification": ver})
        if ver.verified:
            return combined, run
        nxt = ver.new_failure
        if depth < MAX_CHAIN_DEPTH and nxt is not None and not same_failure(nxt, uncovered):
            again = bool(run is not None and (run.smoke or {}).get("capped"))
            deeper, run = _chain(
                script, combined, nxt, settings, emit, cancel, args, again, depth + 1
            )
            if deeper is not None:
                return deeper, run
    return None, None


def _one_run(failure: Failure, trained: bool) -> bool:
    """Whether one smoke run stands for the build run too when a fix is verified.

    The smoke run builds the model before its two steps, so a separate build run only
    repeats that work; a candidate that fails to build fails at the same point (and
    cost) in the smoke run. Only a memory failure keeps the build run first: its
    verdict needs the built model's memory forecast.
    """
    return trained or failure.kind != "oom"


def _check_latent(script: Script, fix: Fix, ver: Verification, run: RunResult | None) -> None:
    """A fix whose run still shows a latent failure in its value trace is not verified."""
    if not ver.verified or run is None:
        return
    patched = Script(path=script.path, text=fix.new_text, version=script.version)
    still = latent_failure(patched, run.trace)
    if still is not None:
        ver.verified = False
        ver.reason = f"the patched run's values still predict: {still.message.split(' (')[0]}"
        ver.new_failure = still


def stacked(fixes: Sequence[Fix], new_text: str | None = None) -> Fix:
    """Fixes applied one after another, as one fix of the first one's script: the titles
    joined, the riskiest applicability, all the evidence, the last one's text (or
    ``new_text``) and verification."""
    first, last = fixes[0], fixes[-1]
    return Fix(
        title="; then ".join(f.title for f in fixes),
        new_text=last.new_text if new_text is None else new_text,
        origin=first.origin,
        applicability=max((f.applicability for f in fixes), key=_rank),
        evidence=[e for f in fixes for e in f.evidence],
        verification=last.verification,
        id=first.id,
    )


def _rank(a: Applicability) -> int:
    return {Applicability.SAFE: 0, Applicability.UNSAFE: 1, Applicability.SUGGESTION: 2}[a]
