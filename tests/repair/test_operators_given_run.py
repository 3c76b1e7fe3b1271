"""Data and tensors given where Keras wants something else, end to end: the real CLI, real
TensorFlow runs, the failing frame's locals and the value trace, the verified fix written.

Three scripts written here run through ``gptfix run --smoke --fix --yes --json`` side by
side in a module-scoped fixture; each test checks one.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import FixRun, applied_rounds, fix_runs

pytestmark = pytest.mark.tf

SCRIPTS = {
    # a pooling layer handed the tensor it should be called on, inside a block helper
    "block": """import numpy as np
from tensorflow import keras


def block(t, width):
    t = keras.layers.Conv1D(width, 3, padding="same", activation="relu")(t)
    return keras.layers.MaxPooling1D(t)


signal = keras.Input(shape=(16, 2))
features = keras.layers.Flatten()(block(signal, 4))
net = keras.Model(signal, keras.layers.Dense(1)(features))
net.compile(optimizer="sgd", loss="mse")
net.fit(np.random.rand(40, 16, 2), np.random.rand(40, 1), epochs=1, verbose=0)
""",
    # token sequences of varying length from a generator, fed to fit one by one
    "tokens": """import numpy as np
import tensorflow as tf


def phrases():
    for k in range(40):
        yield np.arange(1, 3 + k % 5), k % 2


kinds = (tf.TensorSpec(shape=(None,), dtype=tf.int64), tf.TensorSpec(shape=(), dtype=tf.int64))
phrases_ds = tf.data.Dataset.from_generator(phrases, output_signature=kinds)
clf = tf.keras.Sequential(
    [tf.keras.layers.Embedding(10, 4), tf.keras.layers.GlobalAveragePooling1D(), tf.keras.layers.Dense(1)]
)
clf.compile(optimizer="adam", loss="mse")
clf.fit(phrases_ds, epochs=1, verbose=0)
""",
    # a TensorFlow function called on a functional model's symbolic input, inside a builder
    "symbolic": """import numpy as np
import tensorflow as tf
from tensorflow import keras


def build(vocab):
    ids = keras.Input(shape=(12,), dtype="int32")
    extra = keras.Input(shape=(3,))
    counts = tf.reduce_sum(tf.one_hot(ids, depth=vocab), axis=1)
    merged = keras.layers.Concatenate()([counts, extra])
    return keras.Model([ids, extra], keras.layers.Dense(1)(merged))


net = build(20)
net.compile(optimizer="adam", loss="mse")
net.fit([np.random.randint(0, 20, (40, 12)), np.random.rand(40, 3)], np.random.rand(40), epochs=1)
""",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FixRun]:
    return fix_runs(tmp_path_factory.mktemp("given"), SCRIPTS)


def test_a_layer_given_its_input_at_construction_is_called_on_it(runs: dict[str, Any]) -> None:
    path, proc, data = runs["block"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.keras-layer-called" and fix["verified"]
    assert "    return keras.layers.MaxPooling1D()(t)\n" in path.read_text(encoding="utf-8")


def test_sequences_of_varying_length_are_fed_in_padded_batches(runs: dict[str, Any]) -> None:
    path, proc, data = runs["tokens"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:data.unbatched-dataset" and fix["verified"]
    lines = path.read_text(encoding="utf-8").splitlines()
    made = next(i for i, ln in enumerate(lines, 1) if ln.startswith("phrases_ds ="))
    assert lines[made - 1].endswith("output_signature=kinds).padded_batch(32)")
    # the crash is at fit; the round names the line that makes the unbatched dataset
    assert fix["root_cause"]["line"] == made


def test_a_tensorflow_function_on_a_symbolic_input_runs_inside_a_layer(
    runs: dict[str, Any],
) -> None:
    path, proc, data = runs["symbolic"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == "rule:ops.tf-op-in-layer" and fix["verified"]
    text = path.read_text(encoding="utf-8")
    # the same computation, in a layer defined where `vocab` is in scope
    assert "        def call(self, ids):\n" in text
    assert "            return tf.reduce_sum(tf.one_hot(ids, depth=vocab), axis=1)\n" in text
    assert "    counts = ReduceSumLayer()(ids)\n" in text
