"""Forecast the next value of a 3-channel sensor from a flattened window of 20 readings."""

import numpy as np
import tensorflow as tf
from tensorflow.keras import layers

WINDOW = 20
SENSORS = 3

rng = np.random.default_rng(21)
flat_windows = rng.normal(size=(240, WINDOW * SENSORS)).astype("float32")
next_value = flat_windows[:, -1:] * 0.5 + rng.normal(scale=0.1, size=(240, 1)).astype("float32")


def make_forecaster():
    inp = layers.Input(shape=(WINDOW * SENSORS,), name="flat_window")
    seq = layers.Reshape((WINDOW, SENSORS))(inp)
    seq = layers.Conv1D(16, 3, activation="relu")(seq)
    seq = layers.GlobalAveragePooling1D()(seq)
    out = layers.Dense(1, name="next")(seq)
    return tf.keras.Model(inp, out, name="forecaster")


forecaster = make_forecaster()
forecaster.compile(optimizer="adam", loss="mse")
forecaster.fit(flat_windows, next_value, epochs=3, batch_size=24)
