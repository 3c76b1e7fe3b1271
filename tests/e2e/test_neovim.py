"""A real editor: headless Neovim's built-in LSP client fixes a broken fixture with gptfix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "nvim" / "fix_with_gptfix.lua"


def neovim() -> str | None:
    """The nvim binary, installing Debian's package when missing (root only)."""
    found = shutil.which("nvim")
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "neovim"]):
        try:
            subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=240)
        except (subprocess.SubprocessError, OSError):
            return None
    return shutil.which("nvim")


@pytest.fixture(scope="session")
def nvim() -> str:
    path = neovim()
    if path is None:
        pytest.skip("Neovim is not installed and could not be installed with apt-get")
    return path


@pytest.mark.tf
@pytest.mark.e2e
def test_neovim_runs_diagnoses_and_fixes_a_fixture(nvim: str, scratch_fixture, tmp_path: Path):
    script: Path = scratch_fixture("06-adam-lr-keyword")
    text = script.read_text()
    failing_line = next(i for i, line in enumerate(text.splitlines()) if "Adam(lr=" in line)
    out = tmp_path / "nvim-result.json"
    env = {
        **os.environ,
        "GPTFIX_CMD": json.dumps([sys.executable, "-m", "gptfix", "lsp"]),
        "GPTFIX_OUT": str(out),
        "GPTFIX_WAIT_S": "180",
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    proc = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-n", "-c", f"luafile {SCRIPT}", str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=400,
        cwd=script.parent,
    )
    result = json.loads(out.read_text()) if out.exists() else {}
    assert proc.returncode == 0 and result.get("ok"), (result, proc.stderr[-2000:])
    assert result["run_status"] == "failed"
    assert result["diagnostic"] == {"line": failing_line, "code": "ValueError", "source": "gptfix"}
    assert "verified" in result["action"]
    # the written file is the repaired script, and it now runs to completion
    assert script.read_text() == (script.parent / "fixed.py").read_text()
    from gptfix.runner import run_script

    run = run_script(script, mode="smoke", smoke_steps=1, timeout=300)
    assert run.status.value == "succeeded", run.failure
