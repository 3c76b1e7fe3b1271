"""Fix with AI and Show AI context on a notebook cell's diagnostic, and fixes in other cells.

A real LSP client over stdio opens notebooks with LSP 3.17 notebook sync; the AI answers
come from a local OpenAI-compatible server (tests/llm/fake_openai.py) through the real
``openai`` client. The first notebooks are plain Python (verifying a fix is a quick real
run); the last one is a Keras notebook whose rule fix lies in an earlier cell.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from e2e_helpers import (
    SERVER,
    action_command,
    apply_text_edits,
    code_actions,
    command,
    edits_for,
    gptfix_diagnostics,
    llm_env,
    open_notebook,
    start_client,
    start_session,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))
from fake_openai import FakeOpenAI, Reply  # noqa: E402

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

NOTEBOOKS = Path(__file__).resolve().parents[2] / "fixtures" / "notebooks"
KEY = "sk-notebook-test-0123456789abcdef"


def _code(source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}  # fmt: skip


def write_notebook(path: Path, cells: list[dict]) -> Path:
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 4}
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    return path


#: the crash is in the last cell; the typo is on its line 2
TYPO_CELLS = [
    _code("def load():\n    return [1, 2, 3]\n"),
    {"cell_type": "markdown", "metadata": {}, "source": "## Sum it up"},
    _code('data = load()\ntotal = sum(dat)\nprint("total", total)'),
]
TYPO_ANSWER = """`dat` is a typo for `data`.

```python
<<<<<<< SEARCH
total = sum(dat)
=======
total = sum(data)
>>>>>>> REPLACE
```
"""
#: the crash is in the last cell, but the name was bound differently in the first one
ROOT_CELLS = [
    _code("rows = [1, 2, 3]\n"),
    {"cell_type": "markdown", "metadata": {}, "source": "## Sum it up"},
    _code("total = sum(data)\nprint(total)"),
]
ROOT_ANSWER = """The list is bound as `rows`; call it `data` where it is made.

```python
<<<<<<< SEARCH
rows = [1, 2, 3]
=======
data = [1, 2, 3]
>>>>>>> REPLACE
```
"""


@pytest.fixture
def fake_llm() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(default=Reply(text=TYPO_ANSWER)).start()
    yield server  # type: ignore[misc]
    server.stop()


@pytest_asyncio.fixture
async def ai(fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[LanguageClient]:
    client = await start_client(SERVER, llm_env(tmp_path))
    await start_session(
        client, "visual-studio-code", {"baseUrl": fake_llm.base_url, "model": "fake-model"}
    )
    await command(client, "gptfix.setApiKey", KEY)
    yield client
    await client.shutdown_session()
    await client.stop()


async def failing_cell(client: LanguageClient, path: Path) -> tuple[list[str], list[str]]:
    """Open and run the notebook; the NameError's diagnostic is on the last cell, line 2."""
    uri, cell_uris, texts = open_notebook(client, path)
    result = await command(client, "gptfix.runNotebook", uri, {"smoke": True})
    assert result["failure"]["type"] == "NameError"
    await wait_for(lambda: bool(gptfix_diagnostics(client, cell_uris[2])), 10)
    return cell_uris, texts


async def test_fix_with_ai_on_a_cell_edits_that_cell(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
):
    path = write_notebook(tmp_path / "sums.ipynb", TYPO_CELLS)
    before = path.read_bytes()
    cell_uris, texts = await failing_cell(ai, path)
    diag = gptfix_diagnostics(ai, cell_uris[2])[0]
    assert diag.range.start.line == 1  # the cell's own line 2
    actions = await code_actions(ai, cell_uris[2], [diag])
    name, arguments = action_command(next(a for a in actions if "Fix with AI" in a.title))
    result = await command(ai, name, *arguments)
    assert result["applied"] is True, result
    assert result["fix"]["verified"] is True  # verified on the cells' program

    (params,) = ai.applied  # type: ignore[attr-defined]
    edits, version = edits_for(params.edit, cell_uris[2])
    assert version == 1
    assert apply_text_edits(texts[2], edits) == texts[2].replace("sum(dat)", "sum(data)")
    touched = {c.text_document.uri for c in params.edit.document_changes or []}
    assert touched == {cell_uris[2]}
    # the model saw the whole program, cell by cell, not the notebook's JSON
    prompt = str(fake_llm.requests[0])
    assert "def load():" in prompt and "# %% cell 3" in prompt and '"cells"' not in prompt
    assert path.read_bytes() == before  # the editor applies the edit; the file is its own


