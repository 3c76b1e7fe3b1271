"""gptfix inside python-lsp-server: the same diagnostics, quick fixes and commands as ``gptfix lsp``.

Bridges pylsp's hooks (``pylsp_lint``, ``pylsp_code_actions``, ``pylsp_commands``,
``pylsp_execute_command``) and the pieces ``gptfix lsp`` uses too: the command table
(:mod:`gptfix.service.table`) for the command ids and their arguments, the shared
handlers (:mod:`gptfix.lsp.handlers`) and the shared code actions
(:mod:`gptfix.lsp.actions`). pylsp has no ``codeAction/resolve``, so quick fixes carry
their edits up front; recipes and AI fixes are commands that apply through
``workspace/applyEdit``. Each command runs in its own thread and can be cancelled
(:func:`gptfix.lsp.pylsp_compat.cancellable`). Errors are answered as JSON-RPC errors without a traceback.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from lsprotocol import types
from pylsp import hookimpl
from pylsp_jsonrpc.exceptions import JsonRpcInternalError, JsonRpcInvalidParams

from gptfix.errors import GptfixError
from gptfix.lsp import actions, ask, pylsp_compat
from gptfix.lsp import pylsp_shell as shell
from gptfix.service import recipe_ops, table

log = logging.getLogger(__name__)


@hookimpl
def pylsp_settings(config: Any) -> dict[str, Any]:
    return {"plugins": {"gptfix": {"enabled": True}}}


@hookimpl
def pylsp_shutdown(config: Any, workspace: Any) -> None:
    """Stop commands and verification runs (their scripts are killed) before pylsp exits."""
    shell.state_of(workspace).stop()


@hookimpl
def pylsp_commands(config: Any, workspace: Any) -> list[str]:
    return list(table.PYLSP_IDS)


@hookimpl
def pylsp_lint(config: Any, workspace: Any, document: Any, is_saved: bool) -> list[dict[str, Any]]:
    return shell.lint(workspace, document)


@hookimpl
def pylsp_code_actions(
    config: Any, workspace: Any, document: Any, range: dict[str, Any], context: dict[str, Any]
) -> list[dict[str, Any]]:
    """Quick fixes for gptfix diagnostics (edits up front) and the recipes that apply here."""
    state = shell.state_of(workspace)
    params = shell._CONVERTER.structure(
        {"textDocument": {"uri": document.uri}, "range": range, "context": context},
        types.CodeActionParams,
    )
    now = shell.listing(config, workspace, document)
    with state.store.lock:
        found = list(state.store.doc(document.uri).findings)
    model = ask.model_of(state.index(workspace, document))  # the last index that parsed
    listed = actions.code_actions(now, found, _recipes(state, document), params, model)
    return [shell.plain(a) for a in listed]


def _recipes(state: shell.PluginState, document: Any) -> list[Any]:
    doc_state = state.store.doc(document.uri)
    if doc_state.recipes_version != document.version or not doc_state.recipes:
        try:
            doc_state.recipes = list(recipe_ops.recipe_matches(document.source, document.path))
        except Exception as exc:
            log.info("gptfix recipes: %s", exc)
            doc_state.recipes = []
        doc_state.recipes_version = document.version
    return list(doc_state.recipes)


@hookimpl
def pylsp_execute_command(
    config: Any, workspace: Any, command: str, arguments: list[Any] | None
) -> Any:
    """gptfix's commands, each in its own thread (the client's ``$/cancelRequest`` stops
    it, see :func:`gptfix.lsp.pylsp_compat.cancellable`); None for commands not gptfix's."""
    if command not in table.PYLSP_IDS:
        return None
    args = list(arguments or [])

    def run(cancel: threading.Event) -> Any:
        try:
            return shell.execute(config, workspace, command, args, cancel)
        except GptfixError as exc:
            workspace.show_message(f"gptfix: {exc.message}", types.MessageType.Warning)
            raise JsonRpcInvalidParams(message=f"{command}: {exc.message}") from None
        except Exception as exc:  # answered without the traceback (it goes to the log)
            log.exception("%s failed", command)
            raise JsonRpcInternalError(message=f"{command}: {type(exc).__name__}: {exc}") from None

    return pylsp_compat.cancellable(run)
