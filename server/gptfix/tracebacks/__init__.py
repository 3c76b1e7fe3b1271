"""Tracebacks and logs -> located failures: the parser, the log reader, the locator.

Bridges text printed by a run anywhere (this machine, Kaggle, Colab, a GPU box's
``nohup.out``) and the core's :class:`gptfix.model.Failure` / :class:`Diagnosis`.
Pure Python: never imports TensorFlow.
"""

from __future__ import annotations

from gptfix.tracebacks.classify import classify
from gptfix.tracebacks.diagnosis import diagnose_log, summarize, to_diagnosis
from gptfix.tracebacks.locate import locate
from gptfix.tracebacks.logs import clean_text, read_log
from gptfix.tracebacks.parse import parse_log

__all__ = [
    "classify",
    "clean_text",
    "diagnose_log",
    "locate",
    "parse_log",
    "read_log",
    "summarize",
    "to_diagnosis",
]
