"""The offline repair engine: rules, the run -> fix -> rerun loop, memory forecast.

Bridges located failures (from the runner or a log) and verified fixes (checked by
:mod:`gptfix.verify`) for the CLI, the language server and the LLM layer, which plugs
its own fixer into the loop.
"""

from __future__ import annotations

from gptfix.repair.fixers import Fixer, default_fixers, rule_fixer
from gptfix.repair.loop import fix_loop
from gptfix.repair.memory import Forecast, forecast
from gptfix.repair.rules import RULES, candidate_fixes

__all__ = [
    "RULES",
    "Fixer",
    "Forecast",
    "candidate_fixes",
    "default_fixers",
    "fix_loop",
    "forecast",
    "rule_fixer",
]
