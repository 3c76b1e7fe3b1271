"""LLM repair: targeted context under a token budget, answers applied with the script's names.

Public API::

    from gptfix.llm import build_context, apply_answer, llm_fixes
    ctx = build_context(script, failure, budget)        # sections, token counts, messages()
    result = apply_answer(script_text, answer_text)     # ApplyResult: new_text or refusal
    fixes = llm_fixes(script, failure, settings, feedback=None, cancel=None)
    more = retry_fixes(script, failed_fix, new_failure, failure, settings)  # pass@2

Only :mod:`gptfix.llm.client` imports ``openai``, and only when a request is made.
"""

from __future__ import annotations

from gptfix.llm.answer import Block, ParsedAnswer, parse_answer
from gptfix.llm.apply import apply_answer
from gptfix.llm.budget import TokenCounter, estimate_tokens, expand_js_tiktoken, get_counter
from gptfix.llm.context import Context, Section, build_context
from gptfix.llm.fixer import Attempt, llm_attempt, llm_fixes, retry_fixes
from gptfix.llm.result import ApplyResult, NameChange
from gptfix.redact import redact

__all__ = [
    "ApplyResult",
    "Attempt",
    "Block",
    "Context",
    "NameChange",
    "ParsedAnswer",
    "Section",
    "TokenCounter",
    "apply_answer",
    "build_context",
    "estimate_tokens",
    "expand_js_tiktoken",
    "get_counter",
    "llm_attempt",
    "llm_fixes",
    "parse_answer",
    "redact",
    "retry_fixes",
]
