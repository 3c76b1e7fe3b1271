"""A custom training step that unpacks ``x, y = data`` while ``fit`` feeds sample weights
too: the step unpacks the weights when they come and passes them to the loss and the
metrics it computes; a step unpacking something else, or with weights already given, is
left alone.

Each case is a small program written here with the message Python gives for it; the
expected edit is the one the Keras guide's step and the thread's repair make.
"""

from __future__ import annotations

from repair_support import rule_fixes

STEP = """import numpy as np
import keras
import tensorflow as tf


class Weighted(keras.Model):
    def train_step(self, batch):
        feats, target = batch
        with tf.GradientTape() as tape:
            pred = self(feats, training=True)
            loss = self.compute_loss(feats, target, pred)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.compiled_metrics.update_state(target, pred)
        return {m.name: m.result() for m in self.metrics}


inputs = keras.Input((4,))
model = Weighted(inputs, keras.layers.Dense(1)(inputs))
model.compile(optimizer="adam", loss="mse")
x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model.fit(x, y, sample_weight=np.ones(32, "float32"), epochs=1, verbose=0)
"""

MSG = "too many values to unpack (expected 2)"


def test_the_step_unpacks_the_weights_and_passes_them_on() -> None:
    (fix,) = rule_fixes(STEP, "ValueError", MSG, 8, "api.step-sample-weight")
    text = fix.new_text
    assert "        if len(batch) == 3:\n            feats, target, sample_weight = batch\n" in text
    assert (
        "        else:\n            feats, target = batch\n            sample_weight = None\n"
        in text
    )
    assert "self.compute_loss(feats, target, pred, sample_weight=sample_weight)" in text
    assert "update_state(target, pred, sample_weight=sample_weight)" in text


def test_a_step_whose_weights_are_given_or_another_unpacking_is_left_alone() -> None:
    other = STEP.replace("feats, target = batch", "feats, target = batch[0]")
    assert rule_fixes(other, "ValueError", MSG, 8, "api.step-sample-weight") == []
    wrong_line = rule_fixes(STEP, "ValueError", MSG, 10, "api.step-sample-weight")
    assert wrong_line == []
