"""SIGTERM or shutdown during verification (real CLI, real server): no child, no copy is left."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import client_capabilities, make_test_lsp_client

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        return "Z" not in stat.read_text().rsplit(")", 1)[-1][:3]
    except OSError:
        return False


def _ours(temp: Path) -> list[int]:
    """Live processes whose environment points at this test's temp folder."""
    marker = f"TMPDIR={temp}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or not _alive(int(proc.name)):
            continue
        try:
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if marker in environ.split(b"\0"):
            found.append(int(proc.name))
    return found


def _typo_project(tmp_path: Path) -> tuple[Path, Path, str, Path, dict[str, str]]:
    """A script that fails on a typo; its verified fix (the right name) sleeps for minutes."""
    folder = tmp_path / "proj"
    folder.mkdir()
    script = folder / "train.py"
    text = (
        "import os\nimport time\n\n"
        "open('pid.txt', 'w').write(str(os.getpid()))\n"
        "delay = 600\ntime.sleep(dleay)\n"
    )
    script.write_text(text)
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(
        os.environ,
        TMPDIR=str(temp),
        PYTHONPATH=os.pathsep.join([str(ROOT / "server"), os.environ.get("PYTHONPATH", "")]),
        GPTFIX_WARM_MODULES="json",
    )
    return folder, script, text, temp, env


def _copy_pid_files(temp: Path) -> list[Path]:
    """pid.txt written by the script inside a working copy (not the symlink to the folder's)."""
    found = temp.glob("gptfix-verify-*/**/pid.txt")
    return [p for p in found if not p.is_symlink() and p.stat().st_size]


def test_sigterm_during_verification_kills_the_child_and_removes_the_copy(
    tmp_path: Path,
) -> None:
    folder, script, text, temp, env = _typo_project(tmp_path)
    cli = subprocess.Popen(
        [sys.executable, "-m", "gptfix", "run", "--smoke", "--fix", "--yes", str(script)],
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    pid_files: list[Path] = []
    deadline = time.monotonic() + 90
    while not pid_files and time.monotonic() < deadline and cli.poll() is None:
        time.sleep(0.2)
        pid_files = _copy_pid_files(temp)
    assert pid_files, "verification never started"
    child = int(pid_files[0].read_text())
    assert _alive(child)
    cli.send_signal(signal.SIGTERM)
    cli.wait(timeout=30)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child)
    assert _ours(temp) == [], "a process of that gptfix run outlived it (worker or script)"
    assert not list(temp.glob("gptfix-*")), "a working copy was left behind"
    assert script.read_text() == text  # nothing unverified was written
    assert sorted(p.name for p in folder.iterdir()) == ["pid.txt", "train.py"]


async def _server_shutdown_during_verification(tmp_path: Path) -> None:
    folder, script, text, temp, env = _typo_project(tmp_path)
    client = make_test_lsp_client()
    await client.start_io(sys.executable, "-m", "gptfix", "lsp", env=env, cwd=str(folder))
    await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            initialization_options={"runTimeout": 120},
        )
    )
    uri = script.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri, "python", 1, script.read_text())
        )
    )
    await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="gptfix.run", arguments=[uri, {"smoke": True}])
    )
    deadline = time.monotonic() + 90
    while not _copy_pid_files(temp) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    assert _copy_pid_files(temp), "background verification never started"
    child = int(_copy_pid_files(temp)[0].read_text())
    assert _alive(child)
    server = client._server  # type: ignore[attr-defined]
    await client.shutdown_session()
    await asyncio.wait_for(server.wait(), timeout=30)
    await client.stop()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert not _alive(child)
    deadline = time.monotonic() + 10  # a loaded machine may take a moment to reap them
    while _ours(temp) and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    assert _ours(temp) == [], "a process of the server outlived it (worker or script)"
    assert not list(temp.glob("gptfix-*")), "a working copy was left behind"
    assert script.read_text() == text


def test_shutting_the_server_down_during_background_verification_cleans_up(
    tmp_path: Path,
) -> None:
    asyncio.run(_server_shutdown_during_verification(tmp_path))
