"""Declared inputs and sequence data end to end: the real CLI, real TensorFlow runs, the
value trace the boot hook records (the items of an object array), the verified fix written.

Three scripts written here run through ``gptfix run --smoke --fix --yes --json`` two at a
time in a module-scoped fixture; each test checks one.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import FixRun, applied_rounds, fix_runs

pytestmark = pytest.mark.tf

SCRIPTS = {
    # a 1-D convolution declared with one feature per step, fed (N, steps) rows
    "pulses": """import numpy as np
from tensorflow import keras

pulses = np.random.rand(150, 10).astype("float32")
peak = pulses.max(axis=1)
net = keras.Sequential()
net.add(keras.layers.Conv1D(4, 3, input_shape=1))
net.add(keras.layers.GlobalMaxPooling1D())
net.add(keras.layers.Dense(1))
net.compile(optimizer="adam", loss="mse")
net.fit(pulses, peak, epochs=1, batch_size=30)
""",
    # per-sample series kept in an object array: stacked into one float array
    "series": """import numpy as np
import tensorflow as tf

runs = [np.random.rand(12) for _ in range(120)]
data = np.empty(len(runs), dtype=object)
for i, r in enumerate(runs):
    data[i] = r
total = np.array([r.sum() for r in runs], dtype="float32")
net = tf.keras.Sequential([tf.keras.Input(shape=(12, 1)), tf.keras.layers.GRU(6), tf.keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mse")
net.fit(data, total, epochs=1, batch_size=40)
""",
    # a tf.data map through tf.py_function: compiled, the model gets a tensor of unknown
    # rank (the smoke run must not hide it by running eagerly)
    "pipeline": """import numpy as np
import tensorflow as tf

PIXELS = np.random.rand(64, 8, 8, 1).astype("float32")
CLASS = np.random.randint(0, 4, (64,)).astype("int32")


def fetch(i):
    return PIXELS[i], CLASS[i]


def to_pair(i):
    img, cls = tf.py_function(fetch, [i], [tf.float32, tf.int32])
    return img, cls


ds = tf.data.Dataset.range(64).map(to_pair).batch(16)
net = tf.keras.Sequential([tf.keras.Input((8, 8, 1)), tf.keras.layers.Flatten(), tf.keras.layers.Dense(4)])
net.compile(optimizer="adam", loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
net.fit(ds, epochs=1)
""",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FixRun]:
    return fix_runs(tmp_path_factory.mktemp("declared"), SCRIPTS)


def test_steps_declared_as_one_feature_get_the_feature_axis_and_the_script_trains(
    runs: dict[str, Any],
) -> None:
    script, proc, data = runs["pulses"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.shape-int" and fix["verified"]
    text = script.read_text(encoding="utf-8")
    assert "pulses = pulses[..., None]" in text
    assert "Conv1D(4, 3, input_shape=pulses.shape[1:])" in text


def test_an_object_array_of_series_is_stacked_after_it_is_filled_and_the_script_trains(
    runs: dict[str, Any],
) -> None:
    script, proc, data = runs["series"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.stack-items"
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[7].startswith("data = np.stack(data)[..., None]")  # after the filling loop


def test_a_pipeline_that_loses_its_shapes_fails_in_the_smoke_run_and_gets_them_set(
    runs: dict[str, Any],
) -> None:
    script, proc, data = runs["pipeline"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.py-function-shapes" and fix["verified"]
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[13].strip().startswith("img.set_shape([8, 8, 1])")
    assert lines[14].strip().startswith("cls.set_shape([])")
