"""Diagnostics from a run follow the user's edits: moved with their line, cleared when it changes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from e2e_helpers import (
    apply_text_edits,
    command,
    edits_for,
    gptfix_diagnostics,
    open_doc,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

SCRIPT = "def load():\n    return {'a': 1}\n\n\ndata = load()\nprint(data['b'])\n"


def change(client: LanguageClient, uri: str, version: int, line: int, end: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(line, 0), types.Position(end, 0)), text=text
                )
            ],
        )
    )


async def test_diagnostic_moves_with_edits_above_and_clears_when_its_line_changes(
    vscode: LanguageClient, tmp_path: Path
):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    uri = open_doc(vscode, script)
    result = await command(vscode, "gptfix.run", uri, {})
    assert result["failure"]["type"] == "KeyError"
    assert [d.range.start.line for d in gptfix_diagnostics(vscode, uri)] == [5]

    # two lines inserted at the top: the diagnostic moves down with its line
    change(vscode, uri, 2, 0, 0, "import os\nimport sys\n")
    await wait_for(lambda: [d.range.start.line for d in gptfix_diagnostics(vscode, uri)] == [7], 5)

    # an edit elsewhere keeps it where it is
    change(vscode, uri, 3, 2, 3, "def load():  # 读取数据\n")
    await asyncio.sleep(0.6)
    assert [d.range.start.line for d in gptfix_diagnostics(vscode, uri)] == [7]

    # editing the failing line itself clears it: the run no longer describes that code
    change(vscode, uri, 4, 7, 8, "print(data.get('b'))\n")
    await wait_for(lambda: gptfix_diagnostics(vscode, uri) == [], 5)

    # a run of the repaired buffer (unsaved: the run uses the buffer) succeeds
    result = await command(vscode, "gptfix.run", uri, {})
    assert result["status"] == "succeeded" and result["failure"] is None
    assert gptfix_diagnostics(vscode, uri) == []


async def test_fix_listed_before_an_edit_is_dropped_when_resolved_after_it(
    vscode: LanguageClient, tmp_path: Path
):
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    uri = open_doc(vscode, script)
    await command(vscode, "gptfix.run", uri, {})
    diags = gptfix_diagnostics(vscode, uri)
    stale = types.CodeAction(
        title="stale",
        kind=types.CodeActionKind.QuickFix,
        data={"type": "fix", "uri": uri, "version": 1, "key": diags[0].data["key"], "fix": "x"},
    )
    change(vscode, uri, 2, 0, 0, "# edited\n")
    await asyncio.sleep(0.1)
    resolved = await vscode.code_action_resolve_async(stale)
    assert resolved.edit is None


TYPO = "def load():\n    return [1, 2, 3]\n\n\ndata = load()\ntotal = sum(dat)\nprint('total', total)\n"


async def test_fix_loop_repairs_the_file_and_the_open_buffer(
    vscode: LanguageClient, tmp_path: Path
):
    script = tmp_path / "train.py"
    script.write_text(TYPO)
    uri = open_doc(vscode, script)
    result = await command(vscode, "gptfix.fixLoop", uri, {"maxRounds": 2})
    assert result["status"] == "succeeded", result
    assert [r["applied"] for r in result["rounds"]][-1] is True
    fixed = script.read_text()
    assert "sum(data)" in fixed
    assert (tmp_path / ".gptfix" / "journal" / "train.py").is_dir()  # undo is possible
    # the open buffer was brought along with a versioned edit
    (params,) = vscode.applied  # type: ignore[attr-defined]
    edits, version = edits_for(params.edit, uri)
    assert version == 1 and apply_text_edits(TYPO, edits) == fixed
    assert gptfix_diagnostics(vscode, uri) == []
    # unsaved changes are refused rather than overwritten
    change(vscode, uri, 2, 0, 0, "# unsaved\n")
    with pytest.raises(Exception, match="unsaved changes"):
        await command(vscode, "gptfix.fixLoop", uri, {})


NESTED = "def lookup(table):\n    return table['lr']\n\n\nsettings = {}\nrate = lookup(settings)\n"


async def test_other_user_frames_are_related_information(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text(NESTED)
    uri = open_doc(vscode, script)
    await command(vscode, "gptfix.run", uri, {})
    (diag,) = gptfix_diagnostics(vscode, uri)
    assert diag.range.start.line == 1 and diag.code == "KeyError"
    related = diag.related_information or []
    assert [(r.location.uri, r.location.range.start.line) for r in related] == [(uri, 5)]
