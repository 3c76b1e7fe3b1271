"""The one place the pylsp plugin reaches into pylsp, documented and tested.

pylsp publishes every plugin's diagnostics for a document together, from its own
``pylsp_lint`` round; a plugin has no public way to ask for that round after a
command (a run) found something. :func:`relint` asks the server the workspace
belongs to, through ``workspace._endpoint._dispatcher`` (the ``PythonLSPServer``)
and its ``_lint_text_document`` (the undebounced form of its public ``lint``).
tests/lsp/test_library_shims.py fails loudly when pylsp changes under it. Without
that server (pylsp changed), gptfix's diagnostics are published on their own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _linter(workspace: Any) -> Callable[..., None] | None:
    server = getattr(getattr(workspace, "_endpoint", None), "_dispatcher", None)
    lint: Callable[..., None] | None = getattr(server, "_lint_text_document", None)
    return lint


def relint(workspace: Any, uri: str, version: int | None, own: list[dict[str, Any]]) -> None:
    """Publish every linter's diagnostics for ``uri`` (``own``: gptfix's, the fallback)."""
    lint = _linter(workspace)
    if lint is not None:
        lint(uri, workspace, False, version)
    else:
        workspace.publish_diagnostics(uri, own, version)


def available(workspace: Any) -> bool:
    """Whether :func:`relint` reaches pylsp's own lint round (the shim still fits)."""
    return _linter(workspace) is not None
