"""The server stays up whatever the client sends: bad requests, huge or broken documents."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from e2e_helpers import command, open_doc
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

pytestmark = [pytest.mark.asyncio, pytest.mark.e2e]


async def still_up(client: LanguageClient, uri: str) -> None:
    """A well-formed request after the bad one gets a normal answer."""
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert actions is not None


async def test_unknown_command_is_an_error_not_a_crash(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text("x = 1\n")
    uri = open_doc(vscode, script)
    with pytest.raises(Exception, match="gptfix.nope"):
        await command(vscode, "gptfix.nope", uri)
    await still_up(vscode, uri)


async def test_bad_command_arguments_name_the_problem(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text("x = 1\n")
    uri = open_doc(vscode, script)
    with pytest.raises(Exception, match="document uri"):
        await command(vscode, "gptfix.run")
    with pytest.raises(Exception, match="options"):
        await command(vscode, "gptfix.run", uri, "smoke")
    with pytest.raises(Exception, match="no such script"):
        await command(vscode, "gptfix.run", (tmp_path / "missing.py").as_uri(), {})
    with pytest.raises(Exception, match='"path"'):
        await command(vscode, "gptfix.loadLog", uri, {})
    await still_up(vscode, uri)


async def send_raw(client: LanguageClient, body: bytes) -> None:
    """Write one framed message to the server's stdin, bypassing the client's serializer."""
    server = client._server
    assert server is not None and server.stdin is not None
    server.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
    await server.stdin.drain()


async def test_malformed_requests(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text("x = 1\n")
    uri = open_doc(vscode, script)
    # params of the wrong shape for a known method, as a notification and as a request
    await send_raw(
        vscode, b'{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"bogus":1}}'
    )
    await send_raw(
        vscode,
        b'{"jsonrpc":"2.0","id":"raw-1","method":"textDocument/codeAction","params":{"bogus":1}}',
    )
    # a method nobody implements
    with pytest.raises(JsonRpcMethodNotFound):
        await vscode.protocol.send_request_async("gptfix/noSuchMethod", {})
    # a body that is not JSON at all, and one that is JSON but not JSON-RPC
    await send_raw(vscode, b"{this is not json")
    await send_raw(vscode, b"[1, 2, 3]")
    await asyncio.sleep(0.3)
    await still_up(vscode, uri)
    assert vscode._server is not None and vscode._server.returncode is None


async def test_ten_megabyte_document(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "big.py"
    line = "value = [1, 2, 3]  # 数据 padding padding padding padding padding\n"
    text = line * (10_000_000 // len(line.encode()) + 1)
    assert len(text.encode()) >= 10_000_000
    script.write_text(text, encoding="utf-8")
    uri = open_doc(vscode, script, text)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await still_up(vscode, uri)
    vscode.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(5, 0), end=types.Position(5, 5)),
                    text="other",
                )
            ],
        )
    )
    await still_up(vscode, uri)
    assert loop.time() - start < 30


async def test_syntax_errors_while_typing(vscode: LanguageClient, tmp_path: Path):
    script = tmp_path / "train.py"
    script.write_text("import keras\nmodel = keras.Sequential([\n")
    uri = open_doc(vscode, script)
    for version, piece in enumerate(["    keras.layers.Dense(", "10,", ")", "])\n", "def (:\n"], 2):
        vscode.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    types.TextDocumentContentChangeWholeDocument(text=script.read_text() + piece)
                ],
            )
        )
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # past the debounce
    await still_up(vscode, uri)
    assert not [m for m in vscode.messages if m.type == types.MessageType.Error]


async def test_api_key_is_never_logged(vscode: LanguageClient, tmp_path: Path):
    secret = "sk-test-DO-NOT-LOG-1234567890"
    result = await command(vscode, "gptfix.setApiKey", secret)
    assert result["configured"] is True
    vscode.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"gptfix": {"apiKey": secret, "smokeSteps": 1}})
    )
    await asyncio.sleep(0.3)
    logged = [m.message for m in vscode.log_messages] + [m.message for m in vscode.messages]
    assert logged, "the server logs its settings"
    assert not [m for m in logged if secret in m]
