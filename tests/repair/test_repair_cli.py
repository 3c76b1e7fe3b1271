"""The CLI around the repair engine: refusals, undo, check, and the probe it relies on."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from repair_support import FIXTURES, gptfix

from gptfix.errors import EXIT_READ_ONLY
from gptfix.runner.probe import Probe, clear_cache


def test_a_script_in_a_read_only_folder_gets_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    script = folder / "train.py"
    script.write_text("raise ValueError('broken')\n")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)
    try:
        proc = gptfix("run", "--smoke", "--fix", "--yes", str(script))
    finally:
        folder.chmod(0o755)
    assert proc.returncode == EXIT_READ_ONLY, proc.stderr
    assert "read-only" in proc.stderr and "nothing" not in proc.stdout
    assert proc.stderr.count("\n") == 1  # one line, no traceback
    assert script.read_text() == "raise ValueError('broken')\n"


def test_without_a_terminal_or_yes_a_verified_fix_is_not_applied(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("valeus = [1, 2, 3]\nprint(sum(values))\n")
    proc = gptfix("run", "--smoke", "--fix", str(script))
    assert proc.returncode == 10
    assert "verified" in proc.stdout and "pass --yes" in proc.stdout
    assert script.read_text() == "valeus = [1, 2, 3]\nprint(sum(values))\n"


def test_fix_then_undo_restores_the_exact_bytes(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    original = b"# -*- coding: utf-8 -*-\r\nimport math\r\nvalue = math.sqrtt(4)\r\nprint('caf\xc3\xa9', value)\r\n"
    script.write_bytes(original)
    proc = gptfix("run", "--smoke", "--fix", "--yes", "--json", str(script))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["status"] == "succeeded"
    assert data["rounds"][-1]["applied"] is True and data["rounds"][-1]["verified"] is True
    assert b"value = math.sqrt(4)\r\n" in script.read_bytes()  # line endings kept
    undo = gptfix("undo", str(script))
    assert undo.returncode == 0, undo.stderr
    assert script.read_bytes() == original


@pytest.mark.tf
def test_check_prints_layers_and_warns_before_an_oom(tmp_path: Path) -> None:
    fixed = FIXTURES / "01-missing-flatten" / "fixed.py"
    proc = gptfix("check", str(fixed), "--gpu-mem", "1", "--batch-size", "4096")
    assert proc.returncode == 11, proc.stdout + proc.stderr
    assert "Flatten" in proc.stdout and "Conv2D" in proc.stdout
    assert "warning: this will likely run out of GPU memory" in proc.stdout
    assert "halve the batch size" in proc.stdout
    as_json = gptfix("check", str(fixed), "--gpu-mem", "16", "--json")
    data = json.loads(as_json.stdout)
    assert as_json.returncode == 0
    layers = data["build"]["models"][0]["layers"]
    assert [layer["class"] for layer in layers][:2] == ["Conv2D", "MaxPooling2D"]
    fc = data["forecast"]
    assert fc["fits"] is True and fc["batch_size"] == 16  # BATCH_SIZE in the script
    assert fc["params"] == data["build"]["models"][0]["params"] > 0


@pytest.mark.tf
def test_probe_answers_from_the_users_interpreter_and_caches() -> None:
    clear_cache()
    probe = Probe(sys.executable, ["import keras", "import numpy as np"])
    params = probe.params("keras.optimizers.Adam")
    assert params is not None and "learning_rate" in params and "lr" not in params
    found = probe.exists(
        ["keras.layers.RandomFlip", "keras.layers.experimental", "np.float64", "np.float"]
    )
    assert found == {
        "keras.layers.RandomFlip": True,
        "keras.layers.experimental": False,
        "np.float64": True,
        "np.float": False,
    }
    calls = probe.calls
    assert probe.params("keras.optimizers.Adam") == params
    assert probe.calls == calls  # answered from the cache


def test_probe_of_a_missing_interpreter_answers_unknown(tmp_path: Path) -> None:
    probe = Probe(str(tmp_path / "no-python"), ["import os"])
    assert probe.params("os.path.join") is None
    assert probe.exists(["os.sep"]) == {"os.sep": False}
    assert os.path.exists(tmp_path)
