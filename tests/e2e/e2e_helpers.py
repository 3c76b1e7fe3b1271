"""Helpers to drive `gptfix lsp` over stdio with pytest-lsp, as VS Code, Neovim 0.7 and eglot would.

The client capability sets are the ones pytest-lsp captured from the real editors, so
the server's negotiation (position encoding, resolve support, progress, document
changes) is exercised the way each editor triggers it.
"""

from __future__ import annotations

import ast
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "gptfix", "lsp"]

#: captured capability sets: VS Code (resolve, showDocument, utf-16), Neovim 0.7
#: (resolve, utf-16), eglot 29.1 (no resolve, utf-32 first)
CLIENTS = ["visual-studio-code", "neovim@v0.7.0", "emacs"]
#: which position encoding pygls picks for each captured client
ENCODINGS = {
    "visual-studio-code": "utf-16",
    "neovim@v0.7.0": "utf-16",
    "neovim@v0.11.0": "utf-8",
    "emacs": "utf-32",
}


def converter_factory():  # type: ignore[no-untyped-def]
    """pygls' converter plus a hook lsprotocol lacks (needed to read pylsp's InitializeResult)."""
    conv = default_converter()
    for cls in (types.NotebookDocumentFilterWithNotebook, types.NotebookDocumentFilterWithCells):
        conv.register_structure_hook(attrs.fields(cls).notebook.type, lambda o, _: o)
    return conv


def make_client() -> LanguageClient:
    from pytest_lsp.client import register_lsp_features

    client = LanguageClient(converter_factory=converter_factory)
    register_lsp_features(client)
    client.applied = []  # type: ignore[attr-defined]
    client.apply_result = True  # type: ignore[attr-defined]

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def on_apply(params: types.ApplyWorkspaceEditParams) -> types.ApplyWorkspaceEditResult:
        client.applied.append(params)  # type: ignore[attr-defined]
        return types.ApplyWorkspaceEditResult(applied=client.apply_result)  # type: ignore[attr-defined]

    return client


def config(
    command: list[str] | None = None, env: dict[str, str] | None = None
) -> ClientServerConfig:
    return ClientServerConfig(
        server_command=command or SERVER, client_factory=make_client, server_env=env
    )


async def start_session(
    client: LanguageClient, spec: str, options: dict[str, Any] | None = None
) -> types.InitializeResult:
    caps = client_capabilities(spec)
    return await client.initialize_session(
        types.InitializeParams(capabilities=caps, initialization_options=options)
    )


@pytest_lsp.fixture(config=config(), params=["visual-studio-code", "neovim@v0.11.0", "emacs"])
async def client(request: pytest.FixtureRequest, lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    """A session with `gptfix lsp` once per position encoding (utf-16, utf-8, utf-32)."""
    lsp_client.spec = request.param  # type: ignore[attr-defined]
    lsp_client.init_result = await start_session(lsp_client, request.param, {"runTimeout": 120})  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=config())
async def vscode(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    """A session with `gptfix lsp` as VS Code would open it."""
    lsp_client.spec = "visual-studio-code"  # type: ignore[attr-defined]
    await start_session(lsp_client, "visual-studio-code", {"runTimeout": 120})
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, path: Path, text: str | None = None, version: int = 1) -> str:
    uri = path.resolve().as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri,
                language_id="python",
                version=version,
                text=path.read_text(encoding="utf-8") if text is None else text,
            )
        )
    )
    return uri


