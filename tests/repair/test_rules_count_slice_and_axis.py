"""A count of an axis used as an index where a slice of that many was meant, then an axis
of 1 inserted where the declared input has none: the two faults of one video-autoencoder
thread of the sixteenth real-world set, in a script written here (small frames, a Conv3D
model). The first fix uncovers the second; both land as one verified change.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

from gptfix.values import ValueFact, ValueTrace

FRAMES = """import numpy as np
import keras

stack = np.random.rand(8, 8, 23).astype("float32")
frames = stack.shape[2]
frames = frames - frames % 10
stack = stack[:, :, frames]
stack = stack.reshape(-1, 8, 8, 10)
stack = np.expand_dims(stack, axis=1)
model = keras.Sequential([
    keras.Input((8, 8, 10, 1)),
    keras.layers.Conv3D(2, (3, 3, 1), padding="same"),
    keras.layers.Conv3D(1, (3, 3, 1), padding="same"),
])
model.compile("adam", "mse")
model.fit(stack, stack, batch_size=1, epochs=1, verbose=0)
"""


def test_the_count_becomes_a_slice_when_the_reshape_can_then_split_it() -> None:
    rows = FRAMES.split("\n")
    line = rows.index("stack = stack.reshape(-1, 8, 8, 10)") + 1
    made = rows.index("stack = stack[:, :, frames]") + 1
    trace = ValueTrace(
        {
            "/project/train.py": {
                4: [ValueFact("stack", "ndarray", [8, 8, 23], "float32")],
                6: [ValueFact("frames", "int", value=20)],
                made: [ValueFact("stack", "ndarray", [8, 8], "float32")],
            }
        }
    )
    msg = "cannot reshape array of size 64 into shape (8,8,10)"
    fixes = rule_fixes(FRAMES, "ValueError", msg, line, "data.count-as-slice", trace)
    assert len(fixes) == 1 and "stack = stack[:, :, :frames]" in fixes[0].new_text
    # a count the script did not make from that axis is left alone
    other = FRAMES.replace("frames = stack.shape[2]", "frames = 20")
    assert rule_fixes(other, "ValueError", msg, line, "data.count-as-slice", trace) == []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("frames"), {"frames": FRAMES})


@pytest.mark.tf
def test_the_frames_are_sliced_and_the_axis_goes_where_the_model_declares_it(
    runs: dict[str, Any],
) -> None:
    path, out, data = runs["frames"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    text = path.read_text()
    assert "stack = stack[:, :, :frames]" in text
    assert "stack = np.expand_dims(stack, axis=4)" in text
    assert "keras.Input((8, 8, 10, 1))" in text  # the model is not bent to the data
