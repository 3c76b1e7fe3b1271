"""textDocument/codeAction latency over stdio: `gptfix lsp` beside pylsp, same file, same positions.

Usage: .venv/bin/python bench/bench_lsp.py [--chars 30000] [--positions 60]

Writes the 30k-character KerasCV-starter-style script of ``bench_index.py`` to a temp
folder, starts each server over stdio with a pygls client (VS Code's captured
capabilities), opens the file, waits until the server has indexed it, then asks for
code actions at the same positions (each line range once, no diagnostics; then, for
gptfix, on the line of a failure loaded from a log, with its diagnostic). Prints p50/p95
per server and the server's RSS after opening the file.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import attrs
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.protocol import default_converter
from pytest_lsp import client_capabilities

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_index import make_script  # noqa: E402

PY = sys.executable


def converter():  # type: ignore[no-untyped-def]
    conv = default_converter()
    for cls in (types.NotebookDocumentFilterWithNotebook, types.NotebookDocumentFilterWithCells):
        conv.register_structure_hook(attrs.fields(cls).notebook.type, lambda o, _: o)
    return conv


def make_client() -> LanguageClient:
    client = LanguageClient("bench", "1", converter_factory=converter)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def configuration(params: types.ConfigurationParams) -> list[Any]:
        return [{} for _ in params.items]

    @client.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
    def progress_create(params: types.WorkDoneProgressCreateParams) -> None:
        return None

    client.diagnostics = {}  # type: ignore[attr-defined]

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def diagnostics(params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics  # type: ignore[attr-defined]

    for method in (types.WINDOW_LOG_MESSAGE, types.WINDOW_SHOW_MESSAGE, types.PROGRESS):
        client.feature(method)(lambda params: None)
    return client


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(
    name: str, cmd: list[str], script: Path, lines: list[int], log_line: int | None
) -> dict[str, Any]:
    client = make_client()
    await client.start_io(*cmd)
    t0 = time.perf_counter()
    await client.initialize_async(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    client.initialized(types.InitializedParams())
    init_ms = (time.perf_counter() - t0) * 1000
    uri = script.as_uri()
    text = script.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=text
            )
        )
    )

    counts: list[int] = []

    async def ask(line: int, diags: list[types.Diagnostic]) -> float:
        start = time.perf_counter()
        result = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(types.Position(line, 0), types.Position(line, 4)),
                context=types.CodeActionContext(diagnostics=diags),
            )
        )
        elapsed = (time.perf_counter() - start) * 1000
        counts.append(len(result or []))
        return elapsed

    await ask(0, [])  # first request: document synced and handled
    await asyncio.sleep(2.0)  # past debounce and indexing (pylsp lints meanwhile)
    pid = client._server.pid  # type: ignore[union-attr]
    rss = rss_mib(pid)
    counts.clear()
    plain = [await ask(line, []) for line in lines]
    plain_actions = sum(counts)
    counts.clear()
    with_diag: list[float] = []
    if log_line is not None:
        log = (
            "Traceback (most recent call last):\n"
            f'  File "/kaggle/working/{script.name}", line {log_line + 1}, in <module>\n'
            f"    {text.splitlines()[log_line].strip()}\n"
            "ValueError: Argument(s) not recognized: {'lr': 0.0003}\n"
        )
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="gptfix.loadLog", arguments=[uri, {"text": log}])
        )
        diags = [d for d in client.diagnostics.get(uri, []) if d.source == "gptfix"]  # type: ignore[attr-defined]
        with_diag = [await ask(log_line, diags) for _ in lines]
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.sleep(0.2)
    await client.stop()
    return {
        "name": name,
        "init_ms": init_ms,
        "rss": rss,
        "plain": plain,
        "diag": with_diag,
        "plain_actions": plain_actions,
        "diag_actions": sum(counts),
    }


def row(r: dict[str, Any], key: str, label: str) -> str:
    v = r[key]
    actions = r[f"{key}_actions"]
    return (
        f"| {r['name']} | {label} | {len(v)} | {actions} | {pct(v, 0.5):.1f} | "
        f"{pct(v, 0.95):.1f} | {r['rss']:.0f} |"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=30_000)
    parser.add_argument("--positions", type=int, default=60)
    args = parser.parse_args()
    text = make_script(min_chars=args.chars)
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "train.py"
        script.write_text(text, encoding="utf-8")
        n = len(text.splitlines())
        lines = [round(i * (n - 1) / max(args.positions - 1, 1)) for i in range(args.positions)]
        log_line = next(i for i, line in enumerate(text.splitlines()) if "model.compile(" in line)
        gptfix = await measure("gptfix lsp", [PY, "-m", "gptfix", "lsp"], script, lines, log_line)
        pylsp = await measure(
            "pylsp (default plugins)", [str(Path(PY).with_name("pylsp"))], script, lines, None
        )
    print(f"script: {len(text):,} chars, {n:,} lines; {len(lines)} positions")
    print("| server | request | n | actions returned | p50 ms | p95 ms | RSS after open (MiB) |")
    print("|---|---|---|---|---|---|---|")
    print(row(gptfix, "plain", "codeAction, no diagnostic"))
    print(row(gptfix, "diag", "codeAction on a gptfix diagnostic"))
    print(row(pylsp, "plain", "codeAction, no diagnostic"))
    print(f"initialize: gptfix {gptfix['init_ms']:.0f} ms, pylsp {pylsp['init_ms']:.0f} ms")


if __name__ == "__main__":
    asyncio.run(main())
