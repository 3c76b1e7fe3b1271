"""The repair rules' name for the one interpreter probe, :mod:`gptfix.runner.probe`.

Kept so the rule modules import it as before; the probe, its program and its one cache
live in :mod:`gptfix.runner.probe`.
"""

from __future__ import annotations

from gptfix.runner.probe import Probe, Signature, clear_cache, signatures

__all__ = ["Probe", "Signature", "clear_cache", "signatures"]
