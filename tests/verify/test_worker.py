"""The warm worker: forked runs report what a cold start reports; it survives bad scripts."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from gptfix.model import RunStatus
from gptfix.runner import run_script, worker


@pytest.fixture
def light(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Workers that warm up nothing (fast to start); all stopped afterwards."""
    monkeypatch.setenv("GPTFIX_WARM_MODULES", "json")
    worker.shutdown()
    yield
    worker.shutdown()


def _ready(env: dict[str, str] | None = None) -> worker.Worker:
    base = dict(os.environ if env is None else env)
    w = worker.get(sys.executable, base)
    deadline = time.monotonic() + 60
    while w is None and time.monotonic() < deadline:
        time.sleep(0.1)
        w = worker.get(sys.executable, base)
    assert w is not None, "the worker did not start"
    return w


def _collect(lines: list[str]):  # noqa: ANN202
    return lambda stream, text: lines.append(text)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "proj" / "train.py"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def test_a_warm_run_reports_what_a_cold_run_reports(tmp_path: Path, light: None) -> None:
    script = _write(
        tmp_path,
        """\
        import sys
        print("args", sys.argv[1:], __name__, __file__.endswith("train.py"))
        values = [1, 2]
        values[5]
        """,
    )
    _ready()
    runs = {}
    for warm in (False, True):
        lines: list[str] = []
        runs[warm] = run_script(
            script, mode="smoke", args=["--x"], warm=warm, on_output=_collect(lines)
        )
        assert "args ['--x'] __main__ True" in "".join(lines)
    cold, hot = runs[False], runs[True]
    assert hot.warm and not cold.warm
    assert (hot.status, hot.exit_code) == (cold.status, cold.exit_code) == (RunStatus.FAILED, 1)
    assert hot.failure is not None and cold.failure is not None
    assert (hot.failure.type, hot.failure.message) == ("IndexError", "list index out of range")
    assert hot.failure.location == cold.failure.location
    assert hot.failure.location is not None and hot.failure.location.line == 4


def test_hanging_and_crashing_scripts_are_killed_and_the_worker_stays(
    tmp_path: Path, light: None
) -> None:
    w = _ready()
    pid = w.proc.pid
    hang = _write(tmp_path, "import time\nprint('start', flush=True)\ntime.sleep(600)\n")
    started = time.monotonic()
    result = run_script(hang, mode="smoke", timeout=2, warm=True)
    assert result.warm and result.status is RunStatus.TIMEOUT
    assert time.monotonic() - started < 15
    crash = _write(tmp_path, "import os\nos.abort()\n")
    result = run_script(crash, mode="build", warm=True)
    assert result.warm and result.exit_code == 128 + signal.SIGABRT
    good = _write(tmp_path, "print('fine')\n")
    result = run_script(good, mode="smoke", warm=True)
    assert result.warm and result.status is RunStatus.SUCCEEDED
    assert worker.get(sys.executable, dict(os.environ)) is w and w.proc.pid == pid


def test_the_worker_is_restarted_when_installed_packages_change(
    tmp_path: Path, light: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    packages = tmp_path / "extra-packages"
    packages.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(packages))
    first = _ready()
    time.sleep(0.05)
    (packages / "newpkg.py").write_text("X = 1\n")  # an install changes the folder
    os.utime(packages, (time.time() + 5, time.time() + 5))
    second = _ready()
    assert second is not first and second.proc.pid != first.proc.pid
    assert first.proc.poll() is not None  # the old one was stopped


def test_the_worker_dies_with_the_process_that_started_it(tmp_path: Path) -> None:
    program = textwrap.dedent(
        """\
        import os, sys, time
        from gptfix.runner import worker
        env = dict(os.environ, GPTFIX_WARM_MODULES="json")
        w = None
        while w is None:
            w = worker.get(sys.executable, env)
            time.sleep(0.1)
        print(w.proc.pid, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", program], stdout=subprocess.PIPE, text=True, env=dict(os.environ)
    )
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    os.kill(pid, 0)  # alive
    parent.kill()  # no cleanup code runs in the parent
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        if "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]:
            break  # exited, waiting to be reaped by init
        time.sleep(0.1)
    stat = Path(f"/proc/{pid}/stat")
    assert not stat.exists() or "Z" in stat.read_text().split(")")[-1][:3]


@pytest.mark.tf
def test_tensorflow_is_imported_once_and_forked_runs_build_and_train(scratch_fixture) -> None:
    worker.shutdown()
    script = scratch_fixture("01-missing-flatten")
    text = (script.parent / "fixed.py").read_text()
    w = worker.get(sys.executable, dict(os.environ))
    deadline = time.monotonic() + 180
    while (w is None or not w.usable()) and time.monotonic() < deadline:
        time.sleep(0.5)
        w = worker.get(sys.executable, dict(os.environ))
    assert w is not None and w.hello.get("safe") is True
    assert "tensorflow" in (w.hello.get("imported") or [])
    build = run_script(script, mode="build", text=text, warm=True, timeout=120)
    smoke = run_script(script, mode="smoke", text=text, warm=True, timeout=120)
    assert build.warm and smoke.warm
    assert build.status is RunStatus.SUCCEEDED and build.build and build.build["models"]
    assert smoke.status is RunStatus.SUCCEEDED
    assert smoke.smoke and any("steps_per_epoch -> 2" in c for c in smoke.smoke["capped"])
    worker.shutdown()


def test_interpreter_probes_are_forked_from_a_ready_worker(
    light: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gptfix.runner.probe import Probe, clear_cache

    # `colorsys` is imported by the worker only: a probe sees it only when forked from there
    query = "__import__('sys').modules['colorsys']"
    clear_cache()
    assert Probe(sys.executable, ["import json"]).exists([query]) == {query: False}
    monkeypatch.setenv("GPTFIX_WARM_MODULES", "colorsys")
    _ready()
    clear_cache()
    probe = Probe(sys.executable, ["import json"])
    assert probe.exists([query, "json.dumps", "json.nope"]) == {
        query: True,
        "json.dumps": True,
        "json.nope": False,
    }
    clear_cache()


def test_a_script_that_sets_its_environment_before_importing_keras_starts_cold(
    tmp_path: Path, light: None
) -> None:
    _ready()
    setting = _write(
        tmp_path,
        "import os\nos.environ['KERAS_BACKEND'] = 'jax'\nprint(os.environ['KERAS_BACKEND'])\n",
    )
    assert not run_script(setting, mode="smoke", warm=True).warm  # read at import: go cold
    plain = _write(tmp_path, "import os\nprint(os.environ.get('KERAS_BACKEND'))\n")
    assert run_script(plain, mode="smoke", warm=True).warm


def test_cancelling_a_warm_sandboxed_run_kills_it_and_removes_the_copy(
    tmp_path: Path, light: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile
    import threading

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    _ready()
    script = _write(tmp_path, "print('original')\n")
    cancel = threading.Event()
    threading.Timer(1.5, cancel.set).start()
    started = time.monotonic()
    result = run_script(
        script, mode="smoke", text="import time\ntime.sleep(600)\n", cancel=cancel, warm=True
    )
    assert result.warm and result.exit_code == 130
    assert time.monotonic() - started < 20
    assert list(temp.iterdir()) == []  # working copy and report folder are gone
