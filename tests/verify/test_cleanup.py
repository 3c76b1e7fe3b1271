"""SIGTERM during verification, through the real CLI: the child dies, the working copy goes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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


def test_sigterm_during_verification_kills_the_child_and_removes_the_copy(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "proj"
    folder.mkdir()
    script = folder / "train.py"
    # the run fails on a typo; the verified fix (the right name) then sleeps for minutes
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
        found = temp.glob("gptfix-verify-*/**/pid.txt")  # the copy's own, not the symlink
        pid_files = [p for p in found if not p.is_symlink() and p.stat().st_size]
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
