"""The fixers :func:`gptfix.repair.loop.fix_loop` asks each round: the offline rules, and
the LLM when an endpoint or a key is configured (its refused answers collected for the
loop to report, and its pass@2 retry)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from gptfix.model import Failure, Fix, Script
from gptfix.repair.rules import candidate_fixes
from gptfix.settings import Settings

Fixer = Callable[[Script, Failure, Failure | None], list[Fix]]


def rule_fixer(settings: Settings) -> Fixer:
    """The offline rules as a fixer for :func:`fix_loop`."""

    def fixer(script: Script, failure: Failure, previous: Failure | None) -> list[Fix]:
        return candidate_fixes(script, failure, python=settings.interpreter)

    return fixer


class LLMFixer:
    """The LLM as a fixer; the reasons of answers the applier refused collect in
    ``refusals`` for the loop to report (output and JSON rounds); ``on_status`` hears
    the client's retries. ``api_key``: the editor's key (else the environment's)."""

    def __init__(
        self,
        settings: Settings,
        cancel: threading.Event | None = None,
        on_status: Callable[[str], None] | None = None,
        api_key: str | None = None,
    ) -> None:
        self.settings = settings
        self.cancel = cancel
        self.on_status = on_status
        self.api_key = api_key
        self.refusals: list[str] = []

    def __call__(self, script: Script, failure: Failure, previous: Failure | None) -> list[Fix]:
        from gptfix.llm import llm_fixes

        # ``previous`` is what another fixer's rejected candidate ran into: that change is
        # not in the code the model is shown, so it is no "previous change" of the model's
        return list(
            llm_fixes(
                script,
                failure,
                self.settings,
                cancel=self.cancel,
                refusals=self.refusals,
                on_status=self.on_status,
                api_key=self.api_key,
            )
        )

    def retry(
        self, script: Script, failed: Fix, new_failure: Failure | None, failure: Failure
    ) -> list[Fix]:
        """pass@2: the LLM's fixes for where its fix ``failed`` led (the new error)."""
        from gptfix.llm import retry_fixes

        return list(
            retry_fixes(
                script,
                failed,
                new_failure,
                failure,
                self.settings,
                self.cancel,
                self.refusals,
                api_key=self.api_key,
            )
        )


def default_fixers(
    settings: Settings,
    cancel: threading.Event | None = None,
    on_status: Callable[[str], None] | None = None,
    *,
    api_key: str | None = None,
) -> list[Fixer]:
    """The offline rules, then the LLM when an endpoint or a key is configured."""
    from gptfix.llm.client import configured

    fixers = [rule_fixer(settings)]
    if configured(settings, api_key):
        fixers.append(LLMFixer(settings, cancel, on_status, api_key))
    return fixers
