"""Sample weights given to ``fit`` beside a ``tf.data.Dataset`` (the fault of the twenty-second
real-world set's held-out thread, in scripts written here): Keras 3 wants them inside the
dataset. The weights become the third element of the ``from_tensor_slices`` tuple the
dataset is made from and ``sample_weight=`` goes; weights made after the dataset, or a
dataset made in a helper, get nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

SCRIPT = """import numpy as np
import tensorflow as tf
import keras

x = np.random.rand(40, 5).astype("float32")
y = np.random.rand(40, 1).astype("float32")
w = np.where(y[:, 0] > 0.5, 3.0, 1.0).astype("float32")
ds = tf.data.Dataset.from_tensor_slices((x, y))
ds = ds.shuffle(40).batch(8)
net = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mse")
net.fit(ds, sample_weight=w, epochs=1, verbose=0)
print("ok")
"""
MESSAGE = (
    "When providing `x` as a tf.data.Dataset, `sample_weights` should not be passed. "
    "Instead, the sample weights should be included as part of the dataset."
)
FIT = "net.fit(ds, sample_weight=w, epochs=1, verbose=0)"


def _line(text: str) -> int:
    return text.split("\n").index(FIT) + 1


def test_the_weights_become_part_of_the_dataset() -> None:
    (fix,) = rule_fixes(SCRIPT, "ValueError", MESSAGE, _line(SCRIPT), "data.dataset-sample-weight")
    assert fix.new_text == SCRIPT.replace("((x, y))", "((x, y, w))").replace(
        FIT, "net.fit(ds, epochs=1, verbose=0)"
    )


def test_nothing_for_weights_made_later_or_a_dataset_made_in_a_helper() -> None:
    late = SCRIPT.replace('w = np.where(y[:, 0] > 0.5, 3.0, 1.0).astype("float32")\n', "")
    late = late.replace("net = keras", 'w = np.ones(40, "float32")\nnet = keras')
    assert rule_fixes(late, "ValueError", MESSAGE, _line(late), "data.dataset-sample-weight") == []
    helper = SCRIPT.replace(
        "ds = tf.data.Dataset.from_tensor_slices((x, y))\n",
        "def make(a, b):\n    return tf.data.Dataset.from_tensor_slices((a, b))\n\n\nds = make(x, y)\n",
    )
    assert (
        rule_fixes(helper, "ValueError", MESSAGE, _line(helper), "data.dataset-sample-weight") == []
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("weights"), {"weights": SCRIPT})


@pytest.mark.tf
def test_the_weighted_regression_trains(runs: dict[str, Any]) -> None:
    path, out, data = runs["weights"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    assert "from_tensor_slices((x, y, w))" in path.read_text()


def test_nothing_for_a_mapped_dataset_or_weights_bound_again() -> None:
    mapped = SCRIPT.replace(
        "ds = ds.shuffle(40).batch(8)", "ds = ds.map(lambda a, b: (a * 2.0, b)).batch(8)"
    )
    assert (
        rule_fixes(mapped, "ValueError", MESSAGE, _line(mapped), "data.dataset-sample-weight") == []
    )
    again = SCRIPT.replace("net = keras", "w = w / w.mean()\nnet = keras")
    assert (
        rule_fixes(again, "ValueError", MESSAGE, _line(again), "data.dataset-sample-weight") == []
    )


def test_an_argument_on_its_own_line_goes_with_its_comment_and_builtins_are_read() -> None:
    lines = SCRIPT.replace(
        FIT,
        "net.fit(\n    ds,\n    sample_weight=w,  # heavier positives\n    epochs=1,\n    verbose=0,\n)",
    )
    line = lines.split("\n").index("net.fit(") + 1
    (fix,) = rule_fixes(lines, "ValueError", MESSAGE, line, "data.dataset-sample-weight")
    assert "net.fit(\n    ds,\n    epochs=1,\n    verbose=0,\n)" in fix.new_text
    assert "heavier positives" not in fix.new_text
    ones = SCRIPT.replace("sample_weight=w", "sample_weight=np.ones(len(y))")
    line = (
        ones.split("\n").index("net.fit(ds, sample_weight=np.ones(len(y)), epochs=1, verbose=0)")
        + 1
    )
    (fix,) = rule_fixes(ones, "ValueError", MESSAGE, line, "data.dataset-sample-weight")
    assert "from_tensor_slices((x, y, np.ones(len(y))))" in fix.new_text
