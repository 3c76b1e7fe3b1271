"""Fix with AI through the language server, against a local OpenAI-compatible server.

The script here is plain Python (no TensorFlow), so verifying the AI's fix is a quick
real run. The fake server comes from the LLM tests (tests/llm/fake_openai.py).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from pathlib import Path

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "llm"))
from fake_openai import FakeOpenAI, Reply  # noqa: E402

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

SCRIPT = TYPO_SCRIPT
FIXED = SCRIPT.replace("sum(dat)", "sum(data)")
ANSWER = """The name `dat` is a typo for `data`.

```python
<<<<<<< SEARCH
total = sum(dat)
=======
total = sum(data)
>>>>>>> REPLACE
```
"""
KEY = "sk-handed-over-by-the-editor-0123456789"


@pytest.fixture
def fake_llm() -> AsyncIterator[FakeOpenAI]:
    server = FakeOpenAI(default=Reply(text=ANSWER)).start()
    yield server  # type: ignore[misc]
    server.stop()


@pytest_asyncio.fixture
async def ai(fake_llm: FakeOpenAI, tmp_path: Path) -> AsyncIterator[LanguageClient]:
    """A VS Code session whose settings point at the fake endpoint; key via setApiKey."""
    client = await start_client(SERVER, llm_env(tmp_path))
    await start_session(
        client, "visual-studio-code", {"baseUrl": fake_llm.base_url, "model": "fake-model"}
    )
    await command(client, "gptfix.setApiKey", KEY)
    yield client
    await client.shutdown_session()
    await client.stop()


async def failing_doc(client: LanguageClient, tmp_path: Path) -> tuple[str, Path]:
    script = tmp_path / "train.py"
    script.write_text(SCRIPT)
    uri = open_doc(client, script)
    result = await command(client, "gptfix.run", uri, {})
    assert result["failure"]["type"] == "NameError"
    return uri, script


async def test_fix_with_ai_applies_a_verified_edit_needing_confirmation(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
):
    uri, _ = await failing_doc(ai, tmp_path)
    diags = gptfix_diagnostics(ai, uri)
    actions = await code_actions(ai, uri, diags)
    fix_ai = next(a for a in actions if "Fix with AI" in a.title)
    name, arguments = action_command(fix_ai)
    assert name == "gptfix.fixWithAI"
    result = await command(ai, name, *arguments)
    assert result["applied"] is True, result
    assert result["fix"]["verified"] is True

    (params,) = ai.applied  # type: ignore[attr-defined]
    annotations = params.edit.change_annotations
    assert annotations and all(a.needs_confirmation for a in annotations.values())
    edits, version = edits_for(params.edit, uri)
    assert version == 1
    assert apply_text_edits(SCRIPT, edits) == FIXED
    # the key went in the Authorization header, never into the prompt or the logs
    assert len(fake_llm.requests) == 1
    assert fake_llm.headers[0]["authorization"] == f"Bearer {KEY}"
    assert KEY not in str(fake_llm.requests[0])
    assert all(KEY not in m.message for m in ai.log_messages)


async def test_show_context_counts_tokens(ai: LanguageClient, tmp_path: Path):
    uri, _ = await failing_doc(ai, tmp_path)
    ctx = await command(ai, "gptfix.showContext", uri, gptfix_diagnostics(ai, uri)[0])
    assert ctx["total_tokens"] > 0 and ctx["total_tokens"] <= ctx["budget"]
    assert "sum(dat)" in str(ctx["messages"])


async def test_cancelling_an_ai_request(ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path):
    uri, _ = await failing_doc(ai, tmp_path)
    fake_llm.replies.append(Reply(text=ANSWER, chunk_delay=1.0))  # a slow stream
    params = types.ExecuteCommandParams(
        command="gptfix.fixWithAI", arguments=[uri, gptfix_diagnostics(ai, uri)[0]]
    )
    request = asyncio.ensure_future(
        ai.protocol.send_request_async(types.WORKSPACE_EXECUTE_COMMAND, params, msg_id="ai-1")
    )
    await wait_for(lambda: fake_llm.requests, 20)
    loop = asyncio.get_running_loop()
    start = loop.time()
    ai.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id="ai-1"))
    with pytest.raises(Exception, match="cancel"):
        await asyncio.wait_for(request, 20)
    assert loop.time() - start < 5
    assert ai.applied == []  # type: ignore[attr-defined]
    # the server is still up and answers the next request normally
    assert (await command(ai, "gptfix.setApiKey", KEY))["configured"] is True


async def test_document_edited_while_the_ai_request_is_in_flight(
    ai: LanguageClient, fake_llm: FakeOpenAI, tmp_path: Path
):
    uri, _ = await failing_doc(ai, tmp_path)
    fake_llm.replies.append(Reply(text=ANSWER, delay=1.5))
    task = asyncio.ensure_future(
        command(ai, "gptfix.fixWithAI", uri, gptfix_diagnostics(ai, uri)[0])
    )
    await wait_for(lambda: fake_llm.requests, 20)
    # the user adds a comment at the top while the model is thinking
    ai.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                    text="# 训练脚本\n",
                )
            ],
        )
    )
    result = await asyncio.wait_for(task, 60)
    assert result["applied"] is True, result
    (params,) = ai.applied  # type: ignore[attr-defined]
    edits, version = edits_for(params.edit, uri)
    assert version == 2  # made for the document as it is now, moved below the new line
    assert apply_text_edits("# 训练脚本\n" + SCRIPT, edits) == "# 训练脚本\n" + FIXED
