"""Run a broken fixture from VS Code: diagnostic on the line, progress, a quick fix on resolve."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from e2e_helpers import (
    apply_text_edits,
    code_actions,
    command,
    edits_for,
    gptfix_diagnostics,
    open_doc,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]


@pytest.mark.tf
async def test_run_diagnose_and_resolve_a_fix(vscode: LanguageClient, scratch_fixture):
    script: Path = scratch_fixture("06-adam-lr-keyword")
    text = script.read_text()
    reference = (script.parent / "fixed.py").read_text()
    failing_line = next(i for i, line in enumerate(text.splitlines()) if "Adam(lr=" in line)
    uri = open_doc(vscode, script)

    result = await command(vscode, "gptfix.run", uri, {"smoke": True})
    assert result["status"] == "failed"
    assert result["failure"]["type"] == "ValueError"
    # the diagnostic was published before the command returned
    diags = gptfix_diagnostics(vscode, uri)
    assert len(diags) == 1
    assert diags[0].range.start.line == failing_line
    assert diags[0].code == "ValueError" and "lr" in diags[0].message
    # the run streamed progress: begin, the output's last lines, end
    (values,) = [
        v for v in vscode.progress_reports.values() if v and "run" in getattr(v[0], "title", "")
    ]
    assert isinstance(values[0], types.WorkDoneProgressBegin)
    assert isinstance(values[-1], types.WorkDoneProgressEnd)
    assert any("[stderr]" in m.message for m in vscode.log_messages)

    # listing is instant and never waits for the fixes being computed and verified
    loop = asyncio.get_running_loop()
    start = loop.time()
    first = await code_actions(vscode, uri, diags)
    assert loop.time() - start < 2
    assert any("Show AI context" in a.title for a in first)
    fix = None
    actions: list = []
    while fix is None and loop.time() - start < 90:
        actions = await code_actions(vscode, uri, diags)
        fix = next((a for a in actions if "learning_rate" in a.title), None)
        if fix is None:
            await asyncio.sleep(0.5)
    assert fix is not None, [a.title for a in actions]
    # its title says how far verification got, and what kind of change it is
    assert fix.title.startswith("gptfix (ValueError): ") and "; safe]" in fix.title
    assert any(state in fix.title for state in ("[verifying…", "[verified"))
    assert fix.edit is None  # VS Code resolves: the edit is computed on resolve

    # the verification reported its progress too
    verifying = [
        v
        for v in vscode.progress_reports.values()
        if v and "verifying" in getattr(v[0], "title", "")
    ]
    assert verifying and any(
        "learning_rate" in str(getattr(r, "message", "")) for r in verifying[0]
    )

    resolved = await vscode.code_action_resolve_async(fix)
    assert resolved.edit is not None
    edits, version = edits_for(resolved.edit, uri)
    assert version == 1  # pinned to the document version it was made for
    assert apply_text_edits(text, edits, "utf-16") == reference

    # context.only is honoured: asking for refactors only gives no quick fix
    only_refactor = await code_actions(vscode, uri, diags, only=["refactor"])
    assert not [a for a in only_refactor if a.title.startswith("gptfix (")]
