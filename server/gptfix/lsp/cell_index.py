"""Recipes and the model's lines on the cells of an open notebook (``gptfix lsp``).

Bridges the index and recipe matches, which read one program, and an editor's
notebook, whose cells are separate documents. When a notebook opens or a cell changes
(debounced), its program, built from the cells as the editor has them, is indexed
through :func:`gptfix.service.ops.document_index` and matched against the recipes;
each code cell's state then holds the matches that lie in it, on its own lines, and
the program's index with the cell's place in it (for "Ask AI to change this…"). So
recipe code actions appear on the cell that builds the model; resolving one applies
the recipe to the program, verifies it there, and edits every cell it changes (one
WorkspaceEdit over the cell documents, each at its version). Closing the notebook
forgets its index (:func:`forget`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types

from gptfix.errors import GptfixError
from gptfix.lsp import actions, diagnostics
from gptfix.model import Script
from gptfix.notebook.editor import EditorNotebook, cell_fix, notebook_path, program_lines
from gptfix.service import ops, recipe_ops

if TYPE_CHECKING:
    from gptfix.lsp.server import GptfixLanguageServer

log = logging.getLogger(__name__)


def schedule(ls: GptfixLanguageServer, notebook_uri: str) -> None:
    """Index the notebook once the user has paused typing (on the event loop)."""
    state = ls.store.doc(notebook_uri)
    if state.timer is not None:
        state.timer.cancel()
    loop = asyncio.get_running_loop()
    state.timer = loop.call_later(diagnostics.DEBOUNCE_S, _debounced, ls, notebook_uri)


def _debounced(ls: GptfixLanguageServer, notebook_uri: str) -> None:
    from gptfix.lsp.notebooks import open_notebook

    state = ls.store.docs.get(notebook_uri)
    if state is None:
        return  # closed meanwhile
    state.timer = None
    try:
        live = open_notebook(ls, notebook_uri)
    except GptfixError as exc:  # no code cells, not a notebook file: nothing to index
        log.info("notebook %s not indexed: %s", notebook_uri, exc.message)
        return
    if live is not None:
        ls.indexer.submit(index_notebook, ls, live)


def index_notebook(ls: GptfixLanguageServer, live: EditorNotebook) -> None:
    """Worker: index the notebook's program and give each code cell its part of it."""
    text, path = live.program.text, str(live.path)
    try:
        index = ops.document_index(text, path)
        matches = recipe_ops.recipe_matches(text, path) if index.syntax_error is None else None
    except Exception as exc:
        log.info("index for %s not rebuilt: %s", live.uri, exc)
        return
    with ls.store.lock:
        if live.uri not in ls.store.docs:
            return  # closed meanwhile
        for i, cell in live.cells.items():
            on_program = live.program.cell(i)
            if on_program is None:
                continue
            state = ls.store.doc(cell.uri)
            state.index = index
            state.cell_lines = (on_program.header_line, len(on_program.lines))
            if matches is None:
                continue  # keep the last matches that parsed
            state.recipes = _on_cell(matches, on_program.header_line, len(on_program.lines))
            state.recipes_version = cell.version


def _on_cell(matches: list[Any], header: int, count: int) -> list[Any]:
    """The matches that start in the cell, on the cell's lines."""
    out = []
    for m in matches:
        line = m.line - header
        if 1 <= line <= count:
            end = min(max(m.end_line - header, line), count)
            out.append(dataclasses.replace(m, line=line, end_line=end))
    return out


async def resolve_recipe(
    ls: GptfixLanguageServer, now: actions.Listing, recipe_id: str, options: dict[str, str]
) -> types.WorkspaceEdit | None:
    """Apply the recipe to the program of the cell's notebook, build it, and edit the
    cells it changes (``options["line"]``: a line of this cell); None if it fails."""
    from gptfix.lsp.code_actions import verified_recipe  # code_actions imports this module
    from gptfix.lsp.notebooks import open_notebook

    live = open_notebook(ls, now.uri)
    if live is None:
        return None
    where = program_lines(live, now.uri, options, ("line",))
    script = Script(path=live.path, text=live.program.text)
    fix = await verified_recipe(ls, script, recipe_id, where, now.settings)
    if fix is None:
        return None
    on_cell = cell_fix(live, now.uri, fix)
    if on_cell is None:
        ls.show(
            f"gptfix: {fix.title}: does not fit the notebook's cells", types.MessageType.Warning
        )
        return None
    current = ls.workspace.get_text_document(now.uri)
    if current.version != now.version or current.source != now.text:
        return None  # typed meanwhile: the client asks again
    return now.edit(now.text, on_cell)


def forget(ls: GptfixLanguageServer, notebook_uri: str) -> None:
    """Drop the notebook's index from the shared cache (the notebook was closed)."""
    path = notebook_path(notebook_uri)
    if path is not None:
        ops.forget_document(str(path))
