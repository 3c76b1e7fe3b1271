"""The runner as a process manager: timeout, cancel, big output, args, cwd, interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from gptfix.errors import EXIT_NO_SCRIPT, EXIT_NOT_PYTHON, EXIT_USAGE, GptfixError
from gptfix.model import RunStatus
from gptfix.runner import run_script


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (already dead, not yet reaped by its new parent) counts as gone
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def test_timeout_kills_the_script_and_its_children(write_script, tmp_path):
    pidfile = tmp_path / "child.pid"
    script = write_script(
        f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open({str(pidfile)!r}, "w").write(str(child.pid))
        print("started", flush=True)
        time.sleep(60)
        """
    )
    start = time.monotonic()
    result = run_script(script, timeout=3.0)
    elapsed = time.monotonic() - start
    assert result.status is RunStatus.TIMEOUT
    assert result.exit_code == 124
    assert elapsed < 15
    child = int(pidfile.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the script's child process survived the timeout"


def test_cancel_stops_the_run(write_script):
    script = write_script("import time\nprint('up', flush=True)\ntime.sleep(60)\n")
    cancel = threading.Event()
    seen: list[str] = []

    def on_output(stream: str, text: str) -> None:
        seen.append(text)
        cancel.set()

    start = time.monotonic()
    result = run_script(script, cancel=cancel, on_output=on_output)
    assert time.monotonic() - start < 15
    assert result.status is RunStatus.FAILED
    assert result.exit_code == 130
    assert seen == ["up\n"]


def test_output_of_any_size_streams_with_bounded_memory(tmp_path, write_script):
    """200 MB through the runner: every byte reaches on_output; gptfix's RSS stays small."""
    script = write_script(
        """
        import sys
        line = "x" * 9999 + "\\n"
        for _ in range(10000):          # 100 MB in lines
            sys.stdout.write(line)
        sys.stdout.flush()
        chunk = "y" * (1 << 20)
        for _ in range(100):            # 100 MB more as one endless line, on stderr
            sys.stderr.write(chunk)
        raise SystemExit(5)
        """
    )
    probe = tmp_path / "probe.py"
    probe.write_text(
        f"""
import json, sys
from pathlib import Path
from gptfix.runner import run_script
def hwm_kb():
    # VmHWM: this process image's peak RSS (ru_maxrss would carry the forking parent's)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM")
counts = {{"stdout": 0, "stderr": 0}}
longest = [0]
def on_output(stream, text):
    counts[stream] += len(text)
    longest[0] = max(longest[0], len(text))
before = hwm_kb()
result = run_script(Path({str(script)!r}), on_output=on_output)
after = hwm_kb()
print(json.dumps({{"counts": counts, "longest": longest[0], "grew_kb": after - before,
                  "peak_kb": after, "exit": result.exit_code}}))
"""
    )
    out = subprocess.run(
        [sys.executable, str(probe)], capture_output=True, text=True, timeout=120, check=True
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    assert data["exit"] == 5
    assert data["counts"] == {"stdout": 100_000_000, "stderr": 100 * (1 << 20)}
    assert data["longest"] <= 64 * 1024  # an endless line arrives in bounded pieces
    assert data["grew_kb"] < 60_000, data  # far below the 200 MB that went through
    assert data["peak_kb"] < 150_000, data


def test_arguments_after_the_script_and_cwd_is_the_script_folder(write_script, tmp_path):
    script = write_script(
        """
        import json, os, sys
        print(json.dumps({"cwd": os.getcwd(), "argv": sys.argv[1:]}))
        """
    )
    lines: list[str] = []
    result = run_script(
        script,
        args=["--epochs", "3", "a b"],
        on_output=lambda stream, text: lines.append(text) if stream == "stdout" else None,
    )
    assert result.status is RunStatus.SUCCEEDED and result.exit_code == 0
    data = json.loads("".join(lines))
    assert data["cwd"] == str(script.parent)
    assert data["argv"] == ["--epochs", "3", "a b"]


def test_exit_code_is_the_scripts_own(write_script):
    result = run_script(write_script("import sys\nsys.exit(3)\n"))
    assert result.status is RunStatus.FAILED
    assert result.exit_code == 3
    assert result.failure is None


def test_another_interpreter_runs_the_script(tmp_path, write_script):
    venv = tmp_path / "other-venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    script = write_script(
        """
        import sys
        print(sys.prefix)
        def load(path):
            return open(path).read()
        load("missing.csv")
        """
    )
    lines: list[str] = []
    result = run_script(
        script,
        python=str(python),
        on_output=lambda stream, text: lines.append(text) if stream == "stdout" else None,
    )
    assert lines[0].strip() == str(venv)
    # the boot hook works in that interpreter too: the failure is recorded and located
    assert result.failure is not None
    assert result.failure.type == "FileNotFoundError"
    assert result.failure.location is not None and result.failure.location.line == 4
    assert result.failure.facts["locals"]["path"]["repr"] == "'missing.csv'"


def test_bad_inputs_raise_one_line_errors(tmp_path):
    with pytest.raises(GptfixError) as missing:
        run_script(tmp_path / "nope.py")
    assert missing.value.exit_code == EXIT_NO_SCRIPT
    binary = tmp_path / "model.py"
    binary.write_bytes(b"\x89HDF\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(GptfixError) as not_python:
        run_script(binary)
    assert not_python.value.exit_code == EXIT_NOT_PYTHON
    script = tmp_path / "ok.py"
    script.write_text("print(1)\n")
    with pytest.raises(GptfixError) as bad_python:
        run_script(script, python=str(tmp_path / "no-python"))
    assert bad_python.value.exit_code == EXIT_USAGE
    for err in (missing.value, not_python.value, bad_python.value):
        assert "\n" not in err.message
