"""Real pylsp with the gptfix plugin: the same diagnostic and the same quick fix as `gptfix lsp`."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from e2e_helpers import (
    apply_text_edits,
    code_actions,
    command,
    config,
    edits_for,
    gptfix_diagnostics,
    open_doc,
    start_session,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

PYLSP = [str(Path(sys.executable).with_name("pylsp"))]


@pytest_lsp.fixture(config=config(PYLSP))
async def pylsp(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    lsp_client.init_result = await start_session(lsp_client, "neovim@v0.7.0")  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def test_pylsp_plugin_offers_the_same_fix(pylsp: LanguageClient, scratch_fixture):
    caps = pylsp.init_result.capabilities  # type: ignore[attr-defined]
    assert "gptfix.run" in caps.execute_command_provider.commands
    script: Path = scratch_fixture("06-adam-lr-keyword")
    text = script.read_text()
    reference = (script.parent / "fixed.py").read_text()
    line = next(i for i, src in enumerate(text.splitlines()) if "Adam(lr=" in src)
    log = (
        "Traceback (most recent call last):\n"
        f'  File "/content/{script.name}", line {line + 1}, in <module>\n'
        f"    {text.splitlines()[line].strip()}\n"
        "ValueError: Argument(s) not recognized: {'lr': 0.0003}\n"
    )
    uri = open_doc(pylsp, script)
    result = await command(pylsp, "gptfix.loadLog", uri, {"text": log})
    assert result["shown"] is True
    await wait_for(lambda: gptfix_diagnostics(pylsp, uri), 10)
    diags = gptfix_diagnostics(pylsp, uri)
    assert [d.range.start.line for d in diags] == [line]
    assert diags[0].code == "ValueError"

    # pylsp has no codeAction/resolve: the edit comes with the listing
    loop = asyncio.get_running_loop()
    start = loop.time()
    fix = None
    while fix is None and loop.time() - start < 60:
        actions = await code_actions(pylsp, uri, diags)
        fix = next((a for a in actions if "learning_rate" in a.title), None)
        if fix is None:
            await asyncio.sleep(0.5)
    assert fix is not None and fix.title.startswith("gptfix (ValueError): rename")
    assert fix.edit is not None
    edits, _ = edits_for(fix.edit, uri)
    assert apply_text_edits(text, edits, "utf-16") == reference
    # a command gptfix does not own is left alone (pylsp answers null)
    assert await command(pylsp, "other.command", uri) is None


async def test_pylsp_names_a_notebook_cell_it_cannot_handle(pylsp: LanguageClient, tmp_path: Path):
    """pylsp's plugin has no notebook sync: a cell's URI gets one clear line, not a crash."""
    cell = f"vscode-notebook-cell:{tmp_path / 'train.ipynb'}#W2sZmlsZQ%3D%3D"
    with pytest.raises(Exception, match="a notebook cell; gptfix works on notebooks in"):
        await command(pylsp, "gptfix.run", cell, {})


async def _ask_listed(client: LanguageClient, uri: str, line: int) -> bool:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return any("Ask AI" in a.title for a in result or [])


async def test_pylsp_forgets_a_closed_documents_last_good_index(
    pylsp: LanguageClient, scratch_fixture
):
    """While a script does not parse, "Ask AI" stays on its model (the last good index);
    once it is closed, that index is gone: reopened broken, nothing stale is offered."""
    script: Path = scratch_fixture("06-adam-lr-keyword")
    text = (script.parent / "fixed.py").read_text()
    model = next(i for i, src in enumerate(text.splitlines()) if "keras.Model(" in src)
    await command(pylsp, "gptfix.setApiKey", "sk-test-pylsp-0123")
    uri = open_doc(pylsp, script, text)
    assert await _ask_listed(pylsp, uri, model)
    broken = text + "\nx = (\n"
    pylsp.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=broken)],
        )
    )
    assert await _ask_listed(pylsp, uri, model)  # typing: the last good index serves
    pylsp.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    uri = open_doc(pylsp, script, broken)
    assert not await _ask_listed(pylsp, uri, model)
