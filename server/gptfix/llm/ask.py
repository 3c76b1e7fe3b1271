"""AI change requests: a request in plain words -> an LLM answer -> a verified change.

Bridges the change-request context (:mod:`gptfix.llm.change_context`), the chat client,
the answer applier (:func:`gptfix.llm.apply_answer`, which reconciles names and fills
elided code) and the change checks (:mod:`gptfix.llm.change_check`). Each round sends the
current code; when a round's change does not apply, does not address the request, does
not build or train, or will not fit the GPU, the next round gets that problem (the error
on its line, with the runtime facts) and the code with the previous change in it, up to
``max_rounds``. Only a verified change is offered (never ``SAFE``: the user reviews it);
otherwise the attempt that got furthest is returned as a suggestion with its reason.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gptfix.edits import unified_diff
from gptfix.errors import (
    EXIT_EMPTY_REQUEST,
    EXIT_LLM,
    EXIT_NO_ENDPOINT,
    GptfixError,
)
from gptfix.llm import prompts
from gptfix.llm.answer import parse_answer
from gptfix.llm.apply import apply_answer
from gptfix.llm.budget import get_counter
from gptfix.llm.change_check import (
    ChangeCheck,
    not_addressed,
    request_areas,
    same_model,
    verify_change,
)
from gptfix.llm.change_context import ChangeFacts, build_change_context, gather_facts
from gptfix.llm.client import ChatClient, LLMCancelled, LLMError, configured
from gptfix.llm.sections import facts_text
from gptfix.model import Applicability, Fix, Script
from gptfix.settings import Settings

NO_ENDPOINT = (
    "no LLM endpoint configured: set OPENAI_API_KEY (OpenAI), or OPENAI_BASE_URL / "
    "[tool.gptfix] base_url for a local server (e.g. http://localhost:11434/v1 for Ollama)"
)
#: Outcomes of a request: "verified" is the only one that offers a change.
OUTCOMES = ("verified", "unverified", "not_applied", "not_addressed")


@dataclass
class AskRound:
    """One request to the LLM and what became of its answer."""

    number: int
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    cached: bool = False
    context_tokens: int = 0  #: the request as gptfix counted it before sending
    explanation: str = ""
    applied: bool = False
    problem: str | None = None  #: why this round's change is not offered (None: verified)
    stage: str = ""  #: how far it got: "answer", "applied", "addressed", then verifier stages
    check: ChangeCheck | None = None
    new_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        v = self.check.verification if self.check else None
        fc = self.check.forecast if self.check else None
        return {
            "round": self.number,
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "cost_usd": self.cost_usd,
            "cached": self.cached,
            "context_tokens": self.context_tokens,
            "explanation": self.explanation,
            "applied": self.applied,
            "verified": bool(v and v.verified),
            "stages": v.stages if v else [],
            "problem": self.problem,
            "forecast": fc.to_json() if fc else None,
        }


@dataclass
class AskResult:
    """The outcome of a change request: the verified change, or the best attempt and why."""

    request: str
    endpoint: str
    model: str
    outcome: str = "not_applied"  #: one of :data:`OUTCOMES`
    change: Fix | None = None  #: verified; the only thing to offer
    best: Fix | None = None  #: the attempt that got furthest, when none verified
    reason: str | None = None  #: why ``best`` is not offered
    explanation: str = ""  #: one line for the action title
    rounds: list[AskRound] = field(default_factory=list)
    facts: ChangeFacts | None = None
    original: str = ""

    @property
    def prompt_tokens(self) -> int:
        return sum(r.prompt_tokens for r in self.rounds)

    @property
    def completion_tokens(self) -> int:
        return sum(r.completion_tokens for r in self.rounds)

    @property
    def proposal(self) -> Fix | None:
        return self.change or self.best

    def diff(self, name: str = "script.py") -> str:
        fix = self.proposal
        return unified_diff(self.original, fix.new_text, name) if fix else ""

    def to_json(self) -> dict[str, Any]:
        fix = self.proposal
        return {
            "request": self.request,
            "endpoint": self.endpoint,
            "model": self.model,
            "outcome": self.outcome,
            "verified": self.change is not None,
            "explanation": self.explanation,
            "reason": self.reason,
            "change": fix.to_json() if fix else None,
            "diff": self.diff(),
            "rounds": [r.to_json() for r in self.rounds],
            "tokens": {"prompt": self.prompt_tokens, "completion": self.completion_tokens},
            "facts": self.facts.to_json() if self.facts else None,
        }


def endpoint_of(settings: Settings) -> str:
    return settings.base_url or "https://api.openai.com/v1"


def explanation_of(answer: str, limit: int = 100) -> str:
    """The answer's first sentence outside its code blocks, on one line."""
    prose = parse_answer(answer).prose
    for raw in prose.splitlines():
        text = re.sub(r"[*_`#>]+", "", raw).strip(" -:")
        if len(text) < 4:
            continue
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0].rstrip(".:")
        return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"
    return ""