async def test_show_ai_context_on_a_cell_counts_the_whole_program(
    ai: LanguageClient, tmp_path: Path
):
    path = write_notebook(tmp_path / "sums.ipynb", TYPO_CELLS)
    cell_uris, _ = await failing_cell(ai, path)
    diag = gptfix_diagnostics(ai, cell_uris[2])[0]
    ctx = await command(ai, "gptfix.showContext", cell_uris[2], diag)
    assert 0 < ctx["total_tokens"] <= ctx["budget"]
    shown = str(ctx["messages"])
    assert "sum(dat)" in shown and "def load():" in shown


async def test_fix_with_ai_whose_edit_is_in_another_cell_edits_that_cell(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
):
    fake_llm.replies.append(Reply(text=ROOT_ANSWER))
    path = write_notebook(tmp_path / "rows.ipynb", ROOT_CELLS)
    cell_uris, texts = await failing_cell(ai, path)
    diag = gptfix_diagnostics(ai, cell_uris[2])[0]
    result = await command(ai, "gptfix.fixWithAI", cell_uris[2], diag)
    assert result["applied"] is True, result
    (params,) = ai.applied  # type: ignore[attr-defined]
    # one WorkspaceEdit on the first cell's document, at its version; the crashing
    # cell is left as it is
    assert {c.text_document.uri for c in params.edit.document_changes} == {cell_uris[0]}
    edits, version = edits_for(params.edit, cell_uris[0])
    assert version == 1
    assert apply_text_edits(texts[0], edits) == "data = [1, 2, 3]\n"


async def test_an_edit_made_meanwhile_in_the_other_cell_is_kept(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
):
    fake_llm.replies.append(Reply(text=ROOT_ANSWER, delay=1.5))
    path = write_notebook(tmp_path / "rows.ipynb", ROOT_CELLS)
    cell_uris, texts = await failing_cell(ai, path)
    diag = gptfix_diagnostics(ai, cell_uris[2])[0]
    task = asyncio.ensure_future(command(ai, "gptfix.fixWithAI", cell_uris[2], diag))
    await wait_for(lambda: fake_llm.requests, 20)
    # the user adds a comment above the line the answer changes while the model thinks
    ai.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(
                uri=path.resolve().as_uri(), version=2
            ),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(
                                uri=cell_uris[0], version=2
                            ),
                            changes=[
                                types.TextDocumentContentChangeWholeDocument(
                                    text="# 数据\n" + texts[0]
                                )
                            ],
                        )
                    ]
                )
            ),
        )
    )
    result = await asyncio.wait_for(task, 60)
    assert result["applied"] is True, result
    (params,) = ai.applied  # type: ignore[attr-defined]
    edits, version = edits_for(params.edit, cell_uris[0])
    assert version == 2  # made for the cell as it is now
    assert apply_text_edits("# 数据\n" + texts[0], edits) == "# 数据\ndata = [1, 2, 3]\n"


