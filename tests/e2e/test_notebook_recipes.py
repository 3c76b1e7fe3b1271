"""Recipes and "Ask AI" on the cells of an open notebook, and what closing it forgets.

The notebook's program is indexed as the editor has it: recipe code actions appear on
the cell that builds the model, ``gptfix.listRecipes`` names cells and cell lines, and
resolving a recipe edits the cells it changes (one WorkspaceEdit over cell documents).
"""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from e2e_helpers import apply_text_edits, command, edits_for, open_notebook
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"
ATTENTION = "refactor.rewrite.gptfix.attention"
ASK = "refactor.rewrite.gptfix.ask"


def _notebook(tmp_path: Path, edit=lambda text: text) -> Path:  # type: ignore[no-untyped-def]
    """A trainable copy of the VS Code fixture notebook (its `lr=` bug fixed)."""
    path = tmp_path / "adam-lr-vscode.ipynb"
    text = (NOTEBOOKS / path.name).read_text(encoding="utf-8")
    path.write_text(edit(text.replace("Adam(lr=CFG.lr)", "Adam(learning_rate=CFG.lr)")))
    shutil.copystat(NOTEBOOKS / path.name, path)
    return path


async def _actions(client: LanguageClient, uri: str, line: int, kind: str) -> list[Any]:
    """The actions of ``kind`` listed at ``line`` of ``uri`` (a command-only action may
    come back structured as a Command: "Ask AI" is told by its command)."""
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=[], only=[kind]),
        )
    )
    return [
        a
        for a in result or []
        if getattr(a, "kind", None) == kind or (kind == ASK and "gptfix.ask" in str(a.command))
    ]


async def _until(client: LanguageClient, uri: str, line: int, kind: str) -> Any:
    loop = asyncio.get_running_loop()
    end = loop.time() + 30
    while True:
        found = await _actions(client, uri, line, kind)
        if found:
            return found[0]
        assert loop.time() < end, f"no {kind} action on line {line} of {uri}"
        await asyncio.sleep(0.2)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


@pytest.mark.tf
async def test_a_recipe_is_offered_on_the_model_cell_and_edits_the_cells_it_changes(
    vscode: LanguageClient, tmp_path: Path
):
    path = _notebook(tmp_path)
    uri, cell_uris, texts = open_notebook(vscode, path)
    model_cell = 2  # `def build_model()`
    pooling = _line_of(texts[model_cell], "GlobalAveragePooling2D")
    action = await _until(vscode, cell_uris[model_cell], pooling, ATTENTION)
    # only where the recipe acts: not on the imports cell
    assert not await _actions(vscode, cell_uris[1], 0, ATTENTION)

    listed = await command(vscode, "gptfix.listRecipes", cell_uris[model_cell])
    attention = next(e for e in listed if e["id"] == "attention")
    assert [(c["number"], c["line"]) for c in attention["cells"]] == [(3, pooling + 1)]
    assert attention["where"].startswith(f"cell 3, line {pooling + 1}: ")

    resolved = await vscode.code_action_resolve_async(action)
    assert resolved.edit is not None, [m.message for m in vscode.messages]
    touched = {c.text_document.uri for c in resolved.edit.document_changes or []}
    assert cell_uris[model_cell] in touched and touched <= set(cell_uris)
    assert uri not in touched  # cells are edited, never the notebook file
    new_cells = {}
    for i in sorted(cell_uris.index(t) for t in touched):
        edits, version = edits_for(resolved.edit, cell_uris[i])
        assert version == 1
        new_cells[i] = apply_text_edits(texts[i], edits)
    assert "se_block(x" in new_cells[model_cell]
    # the cells as edited are one program that parses, with the helper defined before use
    program = "\n".join(new_cells.get(i, texts[i]) for i in range(1, len(texts)))
    compile(program, "notebook", "exec")


async def test_ask_on_the_model_cell_and_closing_forgets_its_last_good_index(
    vscode: LanguageClient, tmp_path: Path
):
    path = _notebook(tmp_path)
    await command(vscode, "gptfix.setApiKey", "sk-test-notebook-0123")  # lists "Ask AI"
    uri, cell_uris, texts = open_notebook(vscode, path)
    model_cell = 2
    conv = _line_of(texts[model_cell], "layers.Conv2D(16")
    await _until(vscode, cell_uris[model_cell], conv, ASK)  # the model's lines, on the cell

    # while the notebook is open, a cell that does not parse keeps the last good index
    broken = texts[model_cell] + "\n    x = (\n"
    vscode.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(
                                uri=cell_uris[model_cell], version=2
                            ),
                            changes=[types.TextDocumentContentChangeWholeDocument(text=broken)],
                        )
                    ]
                )
            ),
        )
    )
    await asyncio.sleep(1.5)  # debounce and reindex
    assert await _actions(vscode, cell_uris[model_cell], conv, ASK)

    # closed, then opened again as it is on disk now (the broken cell saved): nothing stale
    vscode.notebook_document_did_close(
        types.DidCloseNotebookDocumentParams(
            notebook_document=types.NotebookDocumentIdentifier(uri=uri),
            cell_text_documents=[types.TextDocumentIdentifier(uri=u) for u in cell_uris],
        )
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"][model_cell]["source"] = broken
    path.write_text(json.dumps(data), encoding="utf-8")
    uri, cell_uris, texts = open_notebook(vscode, path)
    loop = asyncio.get_running_loop()
    end = loop.time() + 2.0  # well past the debounce and the reindex
    while loop.time() < end:
        shown = await _actions(vscode, cell_uris[model_cell], conv, ASK)
        assert not shown, "the closed notebook's last good index was kept"
        await asyncio.sleep(0.2)
