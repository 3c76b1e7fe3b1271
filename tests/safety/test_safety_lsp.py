"""The language server: showContext, Fix with AI and its logs hold no secret; a project's
endpoint gets the editor's key only under the editor's workspace trust.

A real ``gptfix lsp`` over stdio (pytest-lsp) and the real local OpenAI-compatible server.
"""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fake_openai import FakeOpenAI, Reply
from pytest_lsp import LanguageClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
from e2e_helpers import (  # noqa: E402
    SERVER,
    command,
    gptfix_diagnostics,
    make_client,
    open_doc,
    start_session,
)

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]

KEY = "sk-editor-key-0123456789abcdef"
SECRETS = ["Tr0ub4dor-and-3", "hunter2-horse", "sk-ab12cd", "dict-key-value-77"]
SCRIPT = f"""api_key = "{SECRETS[0]}"
password = "{SECRETS[1]}"
short = "{SECRETS[2]}"
cfg = {{"api_key": "{SECRETS[3]}"}}
data = [1, 2, 3]
total = sum(dat)
"""
ANSWER = """Typo:

<<<<<<< SEARCH
total = sum(dat)
=======
total = sum(data)
>>>>>>> REPLACE
"""

Session = Callable[[dict[str, Any]], Coroutine[Any, Any, LanguageClient]]


@pytest_asyncio.fixture
async def session(tmp_path: Path) -> AsyncIterator[Session]:
    clients: list[LanguageClient] = []

    async def start(options: dict[str, Any]) -> LanguageClient:
        env = {**os.environ, "GPTFIX_CACHE_DIR": str(tmp_path / "cache")}
        env["GPTFIX_TOKENIZER"] = "estimate"
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "GPTFIX_TRUST_PROJECT"):
            env.pop(name, None)
        client = make_client()
        await client.start_io(*SERVER, "--log-level", "DEBUG", env=env)
        await start_session(client, "visual-studio-code", options)
        await command(client, "gptfix.setApiKey", KEY)
        clients.append(client)
        return client

    yield start
    for client in clients:
        await client.shutdown_session()
        await client.stop()


async def failing_doc(client: LanguageClient, folder: Path) -> str:
    script = folder / "train.py"
    script.write_text(SCRIPT)
    uri = open_doc(client, script)
    result = await command(client, "gptfix.run", uri, {})
    assert result["failure"]["type"] == "NameError"
    return uri


async def test_show_context_and_fix_with_ai_send_and_log_no_secret(
    session: Session, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = FakeOpenAI(default=Reply(ANSWER)).start()
    try:
        client = await session({"baseUrl": fake.base_url})
        uri = await failing_doc(client, tmp_path)
        diag = gptfix_diagnostics(client, uri)[0]
        ctx = await command(client, "gptfix.showContext", uri, diag)
        assert "sum(dat)" in str(ctx)
        result = await command(client, "gptfix.fixWithAI", uri, diag)
        assert result["fix"]["verified"] is True, result
        sent = str(fake.requests)
        logs = " ".join(m.message for m in client.log_messages)
        for value in [*SECRETS, KEY]:
            assert value not in str(ctx), value
            assert value not in sent, value
            assert value not in logs, value
        await asyncio.sleep(0.5)  # pytest-lsp relays the server's stderr (its log) to ours
        stderr = capsys.readouterr().err
        assert "gptfix-lsp INFO" in stderr  # the log was written, at INFO
        for value in [*SECRETS, KEY]:
            assert value not in stderr, value
    finally:
        fake.stop()


@pytest.mark.parametrize("trusted", [False, True])
async def test_a_projects_endpoint_needs_the_editors_trust(
    session: Session, tmp_path: Path, trusted: bool
) -> None:
    fake = FakeOpenAI(default=Reply(ANSWER)).start()
    try:
        (tmp_path / "pyproject.toml").write_text(f'[tool.gptfix]\nbase_url = "{fake.base_url}"\n')
        client = await session({"trustProject": trusted})
        uri = await failing_doc(client, tmp_path)
        await command(client, "gptfix.fixWithAI", uri, gptfix_diagnostics(client, uri)[0])
        if trusted:
            assert fake.headers and fake.headers[0]["authorization"] == f"Bearer {KEY}"
        else:
            assert fake.requests == []  # the editor's key never reached the project's server
    finally:
        fake.stop()