async def wait_for(predicate: Any, timeout: float = 60.0, step: float = 0.05) -> None:
    """Poll ``predicate()`` until true; fail the test with a clear message on timeout."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"condition not met within {timeout} s")
        await asyncio.sleep(step)


def gptfix_diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    return [d for d in client.diagnostics.get(uri, []) if d.source == "gptfix"]


async def code_actions(
    client: LanguageClient, uri: str, diags: list[types.Diagnostic], only: list[str] | None = None
) -> list[Any]:
    """The actions listed for the first diagnostic's range.

    Command-only actions may come back structured as ``Command`` (lsprotocol cannot
    tell the union apart once ``command`` is set); both have a ``title``.
    """
    rng = diags[0].range if diags else types.Range(types.Position(0, 0), types.Position(0, 0))
    result = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diags, only=only),
        )
    )
    return list(result or [])


def action_command(action: Any) -> tuple[str, list[Any]]:
    """(command id, arguments) of a command-carrying action, however it was structured."""
    cmd = getattr(action, "command", None)
    if isinstance(cmd, str) and cmd.startswith("{"):
        # lsprotocol structured the CodeAction as a Command and stringified its command
        cmd = ast.literal_eval(cmd)
    if isinstance(cmd, dict):
        return cmd["command"], list(cmd.get("arguments") or [])
    if isinstance(cmd, types.Command):
        return cmd.command, list(cmd.arguments or [])
    return str(cmd), list(getattr(action, "arguments", None) or [])


async def command(client: LanguageClient, name: str, *args: Any) -> Any:
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command=name, arguments=list(args))
    )


def units(ch: str, encoding: str) -> int:
    """How many code units one character takes in an LSP position encoding."""
    if encoding == "utf-8":
        return len(ch.encode("utf-8"))
    if encoding == "utf-16":
        return len(ch.encode("utf-16-le")) // 2
    return 1


def text_in_range(text: str, rng: types.Range, encoding: str) -> str:
    """The text a client range covers, counting columns in ``encoding`` units."""
    marker = "\x00"
    edit = types.TextEdit(range=rng, new_text=marker)
    out = apply_text_edits(text, [edit], encoding)
    start = out.index(marker)
    return text[start : start + len(text) - len(out) + 1]


def apply_text_edits(text: str, edits: list[Any], encoding: str = "utf-16") -> str:
    """Apply LSP TextEdits the way an editor does, counting columns in ``encoding`` units."""
    lines = text.splitlines(keepends=True)

    def offset(pos: types.Position) -> int:
        if pos.line >= len(lines):
            return len(text)
        start = sum(len(line) for line in lines[: pos.line])
        counted = 0
        for i, ch in enumerate(lines[pos.line]):
            if counted >= pos.character or ch in "\r\n":
                return start + i
            counted += units(ch, encoding)
        return start + len(lines[pos.line])

    out = text
    for e in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        s, t = offset(e.range.start), offset(e.range.end)
        out = out[:s] + e.new_text + out[t:]
    return out


def edits_for(edit: types.WorkspaceEdit, uri: str) -> tuple[list[Any], int | None]:
    """The TextEdits a WorkspaceEdit makes to ``uri`` and the version it is pinned to."""
    if edit.document_changes:
        out: list[Any] = []
        version = None
        for change in edit.document_changes:
            if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
                version = change.text_document.version
                out.extend(
                    e
                    for e in change.edits
                    if isinstance(e, (types.TextEdit, types.AnnotatedTextEdit))
                )
        return out, version
    return list((edit.changes or {}).get(uri, [])), None


#: a plain-Python script (no TensorFlow: verifying a fix is a quick real run) with a typo
TYPO_SCRIPT = """def load():
    return [1, 2, 3]


data = load()
total = sum(dat)
print("total", total)
"""


def llm_env(tmp_path: Path) -> dict[str, str]:
    """The server's environment for LLM tests: private caches, no key from the developer."""
    env = {
        **os.environ,
        "GPTFIX_CACHE_DIR": str(tmp_path / "answers"),
        "TIKTOKEN_CACHE_DIR": str(tmp_path / "no-tiktoken"),
    }
    env.pop("OPENAI_API_KEY", None)
    return env


async def start_client(command: list[str], env: dict[str, str]) -> LanguageClient:
    client = make_client()
    await client.start_io(*command, env=env)
    return client


def open_notebook(client: LanguageClient, path: Path) -> tuple[str, list[str], list[str]]:
    """didOpen the notebook as VS Code does: one text document per cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    uri = path.resolve().as_uri()
    cell_uris = [
        f"vscode-notebook-cell:{path.resolve()}#W{i}sZmlsZQ%3D%3D" for i in range(len(cells))
    ]
    texts = ["".join(c["source"]) for c in cells]
    code = types.NotebookCellKind.Code
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    types.NotebookCell(
                        kind=code if c["cell_type"] == "code" else types.NotebookCellKind.Markup,
                        document=cell_uris[i],
                    )
                    for i, c in enumerate(cells)
                ],
            ),
            cell_text_documents=[
                types.TextDocumentItem(
                    uri=cell_uris[i],
                    language_id="python" if c["cell_type"] == "code" else "markdown",
                    version=1,
                    text=texts[i],
                )
                for i, c in enumerate(cells)
            ],
        )
    )
    return uri, cell_uris, texts
