"""Running a user's training script: the public entry point of the runner package.

Bridges callers (CLI, language server, repair loop, recipes) and the user's own Python:
``run_script`` runs a script in a subprocess with the boot hook loaded and returns a
located :class:`~gptfix.model.RunResult`; patched texts run in the sandbox of
:mod:`gptfix.runner.sandbox`, smoke and build runs of long-lived callers fork from
:mod:`gptfix.runner.worker`, and :mod:`gptfix.runner.cleanup` removes what a stopped
gptfix leaves.
"""

from __future__ import annotations

from gptfix.runner.inputs import check_script, resolve_python
from gptfix.runner.run import EXIT_CANCELLED, run_script

__all__ = ["EXIT_CANCELLED", "check_script", "resolve_python", "run_script"]
