"""The recipes' name for :func:`gptfix.runner.probe.signatures` (the one interpreter probe).

Kept so the recipe modules import it as before; the probe, its program and its one
cache live in :mod:`gptfix.runner.probe`.
"""

from __future__ import annotations

from gptfix.runner.probe import Signature
from gptfix.runner.probe import signatures as probe

__all__ = ["Signature", "probe"]