def ask(
    script: Script,
    request: str,
    settings: Settings,
    *,
    line: int | None = None,
    end_line: int | None = None,
    gpu_mem_gb: float | None = None,
    max_rounds: int = 2,
    progress: Callable[[str], None] | None = None,
    cancel: threading.Event | None = None,
    api_key: str | None = None,
    timeout: float = 120.0,
    facts: ChangeFacts | None = None,
) -> AskResult:
    """Ask the configured LLM for ``request`` on ``script``; verify before offering.

    Raises :class:`GptfixError` for an empty request (``EXIT_EMPTY_REQUEST``), no endpoint
    configured (``EXIT_NO_ENDPOINT``) and an endpoint that fails before any answer came
    (``EXIT_LLM``). ``facts`` (of the script as it is) are measured when not given.
    """
    say = progress or (lambda _msg: None)
    if not request.strip():
        raise GptfixError("the change request is empty: say what to change", EXIT_EMPTY_REQUEST)
    if not configured(settings, api_key):
        raise GptfixError(NO_ENDPOINT, EXIT_NO_ENDPOINT)
    result = AskResult(request.strip(), endpoint_of(settings), settings.model)
    result.original = script.text
    if facts is None:
        say("building the model to measure it")
        facts = gather_facts(script, settings, gpu_mem_gb=gpu_mem_gb, cancel=cancel)
    result.facts = facts
    client = ChatClient(settings, api_key=api_key, timeout=timeout)
    counter = get_counter(settings.model, allow_download=False)
    current, feedback = script, None
    best: AskRound | None = None
    for number in range(1, max(1, max_rounds) + 1):
        rnd = AskRound(number)
        result.rounds.append(rnd)
        ctx = build_change_context(
            current,
            request,
            settings.token_budget,
            facts=facts,
            line=line,
            end_line=end_line,
            feedback=feedback,
            counter=counter,
            model=settings.model,
        )
        rnd.context_tokens = ctx.total_tokens
        say(f"asking {settings.model} (round {number} of {max_rounds})")
        try:
            completion = client.complete(ctx.messages(), cancel=cancel)
        except LLMCancelled:
            raise GptfixError("cancelled", 130) from None
        except LLMError as exc:
            if best is None and number == 1:
                raise GptfixError(exc.message, EXIT_LLM) from None
            rnd.problem = f"the LLM endpoint failed: {exc.message}"
            break
        usage = completion.usage
        rnd.prompt_tokens, rnd.completion_tokens = usage.prompt_tokens, usage.completion_tokens
        rnd.cost_usd, rnd.cached = usage.cost_usd, completion.cached
        rnd.explanation = explanation_of(completion.text)
        rnd.stage = "answer"
        feedback = _round(rnd, script, current, completion.text, request, facts, settings, line, end_line, say)  # fmt: skip
        if best is None or _rank(rnd) >= _rank(best):
            best = rnd
        if rnd.problem is None:
            break
        if rnd.new_text is not None and _rank(rnd) > _rank_of("applied"):
            # the next round sees its change in place; one that missed the request is dropped
            current = Script(script.path, rnd.new_text, script.version)
        else:
            current = script
        if cancel is not None and cancel.is_set():
            raise GptfixError("cancelled", 130)
    _conclude(result, best, settings)
    return result


