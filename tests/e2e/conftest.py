"""pytest-lsp sessions with `gptfix lsp` (fixtures come from e2e_helpers)."""

from __future__ import annotations

from e2e_helpers import client, vscode

__all__ = ["client", "vscode"]