@pytest.mark.tf
async def test_a_verified_rule_fix_in_an_earlier_cell_is_offered_on_the_crash(
    vscode: LanguageClient, tmp_path: Path
):
    """The fit cell crashes; the missing Flatten belongs in the model cell."""
    path = tmp_path / "flatten-kaggle.ipynb"
    shutil.copy(NOTEBOOKS / path.name, path)
    uri, cell_uris, texts = open_notebook(vscode, path)
    result = await command(vscode, "gptfix.runNotebook", uri, {"smoke": True})
    crash = result["failure"]["location"]["cell"]["index"]
    model = next(i for i, t in enumerate(texts) if "keras.Sequential(" in t)
    assert crash != model
    await wait_for(lambda: bool(gptfix_diagnostics(vscode, cell_uris[crash])), 10)
    diags = gptfix_diagnostics(vscode, cell_uris[crash])

    fixes: list[types.CodeAction] = []

    async def verified() -> bool:
        actions = await code_actions(vscode, cell_uris[crash], diags)
        fixes[:] = [a for a in actions if isinstance(a, types.CodeAction) and "Flatten" in a.title]
        return any("[verified" in a.title for a in fixes)

    loop = asyncio.get_running_loop()
    end = loop.time() + 300
    while not await verified():
        assert loop.time() < end, [a.title for a in fixes]
        await asyncio.sleep(1)
    action = next(a for a in fixes if "[verified" in a.title)
    dense = next(k for k, t in enumerate(texts[model].split("\n"), 1) if "layers.Dense(64" in t)
    assert f"before the Dense layer at cell {model + 1}, line {dense}" in action.title
    resolved = await vscode.code_action_resolve_async(action)
    assert resolved.edit is not None
    assert {c.text_document.uri for c in resolved.edit.document_changes or []} == {cell_uris[model]}
    edits, version = edits_for(resolved.edit, cell_uris[model])
    assert version == 1
    new_model = apply_text_edits(texts[model], edits)
    assert new_model.count("layers.Flatten()") == 1
    assert new_model.replace("        layers.Flatten(),\n", "") == texts[model]


MEAN_ANSWER = """Print the mean next to the total.

```python
<<<<<<< SEARCH
print(total)
=======
print(total, total / len(data))
>>>>>>> REPLACE
```
"""


async def test_ask_on_a_cell_selection_is_about_that_cells_line(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
):
    fake_llm.replies.append(Reply(text=MEAN_ANSWER))
    cells = [TYPO_CELLS[0], TYPO_CELLS[1], _code("data = load()\ntotal = sum(data)\nprint(total)")]
    path = write_notebook(tmp_path / "mean.ipynb", cells)
    _, cell_uris, texts = open_notebook(ai, path)
    options = {"request": "print the mean as well", "line": 3}  # the cell's line 3
    result = await command(ai, "gptfix.ask", cell_uris[2], options)
    assert result["applied"] is True, result
    # program: "# %% cell 1", 2 lines, "# %% cell 3", then the cell: its line 3 is line 7
    assert "(It is about script line 7)" in str(fake_llm.requests[0])
    (params,) = ai.applied  # type: ignore[attr-defined]
    edits, _ = edits_for(params.edit, cell_uris[2])
    assert apply_text_edits(texts[2], edits).endswith("print(total, total / len(data))")


async def test_ai_context_after_an_earlier_cell_grew_points_at_the_failing_line_now(
    ai: LanguageClient, tmp_path: Path
):
    """Cells edited since the run: the failure sent to the model is mapped onto the
    program as it is now (the failing line moved down with the lines added above)."""
    path = write_notebook(tmp_path / "sums.ipynb", TYPO_CELLS)
    cell_uris, texts = await failing_cell(ai, path)
    diag = gptfix_diagnostics(ai, cell_uris[2])[0]
    before = await command(ai, "gptfix.showContext", cell_uris[2], diag)
    added = "import os\nimport sys\n\n\n"
    ai.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(
                uri=path.resolve().as_uri(), version=2
            ),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(
                                uri=cell_uris[0], version=2
                            ),
                            changes=[
                                types.TextDocumentContentChangeWholeDocument(text=added + texts[0])
                            ],
                        )
                    ]
                )
            ),
        )
    )
    await asyncio.sleep(0.5)
    after = await command(ai, "gptfix.showContext", cell_uris[2], diag)
    lines = [_failing_line(ctx) for ctx in (before, after)]
    assert lines[1] == lines[0] + added.count("\n")  # moved down with the added lines
    for ctx, line in zip((before, after), lines, strict=True):
        sections = {s["name"]: s["text"] for s in ctx["sections"]}
        assert f"It fails at line {line}: `total = sum(dat)`" in sections["failure"]
        assert f'"sums.ipynb", line {line}, in <module>' in sections["traceback"]
        assert f'"line": {line},' in sections["facts"]


def _failing_line(ctx: dict) -> int:
    """The program line of ``total = sum(dat)`` in the script the context shows."""
    script = next(s["text"] for s in ctx["sections"] if s["name"] == "script")
    code = script.split("```python\n", 1)[1].split("\n")
    return code.index("total = sum(dat)") + 1
