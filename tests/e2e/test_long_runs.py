"""Runs that hang are killed at the timeout; runs can be cancelled; the server stays up."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from e2e_helpers import command, open_doc, wait_for
from lsprotocol import types
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

HANG = "import os, pathlib, time\npathlib.Path('pid').write_text(str(os.getpid()))\nprint('training...', flush=True)\ntime.sleep(600)\n"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_a_hanging_run_is_killed_at_the_timeout(vscode: LanguageClient, tmp_path: Path):
    vscode.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gptfix": {"runTimeout": 2}})
    )
    # VS Code answers workspace/configuration; pytest-lsp's client serves this dict
    vscode.set_configuration({"runTimeout": 2}, section="gptfix")
    vscode.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    await asyncio.sleep(0.3)
    script = tmp_path / "train.py"
    script.write_text(HANG)
    uri = open_doc(vscode, script)
    loop = asyncio.get_running_loop()
    start = loop.time()
    result = await command(vscode, "gptfix.run", uri, {})
    assert result["status"] == "timeout" and result["exit_code"] == 124
    assert loop.time() - start < 30
    await wait_for(lambda: not alive(int((tmp_path / "pid").read_text())), 5)
    assert await command(vscode, "gptfix.setApiKey", None) == {"ok": True, "configured": False}


async def test_cancelling_a_run_stops_the_script(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text(HANG)
    uri = open_doc(vscode, script)
    params = types.ExecuteCommandParams(command="gptfix.run", arguments=[uri, {}])
    request = asyncio.ensure_future(
        vscode.protocol.send_request_async(
            types.WORKSPACE_EXECUTE_COMMAND, params, msg_id="run-to-cancel"
        )
    )
    await wait_for(lambda: (tmp_path / "pid").exists(), 20)
    pid = int((tmp_path / "pid").read_text())
    vscode.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="run-to-cancel"))
    with pytest.raises(Exception, match="cancel"):
        await asyncio.wait_for(request, 20)
    await wait_for(lambda: not alive(pid), 10)
    # and the progress cancel button works the same way
    (tmp_path / "pid").unlink()
    task = asyncio.ensure_future(command(vscode, "gptfix.run", uri, {}))
    await wait_for(lambda: (tmp_path / "pid").exists(), 20)
    pid = int((tmp_path / "pid").read_text())
    token = list(vscode.progress_reports)[-1]
    vscode.window_work_done_progress_cancel(types.WorkDoneProgressCancelParams(token=token))
    result = await asyncio.wait_for(task, 20)
    assert result["exit_code"] == 130
    assert not alive(pid)
