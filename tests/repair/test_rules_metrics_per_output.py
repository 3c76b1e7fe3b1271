"""One metrics list for a model of several outputs (the fault behind the twenty-first
real-world set's dev thread, in scripts written here): Keras 2 gave every output the
metrics of ``metrics=["mae"]``; Keras 3 reads the list as one entry per output and stops
("tuple arity mismatch; expected: 2, got: 1 ... Invalid `metrics`"). The list is repeated
for each output; a list that already has an entry per output, or a script with two such
lists alike, gets nothing; nor does another compile's list than the one the error received.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

SCRIPT = """import numpy as np
import keras
from keras import layers

inp = keras.Input((6,))
h = layers.Dense(16, activation="relu")(inp)
price = layers.Dense(1, name="price")(h)
volume = layers.Dense(1, name="volume")(h)
model = keras.Model(inp, [price, volume])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
x = np.random.rand(32, 6).astype("float32")
model.fit(x, [np.random.rand(32, 1), np.random.rand(32, 1)], epochs=1, verbose=0)
print("done")
"""
MESSAGE = (
    "tuple arity mismatch; expected: 2, got: 1; tuple: ('mae',).\n"
    "Invalid `metrics`. `metrics` should contain metrics objects and either be a dict or a "
    "list matching the output names of the functional model ['price', 'volume'] or match "
    "the output structure of the model: ['X', 'X'].\nReceived: metrics=['mae']"
)
FIT_LINE = 12


def test_the_metrics_list_is_given_to_each_output() -> None:
    (fix,) = rule_fixes(SCRIPT, "ValueError", MESSAGE, FIT_LINE, "api.metrics-per-output")
    assert 'metrics=["mae"] * 2)' in fix.new_text
    assert fix.new_text.replace('["mae"] * 2', '["mae"]') == SCRIPT


def test_nothing_when_the_list_is_not_the_one_the_error_counts() -> None:
    two = SCRIPT.replace('metrics=["mae"]', 'metrics=["mae", "mse"]')
    assert rule_fixes(two, "ValueError", MESSAGE, FIT_LINE, "api.metrics-per-output") == []
    both = SCRIPT.replace('print("done")', 'model.compile(loss="mse", metrics=["mae"])')
    assert rule_fixes(both, "ValueError", MESSAGE, FIT_LINE, "api.metrics-per-output") == []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("metrics"), {"outputs": SCRIPT})


@pytest.mark.tf
def test_the_two_output_model_trains_with_its_metrics(runs: dict[str, Any]) -> None:
    path, out, data = runs["outputs"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    assert 'metrics=["mae"] * 2' in path.read_text()


def test_only_the_list_the_error_received_is_repeated() -> None:
    other = SCRIPT.replace(
        'model.compile(optimizer="adam", loss="mse", metrics=["mae"])',
        "clf = keras.Sequential([keras.Input((6,)), layers.Dense(2)])\n"
        'clf.compile(optimizer="adam", loss="mse", metrics=["accuracy"])\n'
        'METRICS = ["mae"]\n'
        'model.compile(optimizer="adam", loss="mse", metrics=METRICS)',
    )
    line = (
        other.split("\n").index(
            "model.fit(x, [np.random.rand(32, 1), np.random.rand(32, 1)], epochs=1, verbose=0)"
        )
        + 1
    )
    assert rule_fixes(other, "ValueError", MESSAGE, line, "api.metrics-per-output") == []
