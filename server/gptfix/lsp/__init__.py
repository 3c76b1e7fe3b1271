"""The language server shell: pygls/lsprotocol wiring over the gptfix core (``gptfix lsp``)."""

from __future__ import annotations

from gptfix.lsp.server import GptfixLanguageServer, create_server, start

__all__ = ["GptfixLanguageServer", "create_server", "start"]
