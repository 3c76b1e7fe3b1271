"""Weights saved from a subclassed model that ``build(input_shape)`` left unbuilt, and every
``.h5`` weights file of a script renamed at once: the shapes of a Keras 3 migration thread
(a GradientTape loop over folds that saves initial weights and reloads them per fold), in
scripts written here. The rule is checked on its own and end to end with real runs.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

FOLDS = """import os
import tempfile

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


class Tagger(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(8, activation="relu")
        self.out = layers.Dense(3)

    def call(self, x):
        return self.out(self.hidden(x))


x = np.random.rand(40, 5).astype("float32")
y = np.random.randint(0, 3, 40)
model = Tagger()
model.build(input_shape=(None, 5))
folder = tempfile.mkdtemp()
model.save_weights(os.path.join(folder, "start.h5"))
opt = tf.keras.optimizers.Adam(1e-2)
loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)
for fold in range(2):
    model.load_weights(os.path.join(folder, "start.h5"))
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x))
    grads = tape.gradient(loss, model.trainable_variables)
    opt.apply_gradients(zip(grads, model.trainable_variables))
    model.save_weights(os.path.join(folder, f"{fold}-model.h5"))
model.load_weights(os.path.join(folder, "1-model.h5"))
print("loss", float(loss))
"""

LOAD_FAILS = (
    "A total of 2 objects could not be loaded. Example error message for object <Dense "
    "name=dense, built=True>:\n\nLayer 'dense' expected 2 variables, but received 0 variables "
    "during loading. Expected: ['kernel', 'bias']\n\nList of objects that could not be loaded:\n"
    "[<Dense name=dense, built=True>, <Dense name=dense_1, built=True>]"
)


def test_a_model_built_by_build_alone_is_called_once_after_it() -> None:
    renamed = FOLDS.replace("start.h5", "start.weights.h5").replace(
        "-model.h5", "-model.weights.h5"
    )
    line = (
        renamed.split("\n").index(
            '    model.load_weights(os.path.join(folder, "start.weights.h5"))'
        )
        + 1
    )
    fixes = rule_fixes(renamed, "ValueError", LOAD_FAILS, line, "api.build-by-calling")
    assert len(fixes) == 1
    lines = fixes[0].new_text.split("\n")
    at = lines.index("model.build(input_shape=(None, 5))")
    call = ast.parse(lines[at + 1]).body[0]
    assert isinstance(call, ast.Expr) and ast.unparse(call.value) == "model(tf.zeros((1, 5)))"
    assert fixes[0].new_text.count("model.save_weights(") == 2  # nothing else changes


def test_a_model_with_its_own_build_or_no_build_call_gets_no_call() -> None:
    own = FOLDS.replace(
        "    def call(self, x):",
        "    def build(self, shape):\n        super().build(shape)\n\n    def call(self, x):",
    )
    line = own.split("\n").index('    model.load_weights(os.path.join(folder, "start.h5"))') + 1
    assert rule_fixes(own, "ValueError", LOAD_FAILS, line, "api.build-by-calling") == []
    plain = FOLDS.replace("model.build(input_shape=(None, 5))\n", "")
    line = plain.split("\n").index('    model.load_weights(os.path.join(folder, "start.h5"))') + 1
    assert rule_fixes(plain, "ValueError", LOAD_FAILS, line, "api.build-by-calling") == []


def test_every_h5_weights_file_is_renamed_with_the_one_that_failed() -> None:
    line = FOLDS.split("\n").index('model.save_weights(os.path.join(folder, "start.h5"))') + 1
    msg = "The filename must end in `.weights.h5`. Received: filepath=/tmp/abc/start.h5"
    fixes = rule_fixes(FOLDS, "ValueError", msg, line, "files.save-extension")
    assert fixes
    text = fixes[0].new_text
    assert '"start.weights.h5"' in text and 'f"{fold}-model.weights.h5"' in text
    assert '"1-model.weights.h5"' in text and '.h5"' not in text.replace('.weights.h5"', "")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("unbuilt"), {"folds": FOLDS})


@pytest.mark.tf
def test_the_fold_loop_runs_after_the_fix_with_the_same_model(runs: dict[str, Any]) -> None:
    path, out, data = runs["folds"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    text = path.read_text()
    assert "model(tf.zeros((1, 5)))" in text
    assert '"start.weights.h5"' in text and 'f"{fold}-model.weights.h5"' in text
    assert "class Tagger(tf.keras.Model):" in text and "layers.Dense(8" in text
