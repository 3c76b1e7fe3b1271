"""textDocument/codeAction and codeAction/resolve in ``gptfix lsp``.

Listing is cheap and shared with the pylsp plugin (:mod:`gptfix.lsp.actions`): it
reads the fixes listed when the diagnostic was published (each title shows its
verification state) and the recipe matches cached by the debounced indexer. Edits
are computed on resolve against the current document version, or up front for
clients that cannot resolve. Recipe transforms run on resolve
(:func:`gptfix.service.recipe_ops.apply_recipe`), or through ``gptfix.applyRecipe``; in a
notebook cell on the notebook's program (:mod:`gptfix.lsp.cell_index`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from lsprotocol import types

from gptfix.errors import GptfixError
from gptfix.lsp import actions, ask, cell_index
from gptfix.model import Fix, Script
from gptfix.notebook.editor import is_cell_uri
from gptfix.service import recipe_ops
from gptfix.settings import Settings

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer


def listing(ls: GptfixLanguageServer, uri: str) -> actions.Listing:
    """The document as it is now and what the client can do, for building actions."""
    doc = ls.workspace.get_text_document(uri)
    path = Path(doc.path) if doc.path else None
    return actions.Listing(
        uri=uri,
        text=doc.source,
        version=doc.version,
        codec=doc.position_codec,
        caps=ls.client_capabilities,
        settings=ls.settings_for(path),
        api_key=ls.api_key,
        other=lambda other: _open_text(ls, other),
    )


def _open_text(ls: GptfixLanguageServer, uri: str) -> tuple[str, int | None] | None:
    """An open document's text and version (a fix that edits several cells needs them)."""
    if unquote(uri) not in ls.workspace.text_documents:  # pygls keys documents unquoted
        return None
    doc = ls.workspace.get_text_document(uri)
    return doc.source, doc.version


def code_actions(
    ls: GptfixLanguageServer, params: types.CodeActionParams
) -> list[types.CodeAction]:
    uri = params.text_document.uri
    with ls.store.lock:
        state = ls.store.doc(uri)
        found, matches, model = (
            list(state.findings),
            list(state.recipes),
            state.model_lines(ask.model_of),
        )
    return actions.code_actions(listing(ls, uri), found, matches, params, model)


async def resolve(ls: GptfixLanguageServer, action: types.CodeAction) -> types.CodeAction:
    """Fill in the edit of a listed action, for the document version it was listed for."""
    data = action.data if isinstance(action.data, dict) else {}
    uri = data.get("uri")
    if not isinstance(uri, str) or action.edit is not None:
        return action
    if unquote(uri) not in ls.workspace.text_documents:  # pygls keys documents unquoted
        return action
    now = listing(ls, uri)
    if data.get("version") != now.version:
        ls.log("gptfix: the document changed since the action was listed; ask again")
        return action
    if data.get("type") == "fix":
        finding = ls.store.finding(uri, str(data.get("key")))
        fix = next((f for f in finding.fixes if f.id == data.get("fix")), None) if finding else None
        if finding is not None and fix is not None:
            action.edit = now.edit(finding.text, fix)
    elif data.get("type") == "recipe":
        line = data.get("line")
        where = {"line": str(line)} if isinstance(line, int) else {}
        if is_cell_uri(uri):  # the recipe acts on the notebook's program
            action.edit = await cell_index.resolve_recipe(ls, now, str(data.get("recipe")), where)
        else:
            action.edit = await _resolve_recipe(ls, now, str(data.get("recipe")), where)
    return action


async def verified_recipe(
    ls: GptfixLanguageServer,
    script: Script,
    recipe_id: str,
    options: dict[str, str],
    settings: Settings,
) -> Fix | None:
    """Apply the recipe on the server's workers and build the patched model: its fix only
    if that passed; otherwise None, with why shown to the user."""
    loop = asyncio.get_running_loop()
    try:
        outcome = await loop.run_in_executor(
            ls.workers, lambda: recipe_ops.apply_recipe(script, recipe_id, options, settings)
        )
    except GptfixError as exc:
        ls.show(f"gptfix: {exc.message}", types.MessageType.Warning)
        return None
    fix = outcome.fix
    if not outcome.verified:
        reason = fix.verification.reason if fix.verification else "not verified"
        ls.show(f"gptfix: {fix.title}: not applied ({reason})", types.MessageType.Warning)
        return None
    return fix


async def _resolve_recipe(
    ls: GptfixLanguageServer, now: actions.Listing, recipe_id: str, options: dict[str, str]
) -> types.WorkspaceEdit | None:
    """Apply the recipe and build the patched model; the edit only if that passed."""
    doc = ls.workspace.get_text_document(now.uri)
    script = Script(path=Path(doc.path), text=now.text, version=now.version)
    fix = await verified_recipe(ls, script, recipe_id, options, now.settings)
    if fix is None or ls.workspace.get_text_document(now.uri).version != now.version:
        return None
    return now.edit(now.text, fix)


def register(ls: GptfixLanguageServer) -> None:
    @ls.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=actions.KINDS, resolve_provider=True),
    )
    def on_code_action(
        ls: GptfixLanguageServer, params: types.CodeActionParams
    ) -> list[types.CodeAction]:
        return code_actions(ls, params)

    @ls.feature(types.CODE_ACTION_RESOLVE)
    async def on_resolve(ls: GptfixLanguageServer, params: types.CodeAction) -> types.CodeAction:
        return await resolve(ls, params)
