"""Editors' "Ask AI to change this…": the code action, once for both language servers.

The action is listed on the model-building code (from the document's index) or on any
selection, when an LLM is configured; listing never calls the LLM. It carries the
command ``gptfix.ask`` (uri, {"line", "endLine"}) without a request: the VS Code
extension asks for it in an input box and adds ``"request"``; other editors send the
command with the request text themselves (uri, {"request", "line"?, "endLine"?,
"gpuMem"?, "maxRounds"?}). The command itself is the shared handler
:func:`gptfix.lsp.handlers.ask` (the command table's ``ask`` row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types

from gptfix.llm.change_context import model_lines
from gptfix.lsp.actions import Listing, wanted
from gptfix.service import ops

ASK_KIND = "refactor.rewrite.gptfix.ask"
COMMAND = "gptfix.ask"


def model_of(index: Any) -> set[int]:
    """The 1-based lines of the model-building code in a script index (None: none)."""
    return set(model_lines(index)) if index is not None else set()


def actions(
    listing: Listing,
    model: set[int],
    rng: types.Range,
    lines: tuple[int, int],
    only: Sequence[str] | None,
) -> list[types.CodeAction]:
    """The "Ask AI to change this…" action for ``lines`` (0-based, inclusive), if it applies."""
    if not wanted(ASK_KIND, only) or not ops.llm_configured(listing.settings, listing.api_key):
        return []
    first, last = lines[0] + 1, lines[1] + 1
    selection = rng.start != rng.end
    if not selection and not model & set(range(first, last + 1)):
        return []
    where: dict[str, Any] = {"line": first}
    if selection and last > first:
        where["endLine"] = last
    model_name = listing.settings.model
    title = f"gptfix: Ask AI to change this… ({model_name}; verified before applying)"
    command = types.Command(
        title="Ask AI to change this…", command=COMMAND, arguments=[listing.uri, where]
    )
    return [types.CodeAction(title=title, kind=ASK_KIND, command=command)]
