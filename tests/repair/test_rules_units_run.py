"""Keras 3 drift, a float step count and a missing loss end to end: real CLI, real TF.

Two scripts, each with two failures the loop fixes in turn (the second shows once the
first is fixed), run two at a time in a module-scoped fixture: a subclassed model that
passes ``self`` again to its bound parent ``__init__`` and then trains a generator for
``rows / batch`` steps (a float the smoke run must not hide); a classifier compiled
without a loss whose model is then saved to a path with no extension, in a folder that
does not exist. Each test checks the edit a user finds in their file; the loop's exit
status says the file now runs.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import FixRun, applied_rounds, fix_runs

pytestmark = pytest.mark.tf

SCRIPTS = {
    "subclass": """import numpy as np
import keras

rows, batch = 96, 20
feats = np.random.rand(rows, 3).astype("float32")
target = feats.sum(axis=1, keepdims=True)


class Regressor(keras.Model):
    def __init__(self, width=6):
        super(Regressor, self).__init__(self, name="reg")
        self.body = keras.layers.Dense(width, activation="tanh")
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(self.body(x))


def endless():
    while True:
        for start in range(0, rows - batch + 1, batch):
            yield feats[start:start + batch], target[start:start + batch]


per_epoch = rows / batch
net = Regressor()
net.compile(optimizer="sgd", loss="mse")
net.fit(endless(), steps_per_epoch=per_epoch, epochs=1)
""",
    "classifier": """import numpy as np
import keras

samples = np.random.rand(120, 8).astype("float32")
kinds = np.random.randint(0, 4, 120)
clf = keras.Sequential([keras.Input((8,)), keras.layers.Dense(12, activation="relu"), keras.layers.Dense(4)])
clf.compile(optimizer="adam", metrics=["accuracy"])
clf.fit(samples, kinds, epochs=1, batch_size=30)
clf.save("exported/" + "clf")
""",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FixRun]:
    return fix_runs(tmp_path_factory.mktemp("units"), SCRIPTS)


def _applied(runs: dict[str, Any], name: str) -> tuple[str, list[str]]:
    """The fixed file and the origins of the verified fixes applied, in order."""
    script, proc, data = runs[name]
    assert proc.returncode == 0, proc.stderr[-3000:]  # the fixed file ran to completion
    applied = applied_rounds(data)
    assert all(r["verified"] for r in applied)
    return script.read_text(encoding="utf-8"), [r["origin"] for r in applied]


def test_the_bound_self_is_dropped_and_the_step_count_floored_where_it_is_made(
    runs: dict[str, Any],
) -> None:
    text, origins = _applied(runs, "subclass")
    # the second failure shows once the first is fixed: one verified chain or two rounds
    assert origins[0] == "rule:api.super-self"
    assert '        super(Regressor, self).__init__(name="reg")\n' in text
    assert "per_epoch = rows // batch\n" in text


def test_the_loss_the_head_and_ids_imply_is_added_and_the_save_folder_made(
    runs: dict[str, Any],
) -> None:
    text, origins = _applied(runs, "classifier")
    assert origins[0] == "rule:loss.missing"
    want = "loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True)"
    assert f'clf.compile(optimizer="adam", metrics=["accuracy"], {want})' in text
    assert 'os.makedirs(\'exported\', exist_ok=True)\nclf.save("exported/" + "clf.keras")' in text
