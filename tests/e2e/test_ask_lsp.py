""" "Ask AI to change this…" through `gptfix lsp`, against a local OpenAI-compatible server.

The action is listed on the model code (and on a selection), the command runs the change
request with progress, and the verified change comes back as an applyEdit that needs
confirmation. The model is the Sequential fixture's working version, verified for real.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from e2e_helpers import (
    SERVER,
    action_command,
    apply_text_edits,
    command,
    edits_for,
    make_client,
    open_doc,
    start_session,
)
from lsprotocol import types
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))
from ask_answers import SEQ_BATCHNORM  # noqa: E402
from fake_openai import FakeOpenAI, Reply  # noqa: E402

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]
ROOT = Path(__file__).resolve().parents[2]
REQUEST = "add batch normalization after each conv layer"


@pytest.fixture
def fake_llm() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(default=Reply(text=SEQ_BATCHNORM)).start()
    yield server  # type: ignore[misc]
    server.stop()


@pytest_asyncio.fixture
async def ai(fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[LanguageClient]:
    env = {
        **os.environ,
        "GPTFIX_CACHE_DIR": str(tmp_path / "answers"),
        "TIKTOKEN_CACHE_DIR": str(tmp_path / "no-tiktoken"),
        "OPENAI_API_KEY": "sk-test-0123456789",
    }
    client = make_client()
    await client.start_io(*SERVER, env=env)
    await start_session(
        client, "visual-studio-code", {"baseUrl": fake_llm.base_url, "model": "fake-model"}
    )
    yield client
    await client.shutdown_session()
    await client.stop()


async def actions_at(
    client: LanguageClient, uri: str, start: int, end: int | None = None
) -> list[Any]:
    end_pos = types.Position(end, 0) if end is not None else types.Position(start, 0)
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(types.Position(start, 0), end_pos),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return [a for a in result or [] if "Ask AI" in a.title]


@pytest.mark.tf
async def test_ask_action_on_model_code_applies_a_verified_change(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
) -> None:
    script = tmp_path / "train.py"
    shutil.copy(ROOT / "fixtures" / "01-missing-flatten" / "fixed.py", script)
    text = script.read_text()
    lines = text.split("\n")
    uri = open_doc(ai, script)
    model_line = next(i for i, t in enumerate(lines) if t.startswith("model = keras.Sequential"))
    found: list[Any] = []

    async def listed() -> bool:
        found[:] = await actions_at(ai, uri, model_line)
        return bool(found)

    loop = asyncio.get_running_loop()
    end = loop.time() + 60
    while not await listed() and loop.time() < end:  # the index is built after didOpen
        await asyncio.sleep(0.25)
    assert found, "no Ask AI action on the model code"
    # not offered on a line outside the model code without a selection
    assert not await actions_at(ai, uri, 0)
    # a selection anywhere gets it, with its line range
    selected = await actions_at(ai, uri, 6, 9)
    assert selected and action_command(selected[0])[1][1] == {"line": 7, "endLine": 10}

    name, arguments = action_command(found[0])
    assert name == "gptfix.ask" and "request" not in arguments[1]
    # the editor adds the request (VS Code asks for it in an input box)
    result = await command(ai, name, arguments[0], {**arguments[1], "request": REQUEST})
    assert result["applied"] is True, result
    assert result["verified"] is True and result["explanation"].startswith("Adds batch")
    (params,) = ai.applied  # type: ignore[attr-defined]
    annotations = params.edit.change_annotations
    assert annotations and all(a.needs_confirmation for a in annotations.values())
    edits, _version = edits_for(params.edit, uri)
    assert apply_text_edits(text, edits).count("layers.BatchNormalization(),") == 2
    assert script.read_text() == text  # the editor writes it, after the preview
    reports = [r for rs in ai.progress_reports.values() for r in rs]
    messages = [getattr(r, "message", "") or "" for r in reports]
    assert any("verifying round 1" in m for m in messages), messages
    assert REQUEST in fake_llm.requests[0]["messages"][-1]["content"]


async def test_ask_command_without_a_request_is_a_clear_error(
    ai: LanguageClient, tmp_path: Path
) -> None:
    script = tmp_path / "train.py"
    script.write_text("print('hi')\n")
    uri = open_doc(ai, script)
    with pytest.raises(Exception, match="request is empty"):
        await command(ai, "gptfix.ask", uri, {"line": 1})


PLAIN = "values = [1, 2, 3]\ntotal = sum(values)\nprint('total', total)\n"
PLAIN_ANSWER = """Prints the mean next to the total.

<<<<<<< SEARCH
print('total', total)
=======
print('total', total, 'mean', total / len(values))
>>>>>>> REPLACE
"""


async def test_pylsp_plugin_offers_ask_and_applies_a_verified_change(tmp_path: Path) -> None:
    fake = FakeOpenAI(default=Reply(text=PLAIN_ANSWER)).start()
    env = {
        **os.environ,
        "OPENAI_BASE_URL": fake.base_url,
        "GPTFIX_CACHE_DIR": str(tmp_path / "answers"),
        "TIKTOKEN_CACHE_DIR": str(tmp_path / "no-tiktoken"),
    }
    client = make_client()
    await client.start_io(str(Path(sys.executable).with_name("pylsp")), env=env)
    try:
        init = await start_session(client, "neovim@v0.7.0")
        assert init.capabilities.execute_command_provider is not None
        assert "gptfix.ask" in init.capabilities.execute_command_provider.commands
        script = tmp_path / "stats.py"
        script.write_text(PLAIN)
        uri = open_doc(client, script)
        selected = await actions_at(client, uri, 1, 2)
        assert selected, "no Ask AI action on a selection"
        name, arguments = action_command(selected[0])
        assert name == "gptfix.ask" and arguments[1] == {"line": 2, "endLine": 3}
        request = {**arguments[1], "request": "also print the mean"}
        result = await command(client, name, arguments[0], request)
        assert result["applied"] is True and result["verified"] is True, result
        (params,) = client.applied  # type: ignore[attr-defined]
        edits, _ = edits_for(params.edit, uri)
        assert "'mean', total / len(values)" in apply_text_edits(PLAIN, edits)
        await client.shutdown_session()
    finally:
        await client.stop()
        fake.stop()
