"""From the diagnostic to a verified fix in the code-action list, against a plain run of the fix.

Usage (from the repository root):

    .venv/bin/python bench/bench_verify_lsp.py              # fixtures 01 03 06, both servers
    .venv/bin/python bench/bench_verify_lsp.py 01 --server gptfix

For each fixture (a scratch copy), a real LSP client (pygls, VS Code's capabilities)
starts the server over stdio (``gptfix lsp``, or pylsp with the gptfix plugin), opens
``train.py`` and executes ``gptfix.run`` with ``{"smoke": true}``. The clock starts when
the gptfix diagnostic is published; the client then asks for code actions on its line
every 100 ms until a title says ``[verified``. The same session times a plain
``python fixed.py`` (the fixed script, full run, in its folder). Ratio < 1: the verified
fix is in the menu before a plain run of the fixed script would have finished.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from lsprotocol import types
from pytest_lsp import client_capabilities

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lsp import make_client  # noqa: E402

PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent
SERVERS = {
    "gptfix": [PY, "-m", "gptfix", "lsp"],
    "pylsp": [str(Path(PY).with_name("pylsp"))],
}


async def to_verified(cmd: list[str], script: Path, limit: float) -> dict[str, Any]:
    client = make_client()
    published: dict[str, float] = {}  # when the diagnostic was first seen (50 ms polls)
    await client.start_io(*cmd)
    await client.initialize_async(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=script.parent.as_uri(),
        )
    )
    client.initialized(types.InitializedParams())
    uri = script.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=script.read_text()
            )
        )
    )
    started = time.monotonic()
    run = asyncio.ensure_future(
        client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="gptfix.run", arguments=[uri, {"smoke": True}])
        )
    )
    first_menu: list[str] = []
    verified_title = None
    while time.monotonic() - started < limit:
        await asyncio.sleep(0.05)
        diags = [d for d in client.diagnostics.get(uri, []) if d.source == "gptfix"]  # type: ignore[attr-defined]
        if not diags:
            continue
        if uri not in published:
            published[uri] = time.monotonic()
        else:
            await asyncio.sleep(0.05)
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=diags[0].range,
                context=types.CodeActionContext(diagnostics=diags),
            )
        )
        titles = [a.title for a in actions or [] if isinstance(a, types.CodeAction)]
        if not first_menu:
            first_menu = titles
        verified_title = next((t for t in titles if "[verified" in t), None)
        if verified_title:
            break
    done = time.monotonic()
    await run
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.sleep(0.2)
    await client.stop()
    diag_at = published.get(uri)
    return {
        "run_to_diag": (diag_at - started) if diag_at else None,
        "diag_to_verified": (done - diag_at) if diag_at and verified_title else None,
        "title": verified_title,
        "first_menu": first_menu,
    }


def plain_run(folder: Path) -> float:
    start = time.monotonic()
    subprocess.run(
        [PY, "fixed.py"], cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    return time.monotonic() - start


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*", default=["01", "03", "06"])
    parser.add_argument("--server", choices=[*SERVERS, "both"], default="both")
    parser.add_argument("--limit", type=float, default=180.0)
    args = parser.parse_args()
    servers = list(SERVERS) if args.server == "both" else [args.server]
    folders = sorted(
        p.parent
        for p in (ROOT / "fixtures").glob("*/fixed.py")
        if any(p.parent.name.startswith(x) for x in args.prefixes)
    )
    print(
        "| server | case | run -> diagnostic | diagnostic -> verified fix | "
        "plain `python fixed.py` | ratio | verified fix |"
    )
    print("|---|---|---:|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in servers:
            for folder in folders:
                dest = Path(tmp) / name / folder.name
                shutil.copytree(folder, dest)
                got = await to_verified(SERVERS[name], dest / "train.py", args.limit)
                plain = plain_run(dest)
                lag = got["diag_to_verified"]
                ratio = f"{lag / plain:.2f}" if lag is not None else "-"
                lag_s = f"{lag:.1f} s" if lag is not None else "none in time"
                diag = f"{got['run_to_diag']:.1f} s" if got["run_to_diag"] else "-"
                print(
                    f"| {name} | {folder.name} | {diag} | {lag_s} | {plain:.1f} s | {ratio} | "
                    f"{got['title'] or ''} |",
                    flush=True,
                )


if __name__ == "__main__":
    asyncio.run(main())
