"""The operations every shell offers, typed, returning core objects.

One function per entry of :data:`gptfix.service.table.COMMANDS` (the recipe ones are in
:mod:`gptfix.service.recipe_ops`). The CLI, the pygls
server and the pylsp plugin call these and only convert their results (to text, JSON
or LSP types). Long operations take ``cancel`` (a ``threading.Event`` the core polls;
a set event stops the script being run) and ``progress`` (called with one line of
what is happening, from the worker thread). Heavy core packages (libcst recipes, the
LLM layer, the program model) are imported inside the functions that need them, so
starting a shell stays fast; their types are imported for type checking only.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gptfix.errors import EXIT_NO_TRACEBACK, EXIT_USAGE, GptfixError
from gptfix.files import read_for_edit
from gptfix.model import Applicability, Diagnosis, Failure, Fix, RunResult, Script, Verification
from gptfix.notebook import is_notebook, read_document
from gptfix.notebook.locating import diagnose_notebook_log
from gptfix.runner import run_script
from gptfix.settings import Settings
from gptfix.tracebacks import diagnose_log, locate, read_log, to_diagnosis

if TYPE_CHECKING:
    from gptfix.index import ScriptIndex
    from gptfix.llm import Context
    from gptfix.llm.ask import AskResult

#: one line of what an operation is doing now (called from the thread running it)
Progress = Callable[[str], None]
#: the fix loop's events: ("round", {...}), ("verified", {"fix": Fix}), ...
OnEvent = Callable[[str, dict[str, Any]], None]
#: set by the shell to stop an operation (the script it runs is killed)
Cancel = threading.Event | None
#: the runner's output lines: (stream name, line)
OnOutput = Callable[[str, str], None]


def quiet(_line: str) -> None:
    """The default :data:`Progress`: says nothing."""
    return None


# -- run and logs -----------------------------------------------------------------------
def run(
    script: Path,
    settings: Settings,
    *,
    smoke: bool = False,
    text: str | None = None,
    args: Sequence[str] = (),
    eager: bool = True,
    timed: bool = True,
    warm: bool = True,
    on_output: OnOutput | None = None,
    cancel: threading.Event | None = None,
) -> RunResult:
    """Run the script (or ``text`` in its place): ``gptfix run [--smoke]``, ``gptfix.run``.

    ``args`` follow the script's name; ``timed``: stopped after the settings'
    ``run_timeout`` (a terminal's full run is not); ``warm``: smoke runs may fork from
    the warm worker (long-lived callers; a one-shot terminal run starts cold).
    """
    return run_script(
        script,
        python=settings.interpreter,
        args=args,
        mode="smoke" if smoke else "normal",
        smoke_steps=settings.smoke_steps,
        eager=eager,
        timeout=settings.run_timeout if timed else None,
        on_output=on_output,
        cancel=cancel,
        text=text,
        warm=warm,
    )


def load_log(script: Path, *, text: str | None = None, log_path: Path | None = None) -> Failure:
    """The failure a log shows, located on ``script`` (``gptfix diagnose``); a notebook's
    IPython cell frames (``Cell In[7], line 3``) on the program of its saved cells."""
    if text is None:
        if log_path is None:
            raise GptfixError('a log needs "path" (a log file) or "text" (the log itself)')
        text = read_log(log_path)
    if is_notebook(script):
        failure = diagnose_notebook_log(text, read_document(script))
    else:
        failure = diagnose_log(text, script)
    if failure is None:
        name = f"{log_path}: " if log_path is not None else ""
        raise GptfixError(f"{name}no Python traceback found in the log", EXIT_NO_TRACEBACK)
    return failure


def locate_failure(failure: Failure, script: Path) -> Failure:
    """The failure with its frames mapped onto local files."""
    return failure if failure.location is not None else locate(failure, script)


def diagnose(failure: Failure, script_text: str) -> Diagnosis:
    """The failure as a range in ``script_text`` (the crash line, root cause, related)."""
    return to_diagnosis(failure, script_text)


# -- fixes for a finding ----------------------------------------------------------------
def verify(
    script: Script, fix: Fix, failure: Failure | None, settings: Settings, cancel: Cancel = None
) -> Verification:
    """The one verifier (:func:`gptfix.verify.verify`): parse, names, screen, build, smoke;
    sets ``fix.verification``. ``failure=None``: the change must build and run clean."""
    from gptfix.verify import verify as verify_change

    return verify_change(script, fix, against=failure, settings=settings, cancel=cancel)


def candidate_fixes(script: Script, failure: Failure, settings: Settings) -> list[Fix]:
    """The offline rules' fixes, most likely first (cheap: no run)."""
    from gptfix.repair import candidate_fixes as rules

    return rules(script, failure, python=settings.interpreter)


def fixes_for_finding(
    script: Script,
    failure: Failure,
    settings: Settings,
    *,
    cancel: threading.Event | None = None,
    progress: Progress = quiet,
    on_candidates: Callable[[list[Fix]], None] | None = None,
    on_verified: Callable[[Fix], None] | None = None,
) -> list[Fix]:
    """The rules' fixes for a failure, each verified in turn, most likely first.

    ``on_candidates`` hears the list before any is verified (so a shell can list them
    as "verifying…"); ``on_verified`` hears each fix once its verification is set.
    Suggestions (advice without an edit) are not run. Stops when ``cancel`` is set.
    """
    fixes = candidate_fixes(script, failure, settings)
    if on_candidates is not None:
        on_candidates(fixes)
    for i, fix in enumerate(fixes, 1):
        if cancel is not None and cancel.is_set():
            break
        if fix.verification is not None or fix.applicability == Applicability.SUGGESTION:
            continue
        progress(f"verifying {i}/{len(fixes)}: {fix.title}")
        verify(script, fix, failure, settings, cancel)
        if on_verified is not None:
            on_verified(fix)
    return fixes


# -- the LLM ----------------------------------------------------------------------------
def llm_configured(settings: Settings, api_key: str | None) -> bool:
    """Whether "Fix with AI" can be offered: an endpoint or a key is set."""
    from gptfix.llm.client import configured

    return configured(settings, api_key)


@dataclass
class AiOutcome:
    """What "Fix with AI" found: the verified fix, if any, and every fix it tried."""

    chosen: Fix | None
    fixes: list[Fix] = field(default_factory=list)
    reason: str | None = None  #: why nothing was chosen, one line


def fix_with_ai(
    script: Script,
    failure: Failure,
    settings: Settings,
    *,
    api_key: str | None,
    cancel: threading.Event | None = None,
    progress: Progress = quiet,
) -> AiOutcome:
    """Ask the configured LLM for a fix of ``failure`` and verify its answers in turn."""
    from gptfix.llm import llm_attempt

    if not llm_configured(settings, api_key):
        raise GptfixError("no LLM endpoint configured (set baseUrl or an API key)")
    progress(f"asking {settings.model}")
    attempt = llm_attempt(
        script, failure, settings, None, cancel, api_key=api_key, on_status=progress
    )
    for fix in attempt.fixes:
        if cancel is not None and cancel.is_set():
            return AiOutcome(None, attempt.fixes, "cancelled")
        progress(f"verifying: {fix.title}")
        verify(script, fix, failure, settings, cancel)
        if fix.verified:
            return AiOutcome(fix, attempt.fixes)
    reasons = [f.verification.reason for f in attempt.fixes if f.verification]
    reason = "; ".join(r for r in reasons if r) or attempt.error or "the answer held no fix"
    return AiOutcome(None, attempt.fixes, reason)


def ask(
    script: Script,
    request: str,
    settings: Settings,
    *,
    api_key: str | None,
    line: int | None = None,
    end_line: int | None = None,
    gpu_mem_gb: float | None = None,
    max_rounds: int = 2,
    timeout: float = 120.0,
    cancel: Cancel = None,
    progress: Progress = quiet,
) -> AskResult:
    """A change request in words (``gptfix ask``): the LLM's change, verified before offered.

    Raises GptfixError for an empty request, no endpoint, an endpoint that failed.
    """
    from gptfix.llm.ask import ask as ask_llm

    return ask_llm(
        script,
        request,
        settings,
        line=line,
        end_line=end_line,
        gpu_mem_gb=gpu_mem_gb,
        max_rounds=max_rounds,
        progress=progress,
        cancel=cancel,
        api_key=api_key,
        timeout=timeout,
    )


def show_context(script: Script, failure: Failure | None, settings: Settings) -> Context:
    """Exactly what would be sent to the LLM for ``failure``, with token counts (in the
    configured model's tokenizer when it is on disk; nothing is downloaded)."""
    from gptfix.llm import build_context, get_counter

    if settings.token_budget < 200:
        raise GptfixError(f"token budget {settings.token_budget}: too small (at least 200)")
    counter = get_counter(settings.model)
    return build_context(
        script, failure, settings.token_budget, counter=counter, model=settings.model
    )


# -- the fix loop -----------------------------------------------------------------------
@dataclass
class LoopOutcome:
    """What the fix loop did: the last run (``rounds`` filled in), the verified fixes it
    wrote in order, and the file's text before and after (``version``: the editor's
    version of ``before``, when an editor asked)."""

    result: RunResult
    written: list[Fix]
    before: str
    after: str
    version: int | None = None

    @property
    def edit(self) -> Fix | None:
        """Everything written, as one change of ``before`` (for an editor's buffer); the
        last written fix's verification stands for it. None when nothing was written."""
        if not self.written or self.after == self.before:
            return None
        from gptfix.repair.loop import stacked

        if len(self.written) == 1 and self.written[0].new_text == self.after:
            return self.written[0]
        return stacked(self.written, self.after)


def fix_loop(
    script: Path,
    settings: Settings,
    *,
    api_key: str | None = None,
    max_rounds: int | None = None,
    on_event: OnEvent | None = None,
    cancel: Cancel = None,
    confirm: Callable[[Fix, str], bool] | None = None,
    args: Sequence[str] = (),
    version: int | None = None,
    progress: Progress = quiet,
) -> LoopOutcome:
    """``gptfix run --fix`` and ``gptfix.fixLoop``: run, fix, rerun until it runs.

    The offline rules, then the LLM when one is configured (``api_key`` or the
    environment). ``max_rounds`` overrides the settings' (at least 1). Each verified
    fix is written with the undo journal, after ``confirm(fix, diff)`` (default: yes);
    ``on_event`` hears the rounds, ``progress`` the LLM client's retries.
    """
    from gptfix.repair import default_fixers
    from gptfix.repair import fix_loop as loop

    if max_rounds is not None:
        if max_rounds < 1:
            raise GptfixError("max rounds must be at least 1", EXIT_USAGE)
        settings = dataclasses.replace(settings, max_rounds=max_rounds)
    before = read_for_edit(script).text
    written: list[Fix] = []

    def hear(name: str, data: dict[str, Any]) -> None:
        if name == "applied":
            written.append(data["fix"])
        if on_event is not None:
            on_event(name, data)

    fixers = default_fixers(settings, cancel, progress, api_key=api_key)
    result = loop(
        script, settings, fixers=fixers, on_event=hear, cancel=cancel, confirm=confirm, args=args
    )
    after = read_for_edit(script).text if written else before
    return LoopOutcome(result, written, before, after, version)


def document_index(text: str, path: str | None) -> ScriptIndex:
    """The program model of an editor's document: of ``text`` when it parses, else the
    last one of ``path`` that did (marked ``stale``, with the new ``syntax_error``)."""
    from gptfix.index import INDEXES

    return INDEXES.update(text, path)


def forget_document(path: str | None) -> None:
    """Drop what :func:`document_index` keeps for ``path`` (its editor closed it)."""
    from gptfix.index import INDEXES

    INDEXES.forget(path)
