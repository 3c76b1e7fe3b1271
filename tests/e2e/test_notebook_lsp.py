"""A notebook in the editor (LSP 3.17 notebook sync): the diagnostic on the cell, the fix edits it."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest
from e2e_helpers import (
    apply_text_edits,
    code_actions,
    command,
    edits_for,
    gptfix_diagnostics,
    open_notebook,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"


@pytest.mark.tf
async def test_notebook_failure_is_on_the_cell_and_its_quick_fix_edits_the_cell(
    vscode: LanguageClient, tmp_path: Path
):
    path = tmp_path / "adam-lr-vscode.ipynb"
    shutil.copy(NOTEBOOKS / path.name, path)
    uri, cell_uris, texts = open_notebook(vscode, path)

    result = await command(vscode, "gptfix.runNotebook", uri, {"smoke": True})
    assert result["failure"]["type"] == "ValueError"
    assert result["failure"]["location"]["cell"]["number"] == 5

    # the diagnostic sits on the compile cell (index 4), on its `Adam(lr=...)` line
    cell_uri = cell_uris[4]
    await wait_for(lambda: bool(gptfix_diagnostics(vscode, cell_uri)), 10)
    diags = gptfix_diagnostics(vscode, cell_uri)
    assert [d.range.start.line for d in diags] == [2]
    assert all(gptfix_diagnostics(vscode, u) == [] for u in cell_uris if u != cell_uri)

    # the rule's fix, verified on the whole program, is offered as an edit of the cell
    fixes: list[types.CodeAction] = []

    async def verified() -> bool:
        fixes[:] = [
            a
            for a in await code_actions(vscode, cell_uri, diags)
            if isinstance(a, types.CodeAction) and "learning_rate" in a.title
        ]
        return any("[verified" in a.title for a in fixes)

    loop = asyncio.get_running_loop()
    end = loop.time() + 300
    while not await verified():
        assert loop.time() < end, [a.title for a in fixes]
        await asyncio.sleep(1)
    action = next(a for a in fixes if "[verified" in a.title)
    resolved = await vscode.code_action_resolve_async(action)
    assert resolved.edit is not None
    edits, version = edits_for(resolved.edit, cell_uri)
    assert version == 1 and edits
    new_cell = apply_text_edits(texts[4], edits)
    assert new_cell == texts[4].replace("Adam(lr=CFG.lr)", "Adam(learning_rate=CFG.lr)")
    # no other cell is touched by the edit
    touched = {c.text_document.uri for c in resolved.edit.document_changes or []}
    assert touched == {cell_uri}

    # the user applies it: the cell changes, and its diagnostic goes
    vscode.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=cell_uri, version=2),
                            changes=[types.TextDocumentContentChangeWholeDocument(text=new_cell)],
                        )
                    ]
                )
            ),
        )
    )
    await wait_for(lambda: gptfix_diagnostics(vscode, cell_uri) == [], 10)


async def test_the_cells_as_the_editor_has_them_are_run_not_the_file(
    vscode: LanguageClient, tmp_path: Path
):
    path = tmp_path / "eda.ipynb"
    cells = [
        {"cell_type": "markdown", "id": "m0", "metadata": {}, "source": ["# look at the data"]},
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c1",
            "metadata": {},
            "outputs": [],
            "source": ["%matplotlib inline\n", "stats = {'rows': 3}"],
        },
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "c2",
            "metadata": {},
            "outputs": [],
            "source": ["print(stats['rows'])"],
        },
    ]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    before = path.read_bytes()
    uri, cell_uris, _ = open_notebook(vscode, path)
    # an unsaved edit in the editor: the run must see it
    vscode.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(uri=uri, version=2),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(
                                uri=cell_uris[2], version=2
                            ),
                            changes=[
                                types.TextDocumentContentChangeWholeDocument(
                                    text="total = stats['rows']\nprint(stats['cols'])"
                                )
                            ],
                        )
                    ]
                )
            ),
        )
    )
    result = await command(vscode, "gptfix.runNotebook", cell_uris[1], {"smoke": True})
    failure = result["failure"]
    assert failure["type"] == "KeyError"
    assert failure["location"]["cell"] == {"index": 2, "number": 3, "id": None, "line": 2}
    await wait_for(lambda: bool(gptfix_diagnostics(vscode, cell_uris[2])), 10)
    diag = gptfix_diagnostics(vscode, cell_uris[2])[0]
    assert diag.range.start.line == 1
    assert gptfix_diagnostics(vscode, cell_uris[1]) == []
    assert path.read_bytes() == before  # running never writes the notebook


async def test_a_jupyter_log_loaded_on_a_cell_is_shown_on_the_cell_that_ran(
    vscode: LanguageClient, tmp_path: Path
):
    path = tmp_path / "ipython-cells-jupyter.ipynb"
    shutil.copy(NOTEBOOKS / path.name, path)
    _, cell_uris, texts = open_notebook(vscode, path)
    log = NOTEBOOKS.parent / "logs" / "ipython_nocolor.log"
    result = await command(vscode, "gptfix.loadLog", cell_uris[1], {"path": str(log)})
    assert result["shown"] is True, result
    # `Cell In[7], line 2` is the cell saved with execution count 7: the 9th cell
    count7 = next(
        i
        for i, c in enumerate(json.loads(path.read_text())["cells"])
        if c.get("execution_count") == 7
    )
    await wait_for(lambda: bool(gptfix_diagnostics(vscode, cell_uris[count7])), 10)
    (diag,) = gptfix_diagnostics(vscode, cell_uris[count7])
    assert diag.range.start.line == 1
    line = texts[count7].split("\n")[1]
    assert line.strip().startswith("history = model.fit(")
    assert all(gptfix_diagnostics(vscode, u) == [] for u in cell_uris if u != cell_uris[count7])


async def test_the_fix_loop_on_an_open_notebook_says_what_to_use(
    vscode: LanguageClient, tmp_path: Path
):
    path = tmp_path / "adam-lr-vscode.ipynb"
    shutil.copy(NOTEBOOKS / path.name, path)
    before = path.read_bytes()
    uri, cell_uris, _ = open_notebook(vscode, path)
    for target in (uri, cell_uris[4]):
        with pytest.raises(Exception, match="adam-lr-vscode.ipynb is a notebook: use Smoke run"):
            await command(vscode, "gptfix.fixLoop", target, {})
    assert path.read_bytes() == before