def _round(
    rnd: AskRound,
    script: Script,
    current: Script,
    answer: str,
    request: str,
    facts: ChangeFacts,
    settings: Settings,
    line: int | None,
    end_line: int | None,
    say: Callable[[str], None],
) -> str | None:
    """Apply, check and verify one answer; the next round's feedback (None when verified)."""
    # a request about the data may bring new data; a fix or an unrelated request may not
    applied = apply_answer(
        current.text, answer, at_line=line, new_data_ok="data" in request_areas(request)
    )
    if not applied.ok or applied.new_text is None:
        rnd.problem = f"the answer could not be applied: {applied.refusal}"
        return prompts.REFUSED_FEEDBACK.format(reason=applied.refusal)
    rnd.applied, rnd.stage, rnd.new_text = True, "applied", applied.new_text
    # lines are those of the original script when a selection was given
    unaddressed = not_addressed(
        request, script.text, applied.new_text, line=line, end_line=end_line
    )
    if unaddressed is not None:
        rnd.problem = f"the change does not address the request: {unaddressed}"
        return prompts.CHANGE_NOT_ADDRESSED.format(problem=rnd.problem)
    rnd.stage = "addressed"
    say(f"verifying round {rnd.number}: building and smoke-running the changed script")
    fix = Fix("", applied.new_text, f"llm:{settings.model}", Applicability.UNSAFE)
    rnd.check = check = verify_change(script, fix, settings, gpu_memory_gib=facts.gpu_memory_gib)
    v = check.verification
    rnd.stage = v.stages[-1] if v.stages else "addressed"
    if v.verified and "model" in request_areas(request) and same_model(facts.build, check.build):
        v.verified, rnd.stage = False, "applied"
        v.reason = "the model as built is the same as before: the change does not alter it"
        rnd.problem = f"the change does not address the request: {v.reason}"
        return prompts.CHANGE_NOT_ADDRESSED.format(problem=rnd.problem)
    if v.verified:
        return None
    rnd.problem = v.reason or "it did not pass verification"
    return prompts.CHANGE_FEEDBACK.format(problem=_problem_text(check, applied.new_text))


def _problem_text(check: ChangeCheck, text: str) -> str:
    """The error on its line, with the runtime facts, for the next round."""
    v = check.verification
    out = [v.reason or "it did not pass verification"]
    failure = v.new_failure
    if failure is not None:
        lines = text.split("\n")
        if failure.location and 0 < failure.location.line <= len(lines):
            at = failure.location.line
            out.append(f"It fails at line {at}: `{lines[at - 1].strip()}`")
        out.append(f"{failure.type}: {failure.message.strip()[:1200]}")
        facts = facts_text(failure)
        if facts:
            out.append("Runtime facts:\n" + facts)
    elif check.forecast is not None and check.forecast.remedies:
        out.append("Ways to make it fit: " + "; ".join(check.forecast.remedies[:3]))
    return "\n".join(out)


_STAGES = [
    "", "answer", "applied", "addressed", "parse", "names", "screen", "build", "smoke", "memory"
]  # fmt: skip


def _rank_of(stage: str) -> int:
    return _STAGES.index(stage) if stage in _STAGES else 0


def _rank(rnd: AskRound) -> int:
    return _rank_of(rnd.stage)


def _conclude(result: AskResult, best: AskRound | None, settings: Settings) -> None:
    if best is None:
        return
    result.explanation = best.explanation
    if best.new_text is None:
        result.outcome, result.reason = "not_applied", best.problem
        return
    origin = f"llm:{settings.model}"
    title = f"AI change ({settings.model}): {best.explanation or result.request}"
    verification = best.check.verification if best.check else None  # the verifier's
    fix = Fix(
        title, best.new_text, origin, Applicability.UNSAFE, [], verification, f"ask-{best.number}"
    )
    tokens = f"{result.prompt_tokens} tokens in, {result.completion_tokens} out"
    fix.evidence = [f"request: {result.request}", f"{len(result.rounds)} round(s), {tokens}"]
    fc = best.check.forecast if best.check else None
    if fc is not None:
        fix.evidence.append(f"training memory forecast: {fc.total / 1024**3:.2f} GiB")
    if best.problem is None:
        result.outcome, result.change = "verified", fix
        return
    fix.applicability = Applicability.SUGGESTION
    result.best, result.reason = fix, best.problem
    addressed = best.stage not in ("answer", "applied")
    result.outcome = "unverified" if addressed else "not_addressed"
