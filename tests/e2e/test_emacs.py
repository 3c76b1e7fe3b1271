"""A real editor without codeAction/resolve: Emacs' eglot fixes a fixture from a remote run's log."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "emacs" / "fix_with_gptfix.el"


def emacs() -> str | None:
    """emacs with eglot, installing Debian's packages when missing (root only)."""

    def usable() -> str | None:
        found = shutil.which("emacs")
        if found is None:
            return None
        probe = subprocess.run(
            [found, "--batch", "-q", "--eval", "(require 'eglot)"],
            capture_output=True,
            timeout=60,
        )
        return found if probe.returncode == 0 else None

    if usable():
        return usable()
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (
        ["apt-get", "update", "-qq"],
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "emacs-nox", "elpa-eglot"],
    ):
        try:
            subprocess.run(cmd, env=env, check=True, capture_output=True, timeout=240)
        except (subprocess.SubprocessError, OSError):
            return None
    return usable()


@pytest.fixture(scope="session")
def emacs_bin() -> str:
    path = emacs()
    if path is None:
        pytest.skip("Emacs with eglot is not installed and could not be installed with apt-get")
    return path


@pytest.mark.e2e
def test_eglot_loads_a_kaggle_log_and_applies_the_fix(
    emacs_bin: str, scratch_fixture, tmp_path: Path
):
    script: Path = scratch_fixture("06-adam-lr-keyword")
    text = script.read_text()
    line = next(i for i, src in enumerate(text.splitlines()) if "Adam(lr=" in src)
    log = script.parent / "kaggle.log"
    log.write_text(
        "Traceback (most recent call last):\n"
        f'  File "/kaggle/working/{script.name}", line {line + 1}, in <module>\n'
        f"    {text.splitlines()[line].strip()}\n"
        "ValueError: Argument(s) not recognized: {'lr': 0.0003}\n"
    )
    out = tmp_path / "emacs-result.json"
    env = {
        **os.environ,
        "GPTFIX_CMD": json.dumps([sys.executable, "-m", "gptfix", "lsp"]),
        "GPTFIX_LOG": str(log),
        "GPTFIX_OUT": str(out),
        "HOME": str(tmp_path),  # no user init, no state written to the real home
    }
    proc = subprocess.run(
        [emacs_bin, "--batch", "-q", "-l", str(SCRIPT), str(script)],
        env=env,
        capture_output=True,
        text=True,
        timeout=200,
        cwd=script.parent,
    )
    result = json.loads(out.read_text()) if out.exists() else {}
    assert proc.returncode == 0 and result.get("ok") is True, (result, proc.stderr[-2000:])
    assert result["shown"] is True and result["line"] == line
    assert result["action"].startswith("gptfix (ValueError): rename")
    assert script.read_text() == (script.parent / "fixed.py").read_text()
