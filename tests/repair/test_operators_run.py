"""The evidence operators end to end: the real CLI, real TensorFlow runs, the value trace
of the failing run, the verified fix written, the root-cause line in ``--json``.

Two scripts written here run through ``gptfix run --smoke --fix --yes --json`` two at a
time in a module-scoped fixture; each test checks one.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import FixRun, applied_rounds, fix_runs

pytestmark = pytest.mark.tf

SCRIPTS = {
    # ratings 1..5 for five classes, made in a helper: shifted where they are encoded
    "ratings": """import numpy as np
from tensorflow import keras

N_RATINGS = 5


def load(n):
    feats = np.random.rand(n, 6).astype("float32")
    ratings = np.random.randint(1, N_RATINGS + 1, n)
    ratings[0] = N_RATINGS
    return feats, ratings


X, r = load(120)
Y = keras.utils.to_categorical(r, num_classes=N_RATINGS)
model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(N_RATINGS, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
model.fit(X, Y, epochs=1, batch_size=32)
""",
    # grayscale scans for a subclassed CNN that declares no input: the data gets its axis
    "scans": """import numpy as np
import tensorflow as tf

scans = np.random.rand(96, 20, 20).astype("float32")
kind = np.random.randint(0, 3, 96)
scans = scans - scans.mean()


class Tiny(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = tf.keras.layers.Conv2D(4, 3, activation="relu")
        self.pool = tf.keras.layers.GlobalAveragePooling2D()
        self.out = tf.keras.layers.Dense(3, activation="softmax")

    def call(self, x):
        return self.out(self.pool(self.conv(x)))


net = Tiny()
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(scans, kind, epochs=1, batch_size=32)
""",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FixRun]:
    return fix_runs(tmp_path_factory.mktemp("evidence"), SCRIPTS)


def test_one_based_ratings_are_shifted_and_the_script_trains(runs: dict[str, Any]) -> None:
    script, proc, data = runs["ratings"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.shift-labels" and fix["verified"]
    assert "to_categorical(r - 1, num_classes=N_RATINGS)" in script.read_text(encoding="utf-8")


def test_images_without_channel_get_it_after_the_line_that_made_them(runs: dict[str, Any]) -> None:
    script, proc, data = runs["scans"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.data-axis"
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[6].startswith("scans = scans[..., None]")  # after the last line making it
    # the crash is inside Tiny.call; the round names the statement that made the data
    assert fix["root_cause"]["line"] == 6
