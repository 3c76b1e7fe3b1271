"""The extension in a real VS Code (code-server), driven by headless Chromium.

Installs the packaged .vsix, opens a copy of a broken fixture, runs "gptfix: Smoke run" from the
command palette, waits for the diagnostic, applies the preferred quick fix, saves — then checks
the file on disk and runs the fixed script to completion. A second test runs "Ask AI to change
this…" against a local OpenAI-compatible server: the request typed into the input box, the
verified change previewed, applied and saved. The editor and browser driver are
installed once into ~/.cache/gptfix/vscode-e2e (reused on a warm machine); screenshots are
kept in its artifacts/ folder.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from gptfix.runner import run_script

ROOT = Path(__file__).resolve().parents[2]
EXT = ROOT / "client-vscode"
VSIX = EXT / "gptfix.vsix"
#: Outside the checkout, so a warm machine reuses the editor across clones (CI clones afresh).
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "gptfix" / "vscode-e2e"
ARTIFACTS = CACHE / "artifacts"
#: A fixture whose failure the offline rules fix with a verified, safe fix.
CASE = os.environ.get("GPTFIX_VSCODE_CASE", "06-adam-lr-keyword")

pytestmark = [pytest.mark.e2e, pytest.mark.tf]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def editor() -> dict[str, str]:
    if not VSIX.exists():
        pytest.skip("client-vscode/gptfix.vsix not built: run `make vsix` (make test does)")
    proc = subprocess.run(
        ["bash", str(EXT / "test-e2e" / "setup.sh"), str(CACHE)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if proc.returncode != 0:
        pytest.skip(f"cannot install code-server/chromium here: {proc.stderr.strip()[-300:]}")
    paths = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    chromium = shutil.which("chromium")
    if not chromium:
        pytest.skip("Debian chromium is not installed")
    paths["chromium"] = chromium
    return paths


def driver_env(
    editor: dict[str, str], workspace: Path, tmp_path: Path, screenshot: Path
) -> dict[str, str]:
    """The environment test-e2e/run.mjs reads (see its header)."""
    return {
        **os.environ,
        "PATH": f"{Path(editor['node']).parent}:{os.environ['PATH']}",
        "CODE_SERVER": editor["code_server"],
        "DRIVER_MODULES": editor["driver_modules"],
        "CHROMIUM": editor["chromium"],
        "VSIX": str(VSIX),
        "WORKSPACE": str(workspace),
        "SCRIPT": "train.py",
        "GPTFIX_PYTHON": sys.executable,
        "SCREENSHOT": str(screenshot),
        "STATE_DIR": str(tmp_path / "state"),
        "PORT": str(_free_port()),
    }


def test_smoke_run_diagnostic_and_quick_fix_in_real_vscode(editor, tmp_path: Path) -> None:
    fixture = ROOT / "fixtures" / CASE
    workspace = tmp_path / "ws"
    shutil.copytree(fixture, workspace)
    script = workspace / "train.py"
    expected = json.loads((fixture / "expected.json").read_text())
    broken = script.read_text(encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screenshot = ARTIFACTS / "vscode-diagnostic.png"
    env = driver_env(editor, workspace, tmp_path, screenshot)
    proc = subprocess.run(
        [editor["node"], str(EXT / "test-e2e" / "run.mjs")],
        env=env,
        capture_output=True,
        text=True,
        timeout=420,
    )
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["line"] == expected["line"], report
    fixed = script.read_text(encoding="utf-8")
    assert fixed != broken, "the quick fix did not change the file on disk"
    assert screenshot.exists()
    result = run_script(script, mode="smoke", timeout=300)
    assert result.status.value == "succeeded", result.failure and result.failure.to_json()


def test_ask_ai_change_previewed_and_applied_in_real_vscode(editor, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "llm"))
    from ask_answers import SEQ_BATCHNORM
    from fake_openai import FakeOpenAI, Reply

    workspace = tmp_path / "ws"
    workspace.mkdir()
    script = workspace / "train.py"
    shutil.copy(ROOT / "fixtures" / "01-missing-flatten" / "fixed.py", script)
    text = script.read_text(encoding="utf-8")
    model_line = 1 + next(
        i for i, t in enumerate(text.splitlines()) if t.startswith("model = keras.Sequential")
    )
    request = "add batch normalization after each conv layer"
    fake = FakeOpenAI(default=Reply(text=SEQ_BATCHNORM)).start()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {
        **driver_env(editor, workspace, tmp_path, ARTIFACTS / "vscode-ask.png"),
        "GPTFIX_CACHE_DIR": str(tmp_path / "answers"),
        "ASK_REQUEST": request,
        "ASK_LINE": str(model_line),
        "BASE_URL": fake.base_url,
        "E2E_TIMEOUT_MS": "420000",
    }
    try:
        proc = subprocess.run(
            [editor["node"], str(EXT / "test-e2e" / "run.mjs")],
            env=env,
            capture_output=True,
            text=True,
            timeout=480,
        )
    finally:
        fake.stop()
    assert proc.returncode == 0, f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "change previewed and applied" in report["steps"], report
    assert script.read_text(encoding="utf-8").count("layers.BatchNormalization(),") == 2
    assert len(fake.requests) == 1 and request in fake.requests[0]["messages"][-1]["content"]
