"""Declared inputs and sequence data end to end: the real CLI, real TensorFlow runs, the
value trace the boot hook records (the items of an object array), the verified fix written.

Two scripts written here run through ``gptfix run --smoke --fix --yes --json`` two at a
time in a module-scoped fixture; each test checks one.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from repair_support import fix_json

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
}


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, tuple[Path, subprocess.CompletedProcess[str], dict[str, Any]]]:
    base = tmp_path_factory.mktemp("declared")
    paths = {}
    for name, text in SCRIPTS.items():
        (base / name).mkdir()
        paths[name] = base / name / "train.py"
        paths[name].write_text(text, encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(fix_json, path) for name, path in paths.items()}
        return {name: (paths[name], *futures[name].result()) for name in paths}


def _applied(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [r for r in data.get("rounds", []) if r.get("applied")]


def test_steps_declared_as_one_feature_get_the_feature_axis_and_the_script_trains(
    runs: dict[str, Any],
) -> None:
    script, proc, data = runs["pulses"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = _applied(data)
    assert fix["origin"] == "rule:ops.shape-int" and fix["verified"]
    text = script.read_text(encoding="utf-8")
    assert "pulses = pulses[..., None]" in text
    assert "Conv1D(4, 3, input_shape=pulses.shape[1:])" in text


def test_an_object_array_of_series_is_stacked_after_it_is_filled_and_the_script_trains(
    runs: dict[str, Any],
) -> None:
    script, proc, data = runs["series"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = _applied(data)
    assert fix["origin"] == "rule:ops.stack-items"
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[7].startswith("data = np.stack(data)[..., None]")  # after the filling loop
