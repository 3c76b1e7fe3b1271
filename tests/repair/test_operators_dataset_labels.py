"""Labels a ``tf.data`` dataset yields one axis short of a one-unit output: the datasets
``fit`` trains and validates on get the labels' trailing axis where ``fit`` reads them, and
the fixed program runs; a difference of more than that axis, or arrays instead of
datasets, proposes nothing here.

Each case is a small program written here with the message Keras 3 gives for it.
"""

from __future__ import annotations

from pathlib import Path

from repair_support import assert_runs, rule_fixes

SCRIPT = """import numpy as np
import tensorflow as tf

rng = np.random.default_rng(0)
x = rng.normal(size=(64, 5)).astype("float32")
y = rng.integers(0, 2, 64).astype("float32")
train_ds = tf.data.Dataset.from_tensor_slices((x[:48], y[:48])).batch(16)
val_ds = tf.data.Dataset.from_tensor_slices((x[48:], y[48:])).batch(16)
model = tf.keras.Sequential([tf.keras.Input((5,)), tf.keras.layers.Dense(1)])
model.compile(optimizer="adam", loss=tf.keras.losses.BinaryCrossentropy(from_logits=True))
model.fit(train_ds, validation_data=val_ds, epochs=1, verbose=0)
"""

MSG = (
    "Arguments `target` and `output` must have the same rank (ndim). Received: "
    "target.shape=(None,), output.shape=(None, 1)"
)


def test_both_datasets_get_the_labels_axis_where_fit_reads_them(tmp_path: Path) -> None:
    (fix,) = rule_fixes(SCRIPT, "ValueError", MSG, 11, "ops.dataset-label-axis")
    text = fix.new_text
    assert "model.fit(train_ds.map(lambda x, y: (x, tf.expand_dims(y, -1)))," in text
    assert "validation_data=val_ds.map(lambda x, y: (x, tf.expand_dims(y, -1)))" in text
    assert_runs(tmp_path, text)


def test_another_difference_or_arrays_propose_nothing() -> None:
    wider = MSG.replace("output.shape=(None, 1)", "output.shape=(None, 3)")
    assert rule_fixes(SCRIPT, "ValueError", wider, 11, "ops.dataset-label-axis") == []
    arrays = SCRIPT.replace("model.fit(train_ds, validation_data=val_ds,", "model.fit(x, y,")
    assert rule_fixes(arrays, "ValueError", MSG, 11, "ops.dataset-label-axis") == []
