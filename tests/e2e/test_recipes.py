"""Recipe refactors: listed where they apply (cheap), transformed and built on resolve."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from e2e_helpers import apply_text_edits, command, edits_for, open_doc
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]


async def recipe_actions(client: LanguageClient, uri: str, line: int) -> list[types.CodeAction]:
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(line, 0), types.Position(line, 0)),
            context=types.CodeActionContext(diagnostics=[], only=["refactor.rewrite.gptfix"]),
        )
    )
    return [a for a in result or [] if isinstance(a, types.CodeAction)]


@pytest.mark.tf
async def test_lr_schedule_recipe_on_resolve(vscode: LanguageClient, scratch_fixture):
    script: Path = scratch_fixture("06-adam-lr-keyword")
    script.write_text((script.parent / "fixed.py").read_text())  # a script that trains
    text = script.read_text()
    fit_line = next(i for i, line in enumerate(text.splitlines()) if "model.fit(" in line)
    uri = open_doc(vscode, script)

    found: list[types.CodeAction] = []

    async def poll() -> None:
        found[:] = await recipe_actions(vscode, uri, fit_line)

    loop = asyncio.get_running_loop()
    end = loop.time() + 30
    while not any(a.kind == "refactor.rewrite.gptfix.lr-schedule" for a in found):
        assert loop.time() < end, [a.kind for a in found]
        await poll()
        await asyncio.sleep(0.2)
    action = next(a for a in found if a.kind == "refactor.rewrite.gptfix.lr-schedule")
    assert action.edit is None  # the transform runs on resolve
    # recipes are offered only where they apply
    assert not [a for a in await recipe_actions(vscode, uri, 0) if a.kind == action.kind]

    resolved = await vscode.code_action_resolve_async(action)
    assert resolved.edit is not None, [m.message for m in vscode.messages]
    edits, version = edits_for(resolved.edit, uri)
    assert version == 1
    patched = apply_text_edits(text, edits)
    assert "LearningRateScheduler" in patched
    compile(patched, str(script), "exec")

    # the command path (for clients without resolve) refuses unknown recipes by name
    with pytest.raises(Exception, match="unknown recipe 'no-such'"):
        await command(vscode, "gptfix.applyRecipe", uri, "no-such", {})


async def test_list_recipes_names_each_applicable_recipe_with_its_options(
    vscode: LanguageClient, scratch_fixture
):
    script: Path = scratch_fixture("06-adam-lr-keyword")
    script.write_text((script.parent / "fixed.py").read_text())
    uri = open_doc(vscode, script)
    catalog = await command(vscode, "gptfix.listRecipes", uri)
    ids = {entry["id"] for entry in catalog}
    # a compiled functional model with a learning rate: these recipes have a place to act
    assert {"lr-schedule", "add-augmentation"} <= ids, ids
    lr = next(e for e in catalog if e["id"] == "lr-schedule")
    kind = next(o for o in lr["options"] if o["name"] == "kind")
    assert "cosine" in kind["choices"]
    assert lr["lines"] and all(isinstance(n, int) for n in lr["lines"])
    # an empty script: nothing applies
    empty = script.with_name("empty.py")
    empty.write_text("print('hello')\n")
    assert await command(vscode, "gptfix.listRecipes", open_doc(vscode, empty)) == []
