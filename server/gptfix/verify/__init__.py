"""The one verifier of proposed changes: the public entry point of the verify package.

Bridges every caller that has a change to check -- the repair loop, recipes, the LLM
fixer, the CLI and the editor shells -- and real sandboxed runs of the patched script:
:func:`verify` (parse, names, static screen, build, smoke run, memory forecast) and
:func:`first_verified`. :func:`same_failure` tells whether a run still hits a failure;
:func:`added_risks` is the static screen on its own.
"""

from __future__ import annotations

from gptfix.verify.judge import names_problems, never_bound, same_failure
from gptfix.verify.screen import Risk, added_risks, describe
from gptfix.verify.verifier import BUILD_TIMEOUT, first_verified, verify

__all__ = [
    "BUILD_TIMEOUT",
    "Risk",
    "added_risks",
    "describe",
    "first_verified",
    "names_problems",
    "same_failure",
    "never_bound",
    "verify",
]
