"""`gptfix run` and `gptfix diagnose` as a user runs them: output, JSON, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from gptfix.errors import (
    EXIT_NO_CODE_CELLS,
    EXIT_NO_SCRIPT,
    EXIT_NO_TRACEBACK,
    EXIT_NOT_PYTHON,
    EXIT_TIMEOUT,
    EXIT_UNREADABLE,
)

SCRIPT = """
import json
import numpy as np

def normalise(batch, stats):
    scale = np.ones((5, 2))
    return batch @ scale + json.loads(stats)["mean"]

images = np.zeros((3, 4), dtype="float32")
out = normalise(images, '{"mean": 0.5}')
"""


def gptfix(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def write(folder: Path, text: str, name: str = "train.py") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_failure_is_printed_like_a_compiler_error(tmp_path):
    write(tmp_path, SCRIPT)
    proc = gptfix("run", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    head = [ln for ln in lines if ln.startswith("train.py:6:")]
    assert head == [
        "train.py:6:12: ValueError: matmul: Input operand 1 has a mismatch in its core "
        "dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size 5 is different from 4)"
    ]
    at = lines.index(head[0])
    assert lines[at + 1] == ' 6 |     return batch @ scale + json.loads(stats)["mean"]'
    assert lines[at + 2] == "   |            ^^^^^^^^^^^^^"
    assert "  train.py:9 in <module>: out = normalise(images, '{\"mean\": 0.5}')" in lines
    assert '  train.py:6 in normalise: return batch @ scale + json.loads(stats)["mean"]' in lines
    assert "locals in normalise (train.py:6):" in lines
    assert any(
        ln.split() == ["batch", "numpy.ndarray", "shape=(3,", "4)", "dtype=float32"] for ln in lines
    )
    assert any(ln.startswith("versions: python 3.") and "numpy" in ln for ln in lines)
    assert lines[-1].startswith("gptfix: train.py failed after ") and lines[-1].endswith("(exit 1)")
    # the script's own traceback still reaches the user unchanged
    assert "Traceback (most recent call last):" in proc.stderr


def test_library_frames_collapse_to_one_line(tmp_path):
    write(tmp_path, "import json\n\nconfig = json.loads('{\"lr\": 0.1,}')\n")
    proc = gptfix("run", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert (
        "train.py:3:10: JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 12 (char 11)"
        in proc.stderr
    )
    assert "  ... 3 frames in json" in proc.stderr.splitlines()


def test_json_goes_to_stdout_and_the_scripts_output_to_stderr(tmp_path):
    write(tmp_path, 'print("epoch 1/3")\n' + SCRIPT)
    proc = gptfix("run", "--json", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert "epoch 1/3" in proc.stderr and "epoch 1/3" not in proc.stdout
    data = json.loads(proc.stdout)
    assert set(data) >= {"status", "exit_code", "failure", "smoke"}
    assert (data["status"], data["exit_code"], data["smoke"]) == ("failed", 1, None)
    failure = data["failure"]
    assert failure["type"] == "ValueError"
    assert failure["location"]["path"] == str(tmp_path / "train.py")
    assert (failure["location"]["line"], failure["location"]["column"]) == (8, 12)
    assert isinstance(failure["frames"], list) and isinstance(failure["causes"], list)
    assert failure["facts"]["locals"]["scale"]["shape"] == [5, 2]


def test_success_exit_code_and_arguments_after_double_dash(tmp_path):
    write(tmp_path, "import sys\nprint('args', sys.argv[1:])\nsys.exit(int(sys.argv[2]))\n")
    proc = gptfix("run", "train.py", "--", "--code", "7", cwd=tmp_path)
    assert proc.returncode == 7
    assert proc.stdout == "args ['--code', '7']\n"
    assert proc.stderr.splitlines()[-1].startswith("gptfix: train.py exited with code 7")
    ok = gptfix("run", "--json", "train.py", "--", "--code", "0", cwd=tmp_path)
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["status"] == "succeeded"


def test_timeout_exit_code(tmp_path):
    write(tmp_path, "import time\ntime.sleep(30)\n")
    proc = gptfix("run", "--timeout", "1", "--json", "train.py", cwd=tmp_path)
    assert proc.returncode == EXIT_TIMEOUT
    assert json.loads(proc.stdout)["status"] == "timeout"


def test_smoke_run_without_training_says_so(tmp_path):
    write(tmp_path, "print('hello')\n")
    proc = gptfix("run", "--smoke", "train.py", cwd=tmp_path)
    assert proc.returncode == 0
    assert "smoke run: nothing to cap" in proc.stderr


def test_syntax_error_is_a_run_not_a_bad_input(tmp_path):
    write(tmp_path, "model = build(\nprint('x')\n")
    proc = gptfix("run", "--json", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    failure = json.loads(proc.stdout)["failure"]
    assert failure["type"] == "SyntaxError"
    assert failure["location"]["line"] == 1


def _one_line_error(proc: subprocess.CompletedProcess[str], code: int) -> str:
    assert proc.returncode == code, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gptfix: ")
    return lines[0]


def test_bad_input_exit_codes(tmp_path):
    msg = _one_line_error(gptfix("run", "missing.py", cwd=tmp_path), EXIT_NO_SCRIPT)
    assert "missing.py" in msg
    (tmp_path / "weights.py").write_bytes(b"\x89HDF\r\n\x1a\n\x00\x00\x01\x08")
    _one_line_error(gptfix("run", "weights.py", cwd=tmp_path), EXIT_NOT_PYTHON)
    (tmp_path / "latin1.py").write_bytes("# caf\xe9\nprint(1)\n".encode("latin-1"))
    _one_line_error(gptfix("run", "latin1.py", cwd=tmp_path), EXIT_NOT_PYTHON)
    (tmp_path / "data.csv").write_text("image id,label\ncat 01.png,3\n")
    _one_line_error(gptfix("run", "data.csv", cwd=tmp_path), EXIT_NOT_PYTHON)


def test_diagnose_maps_a_log_from_another_machine(tmp_path):
    write(tmp_path, SCRIPT)
    log = tmp_path / "run.log"
    log.write_text(
        "Epoch 1/3\n"
        "Traceback (most recent call last):\n"
        '  File "/kaggle/working/train.py", line 9, in <module>\n'
        "    out = normalise(images, '{\"mean\": 0.5}')\n"
        '  File "/kaggle/working/train.py", line 6, in normalise\n'
        '    return batch @ scale + json.loads(stats)["mean"]\n'
        "ValueError: matmul: Input operand 1 has a mismatch in its core dimension 0\n"
    )
    proc = gptfix("diagnose", "--log", "run.log", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    first = proc.stdout.splitlines()[0]
    assert first.startswith("train.py:6:") and "ValueError: matmul: Input operand 1" in first
    data = json.loads(
        gptfix("diagnose", "--json", "--log", "run.log", "train.py", cwd=tmp_path).stdout
    )
    assert data["failure"]["location"]["path"] == str(tmp_path / "train.py")
    assert data["failure"]["location"]["line"] == 6


def test_diagnose_bad_inputs(tmp_path):
    write(tmp_path, SCRIPT)
    (tmp_path / "clean.log").write_text("Epoch 1/3\nloss: 0.5\nEpoch 2/3\nloss: 0.4\n")
    _one_line_error(
        gptfix("diagnose", "--log", "clean.log", "train.py", cwd=tmp_path), EXIT_NO_TRACEBACK
    )
    _one_line_error(
        gptfix("diagnose", "--log", "nope.log", "train.py", cwd=tmp_path), EXIT_UNREADABLE
    )
    (tmp_path / "logs").mkdir()
    _one_line_error(gptfix("diagnose", "--log", "logs", "train.py", cwd=tmp_path), EXIT_UNREADABLE)
    _one_line_error(
        gptfix("diagnose", "--log", "clean.log", "gone.py", cwd=tmp_path), EXIT_NO_SCRIPT
    )


def test_a_killed_script_says_which_signal(tmp_path):
    write(tmp_path, "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    proc = gptfix("run", "train.py", cwd=tmp_path)
    assert proc.returncode == 128 + 9
    assert proc.stderr.splitlines()[-1].startswith("gptfix: train.py was killed by SIGKILL")


def test_ctrl_c_stops_the_script_too(tmp_path):
    pidfile = tmp_path / "script.pid"
    write(
        tmp_path,
        f"import os, time\nopen({str(pidfile)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)\n",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "gptfix", "run", "train.py"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # as from a terminal: a test worker may ignore SIGINT, and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 30
    while not pidfile.exists() or not pidfile.read_text():
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    script_pid = int(pidfile.read_text())
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "gptfix: interrupted"
    time.sleep(0.2)
    try:
        os.kill(script_pid, 0)
        alive = open(f"/proc/{script_pid}/stat").read().split(")")[-1].split()[0] != "Z"
    except (ProcessLookupError, FileNotFoundError):
        alive = False
    assert not alive, "the script kept running after Ctrl-C"


LOGS = Path(__file__).resolve().parents[2] / "fixtures" / "logs"


def _caret_span(lines: list[str], head: str) -> str:
    """The characters of the source line that the caret line under ``head`` underlines,
    measured in terminal cells the way a user sees them (wide CJK = 2, tab = 4-stop)."""
    import unicodedata

    at = next(i for i, ln in enumerate(lines) if ln.startswith(head))
    source = lines[at + 1].split(" | ", 1)[1]
    caret = lines[at + 2].split(" | ", 1)[1]
    start, end = caret.index("^"), caret.rindex("^") + 1
    shown, col = "", 0
    for ch in source:
        if start <= col < end:
            shown += ch
        col += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return shown


def test_carets_line_up_under_chinese_text_and_tabs(tmp_path):
    shutil.copy(LOGS / "scripts" / "cjk_keyerror.py", tmp_path / "cjk_keyerror.py")
    proc = gptfix("diagnose", "--log", str(LOGS / "cjk_py311.log"), "cjk_keyerror.py", cwd=tmp_path)
    assert _caret_span(proc.stdout.splitlines(), "cjk_keyerror.py:5:") == '配置["基础学习率"]'
    write(tmp_path, 'def f(a):\n\treturn a["x"] + 1\n\nf({"x": "s"})\n')
    run = gptfix("run", "train.py", cwd=tmp_path)
    assert _caret_span(run.stderr.splitlines(), "train.py:2:") == 'a["x"] + 1'


def test_a_graph_error_shows_the_op_error_not_the_frame_list(tmp_path):
    shutil.copy(LOGS / "scripts" / "graph_labels.py", tmp_path / "graph_labels.py")
    proc = gptfix(
        "diagnose", "--log", str(LOGS / "graph_labels.log"), "graph_labels.py", cwd=tmp_path
    )
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("graph_labels.py:14:")
    assert "Received a label value of 10 which is outside the valid range" in lines[0]
    assert not any('File "' in ln for ln in lines)  # TF's "defined at" list stays in --json
    assert any(ln.startswith("  (graph op compile_loss/") for ln in lines)


def test_an_oom_log_shows_the_tensor_and_the_gpu(tmp_path):
    shutil.copy(LOGS / "scripts" / "kaggle_train.py", tmp_path / "train.py")
    proc = gptfix("diagnose", "--log", str(LOGS / "oom_gpu_tf.log"), "train.py", cwd=tmp_path)
    out = proc.stdout
    assert "out of memory: shape [64, 96, 128, 128] float" in out
    assert "Tesla P100-PCIE-16GB (15513 MB, from the log)" in out


def test_a_notebook_without_code_cells_is_refused(tmp_path):
    (tmp_path / "train.ipynb").write_text(
        '{"cells": [], "metadata": {"kernelspec": null}, "nbformat": 4, "nbformat_minor": 5}\n'
    )
    msg = _one_line_error(gptfix("run", "train.ipynb", cwd=tmp_path), EXIT_NO_CODE_CELLS)
    assert "no code cells" in msg


def test_a_traced_function_failure_is_shown_at_its_own_line(tmp_path):
    shutil.copy(LOGS / "scripts" / "tf_data_map.py", tmp_path / "tf_data_map.py")
    proc = gptfix(
        "diagnose", "--log", str(LOGS / "tf_data_map.log"), "tf_data_map.py", cwd=tmp_path
    )
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("tf_data_map.py:6:5: ValueError: Cannot reshape a tensor")
    assert lines[1] == " 6 |     return tf.reshape(x, [3])"
    assert "  (in traced function decode())" in lines
    assert "  tf_data_map.py:10 in <module>: ds = ds.map(decode)" in lines


def test_diagnose_says_when_the_log_is_about_files_not_found_here(tmp_path):
    write(tmp_path, "print('an unrelated script')\n")
    log = tmp_path / "run.log"
    log.write_text(
        "Traceback (most recent call last):\n"
        '  File "C:\\\\Users\\\\me\\\\kaggle\\\\prepare_data.py", line 9, in <module>\n'
        "    df = load(path)\n"
        "FileNotFoundError: train.csv\n"
    )
    proc = gptfix("diagnose", "--log", "run.log", "train.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert "  (its frames are in files not found here: prepare_data.py)" in proc.stdout
