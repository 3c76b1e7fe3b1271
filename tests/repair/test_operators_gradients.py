"""A loss that thresholds the prediction trains nothing: it compares the prediction itself.

Modelled on the "No gradients provided for any variable" threads about custom losses
(a segmentation mask thresholded with ``tf.where``, a rounded prediction, a cast
comparison); the expected edit is their answers': keep the prediction continuous in the
loss, make it a probability with a sigmoid output, threshold only when predicting.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS

PATH = Path("/project/train.py")
NO_GRAD = "No gradients provided for any variable."


def _fixes(text: str, line: int, message: str = NO_GRAD):
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    return [
        f
        for f in candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)
        if f.origin == "rule:ops.continuous-loss"
    ]


MASK = """import tensorflow as tf
from tensorflow.keras import layers, models


def mask_loss(y_true, y_pred):
    hard = tf.where(y_pred >= 0.5, 1.0, 0.0)
    return tf.reduce_mean(tf.square(y_true - hard), axis=-1)


inputs = layers.Input(shape=(32, 32, 3))
x = layers.Conv2D(8, 3, padding="same", activation="relu")(inputs)
outputs = layers.Conv2D(1, 1)(x)
model = models.Model(inputs, outputs)
model.compile(optimizer="adam", loss=mask_loss)
model.fit(x_train, y_train, epochs=2)
"""


def test_a_thresholded_mask_loss_compares_the_prediction_and_the_output_becomes_a_probability() -> (
    None
):
    (fix,) = _fixes(MASK, 15)
    assert "    hard = y_pred\n" in fix.new_text
    assert 'outputs = layers.Conv2D(1, 1, activation="sigmoid")(x)' in fix.new_text
    assert "return tf.reduce_mean(tf.square(y_true - hard), axis=-1)" in fix.new_text
    assert fix.applicability is Applicability.UNSAFE
    assert any("line 6" in e for e in fix.evidence)


def test_an_output_that_already_has_an_activation_keeps_it() -> None:
    text = MASK.replace("layers.Conv2D(1, 1)(x)", 'layers.Conv2D(1, 1, activation="tanh")(x)')
    (fix,) = _fixes(text, 15)
    assert 'layers.Conv2D(1, 1, activation="tanh")(x)' in fix.new_text
    assert "sigmoid" not in fix.new_text


def test_an_inverted_step_reads_one_minus_the_prediction() -> None:
    text = MASK.replace("tf.where(y_pred >= 0.5, 1.0, 0.0)", "tf.where(0.5 < y_pred, 0, 1)")
    (fix,) = _fixes(text, 15)
    assert "    hard = 1 - y_pred\n" in fix.new_text


ROUNDED = """import numpy as np
from keras import backend as K
from keras.models import Sequential
from keras.layers import Dense, Input

model = Sequential([Input((10,)), Dense(8, activation="relu"), Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss=lambda yt, yp: K.mean(K.abs(yt - K.round(yp))))
model.fit(np.zeros((8, 10)), np.zeros(8), epochs=1)
"""


def test_a_rounded_prediction_in_a_lambda_loss_is_read_unrounded() -> None:
    (fix,) = _fixes(ROUNDED, 8)
    assert "loss=lambda yt, yp: K.mean(K.abs(yt - yp))" in fix.new_text


def test_a_cast_comparison_is_a_step_too() -> None:
    text = ROUNDED.replace("K.round(yp)", 'K.cast(K.greater(yp, 0.5), "float32")')
    (fix,) = _fixes(text, 8)
    assert "K.abs(yt - yp)" in fix.new_text


def test_a_differentiable_loss_or_another_error_gets_nothing() -> None:
    assert _fixes(ROUNDED.replace("K.round(yp)", "yp"), 8) == []
    assert _fixes(ROUNDED, 8, message="Shapes (None, 1) and (None, 10) are incompatible") == []
