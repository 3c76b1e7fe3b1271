"""LLM fixes for the repair loop: context -> chat request -> answer applied -> :class:`Fix`.

Bridges :mod:`gptfix.repair` (which verifies every fix the same way, rules or LLM) and
the LLM parts here. Every request carries the current code; nothing relies on chat
memory. ``feedback`` is the failure a previous LLM fix ran into (pass@2, the code shown
has that fix in it) or the reason its answer did not fit (sent back once; every refusal
is reported to the caller). Fixes from here are never ``SAFE``. With no endpoint or key
configured this returns no fixes and makes no network call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlparse

from gptfix.llm import prompts
from gptfix.llm.apply import ApplyResult, apply_answer
from gptfix.llm.budget import get_counter
from gptfix.llm.client import ChatClient, Completion, LLMError, configured
from gptfix.llm.context import Context, build_context
from gptfix.model import Applicability, Failure, Fix, Script
from gptfix.redact import leaves_placeholder, restore
from gptfix.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Attempt:
    """One LLM round: what was sent, what came back, and what it became."""

    context: Context | None = None
    completion: Completion | None = None
    failure: LLMError | None = None  #: the endpoint's failure, when there was one
    applied: ApplyResult | None = None
    error: str | None = None
    fixes: list[Fix] = field(default_factory=list)


_STILL_FAILS = Failure(type="Failure", message="the script still fails the same way")


def feedback_text(feedback: Failure | str | None) -> str | None:
    """The prompt paragraph for a failed previous attempt of the model itself.

    A :class:`Failure` is what the model's previous change, present in the code shown,
    ran into; a string is why its previous answer could not be applied (nothing of it is
    in the code shown). Nothing else is ever described as "your previous change".
    """
    if feedback is None:
        return None
    if isinstance(feedback, str):
        return prompts.REFUSED_FEEDBACK.format(reason=feedback.rstrip("."))
    where = f" (line {feedback.location.line})" if feedback.location else ""
    return prompts.FEEDBACK.format(
        failure=f"{feedback.type}{where}: {feedback.message.strip()[:1500]}"
    )


def _is_local(base_url: str | None) -> bool:
    if not base_url:
        return False
    host = urlparse(base_url).hostname or ""
    return (
        host in ("localhost", "127.0.0.1", "::1")
        or host.endswith(".local")
        or host.startswith(("10.", "192.168.", "172."))
    )


def llm_attempt(
    script: Script,
    failure: Failure | None,
    settings: Settings,
    feedback: Failure | str | None = None,
    cancel: threading.Event | None = None,
    *,
    api_key: str | None = None,
    client: ChatClient | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_status: Callable[[str], None] | None = None,
) -> Attempt:
    """One request and its outcome, with the details :func:`llm_fixes` leaves out.

    ``on_progress(chars received)`` is called while the answer streams in;
    ``on_status(line)`` hears retries and why.
    """
    attempt = Attempt()
    if client is None and not configured(settings, api_key):
        attempt.error = "no LLM configured (set OPENAI_API_KEY or OPENAI_BASE_URL)"
        return attempt
    # tiktoken's files may be fetched (with a deadline) only when the chat itself goes out to
    # the network; a local endpoint means the user wants nothing else to leave the machine
    counter = get_counter(settings.model, allow_download=not _is_local(settings.base_url))
    attempt.context = build_context(
        script,
        failure,
        settings.token_budget,
        counter=counter,
        feedback=feedback_text(feedback),
        model=settings.model,
    )
    client = client or ChatClient(settings, api_key=api_key)
    try:
        attempt.completion = client.complete(
            attempt.context.messages(),
            cancel=cancel,
            on_progress=on_progress,
            on_status=on_status,
            base=script.path.parent,
        )
    except LLMError as exc:
        exc.origin = f"llm:{settings.model}"
        attempt.error = exc.message
        attempt.failure = exc
        return attempt
    at_line = failure.location.line if failure and failure.location else None
    # the model saw the redacted script: its echoes of those lines get the real text back
    answer = restore(script.text, attempt.completion.text, script.path.parent)
    attempt.applied = apply_answer(script.text, answer, at_line=at_line)
    if not attempt.applied.ok or attempt.applied.new_text is None:
        attempt.error = f"answer did not fit: {attempt.applied.refusal}"
        return attempt
    if leaves_placeholder(script.text, attempt.applied.new_text):
        attempt.applied.refusal = "it writes a redacted placeholder into the script"
        attempt.applied.new_text = None
        attempt.error = f"answer did not fit: {attempt.applied.refusal}"
        return attempt
    usage = attempt.completion.usage
    evidence = [f"endpoint: {client.endpoint} (model {settings.model})"]
    evidence += [f"{n.answer} -> {n.script}: {n.evidence}" for n in attempt.applied.names]
    evidence.append(
        f"tokens: {usage.prompt_tokens} in, {usage.completion_tokens} out"
        + (f", ${usage.cost_usd:.4f}" if usage.cost_usd is not None else "")
        + (" (cached answer)" if attempt.completion.cached else "")
    )
    summary = "; ".join(e.summary for e in attempt.applied.edits[:3]) or "edit from the LLM"
    attempt.fixes.append(
        Fix(
            title=f"LLM ({settings.model}): {summary}",
            new_text=attempt.applied.new_text,
            origin=f"llm:{settings.model}",
            applicability=Applicability.UNSAFE,
            evidence=evidence,
            id="llm-1",
        )
    )
    return attempt


def llm_fixes(
    script: Script,
    failure: Failure | None,
    settings: Settings,
    feedback: Failure | str | None = None,
    cancel: threading.Event | None = None,
    refusals: list[str] | None = None,
    on_status: Callable[[str], None] | None = None,
    api_key: str | None = None,
) -> list[Fix]:
    """Fixes proposed by the configured LLM for ``failure`` (unverified; never SAFE).

    ``feedback`` must describe the code shown (``script``): a failure its own previous
    change led to, or why its previous answer did not fit. An answer the applier refuses
    is sent back once with the reason; every refusal's reason is appended to ``refusals``
    so the caller can report it. Raises :class:`LLMError` when the endpoint failed (its
    cause in one line), so the caller can say it rather than report "no fix".
    """
    attempt = llm_attempt(
        script, failure, settings, feedback, cancel, api_key=api_key, on_status=on_status
    )
    if attempt.failure is not None:
        raise attempt.failure
    if attempt.error:
        log.info("gptfix llm: %s", attempt.error)
    refused = _refusal(attempt)
    if refused is None:
        return attempt.fixes
    if refusals is not None:
        refusals.append(refused)
    if isinstance(feedback, str) or (cancel is not None and cancel.is_set()):
        return []  # already a second answer after a refusal: report it, ask no more
    again = llm_attempt(
        script, failure, settings, refused, cancel, api_key=api_key, on_status=on_status
    )
    if again.failure is not None:
        raise again.failure
    refused_again = _refusal(again)
    if refused_again is not None and refusals is not None:
        refusals.append(refused_again)
    for fix in again.fixes:
        fix.evidence.insert(0, f"second answer, after the first did not fit: {refused}")
    return again.fixes


def _refusal(attempt: Attempt) -> str | None:
    """The applier's reason when the model answered but the answer was refused."""
    if attempt.applied is not None and not attempt.applied.ok:
        return attempt.applied.refusal or "the answer did not fit the script"
    return None


def retry_fixes(
    script: Script,
    failed: Fix,
    new_failure: Failure | None,
    original: Failure | None,
    settings: Settings,
    cancel: threading.Event | None = None,
    refusals: list[str] | None = None,
    api_key: str | None = None,
) -> list[Fix]:
    """pass@2: the LLM's fix ``failed`` verification; ask once more, from where it led.

    The model is shown the script with its change applied (``failed.new_text``) and the
    failure that run hit (``new_failure``, or the ``original`` one when it did not go
    away). The fixes returned patch the original script (they include both changes).
    """
    patched = Script(script.path, failed.new_text, script.version)
    still = new_failure or original
    fixes = llm_fixes(
        patched,
        still,
        settings,
        feedback=still or _STILL_FAILS,
        cancel=cancel,
        refusals=refusals,
        api_key=api_key,
    )
    for fix in fixes:
        fix.id = "llm-2"
        fix.evidence.insert(0, "second attempt, after the first LLM fix failed verification")
    return fixes
