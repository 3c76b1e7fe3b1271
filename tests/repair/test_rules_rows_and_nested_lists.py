"""Two shapes of the sixteenth real-world set's threads, in scripts written here: features
of a convolutional backbone flattened per sample to a hard-coded width
(``f.reshape((f.shape[0], 512))`` on a ``(n, 2, 2, 512)`` map), and windows of rows built as
nested Python lists and fed to ``fit``. The rule is checked on its own and end to end.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

FEATURES = """import numpy as np
import keras

images = np.random.rand(8, 16, 16, 3).astype("float32")
labels = np.random.randint(0, 2, 8)
backbone = keras.Sequential([keras.Input((16, 16, 3)), keras.layers.Conv2D(12, 3, strides=8, padding="same")])
features = backbone.predict(images, verbose=0)
features = features.reshape((features.shape[0], 12))
head = keras.Sequential([keras.Input((features.shape[1],)), keras.layers.Dense(1, activation="sigmoid")])
head.compile("adam", "binary_crossentropy")
head.fit(features, labels, epochs=1, verbose=0)
"""

WINDOWS = """import numpy as np
import keras

series = [[float(np.sin(t / 5)), float(np.cos(t / 7))] for t in range(80)]
X = []
Y = []
for i in range(len(series) - 10):
    X.append(series[i : i + 10])
    Y.append(series[i + 10])
model = keras.Sequential([keras.Input((10, 2)), keras.layers.LSTM(4), keras.layers.Dense(2)])
model.compile("adam", "mse")
model.fit(X, Y, batch_size=8, epochs=1, verbose=0)
"""


def test_a_hard_coded_row_width_becomes_the_rows_own_size() -> None:
    line = FEATURES.split("\n").index("features = features.reshape((features.shape[0], 12))") + 1
    msg = "cannot reshape array of size 384 into shape (8,12)"
    fixes = rule_fixes(FEATURES, "ValueError", msg, line, "shape.flatten-rows")
    assert len(fixes) == 1
    assert "features = features.reshape((features.shape[0], -1))" in fixes[0].new_text
    assert fixes[0].new_text.count("\n") == FEATURES.count("\n")


def test_a_size_that_does_not_split_into_rows_or_another_first_axis_gets_nothing() -> None:
    line = FEATURES.split("\n").index("features = features.reshape((features.shape[0], 12))") + 1
    odd = "cannot reshape array of size 385 into shape (8,12)"
    assert rule_fixes(FEATURES, "ValueError", odd, line, "shape.flatten-rows") == []
    other = FEATURES.replace(
        "features.reshape((features.shape[0], 12))", "features.reshape((8, 12))"
    )
    msg = "cannot reshape array of size 384 into shape (8,12)"
    assert rule_fixes(other, "ValueError", msg, line, "shape.flatten-rows") == []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("rows"), {"features": FEATURES, "windows": WINDOWS})


@pytest.mark.tf
def test_the_features_are_flattened_per_sample_and_the_head_trains(runs: dict[str, Any]) -> None:
    path, out, data = runs["features"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    assert "features.reshape((features.shape[0], -1))" in path.read_text()


@pytest.mark.tf
def test_windows_built_as_nested_lists_are_fed_as_arrays(runs: dict[str, Any]) -> None:
    path, out, data = runs["windows"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    fit = next(
        n
        for n in ast.walk(ast.parse(path.read_text()))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "fit"
    )
    assert [ast.unparse(a) for a in fit.args[:2]] == ["np.array(X)", "np.array(Y)"]
