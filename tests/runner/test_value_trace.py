"""The value trace: shapes, dtypes and label ranges per assignment of the user's files."""

from __future__ import annotations

import sys

from gptfix.model import RunResult, RunStatus
from gptfix.runner import run_script

SCRIPT = """
import numpy as np
from helper import load

stars = np.random.randint(1, 6, 50)
X = np.zeros((50, 28, 28), dtype="float32")
X = X.reshape(-1, 28 * 28)
for i in range(100):
    batch = X[i % 5 : i % 5 + 2]
rows = load()
grades = np.random.randint(1, 10, 40).astype("float64")
noise = np.random.rand(40)
raise ValueError("stop here")
"""

HELPER = """
import numpy as np

def load():
    out = np.ones((3, 4), dtype="int8")
    return [out, out]
"""


def _run(tmp_path, write_script, mode: str) -> tuple[RunResult, str]:
    script = write_script(SCRIPT)
    (script.parent / "helper.py").write_text(HELPER)
    return run_script(script, mode=mode, python=sys.executable, timeout=120), str(script)


def test_smoke_run_records_shapes_dtypes_and_label_ranges_per_line(tmp_path, write_script):
    result, script = _run(tmp_path, write_script, "smoke")
    assert result.status is RunStatus.FAILED and result.trace is not None
    (stars,) = result.trace.at(script, 4)
    assert (stars.name, stars.shape, stars.min, stars.max) == ("stars", [50], 1, 5)
    assert [f.shape for _, f in result.trace.of("X", script)] == [[50, 28, 28], [50, 784]]
    assert len(result.trace.of("batch", script)) <= 3  # first few hits of a loop only
    helper = str(tmp_path / "proj" / "helper.py")
    (out,) = result.trace.at(helper, 5)
    assert (out.shape, out.dtype) == ([3, 4], "int8")
    (rows,) = result.trace.at(script, 9)
    assert rows.length == 2 and rows.shape == [3, 4]
    assert not any("numpy" in path for path in result.trace.lines)  # libraries untraced
    # whole numbers stored as floats are labels too; fractions have no range
    (grades,) = result.trace.at(script, 10)
    assert (grades.dtype, grades.min is not None and grades.min >= 1, grades.max <= 9) == (
        "float64",
        True,
        True,
    )
    (noise,) = result.trace.at(script, 11)
    assert noise.min is None and noise.max is None


def test_plain_runs_record_no_trace(tmp_path, write_script):
    result, _ = _run(tmp_path, write_script, "normal")
    assert result.trace is None
