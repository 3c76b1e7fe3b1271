"""Regression on batches from a Python generator (written for Keras 2)."""

import numpy as np
import keras


def batches(n):
    while True:
        yield np.random.rand(n, 5), np.random.rand(n, 1)


reg = keras.Sequential([keras.Input((5,)), keras.layers.Dense(1)])
reg.compile(optimizer="adam", loss="mse")
reg.fit_generator(batches(8), steps_per_epoch=4, epochs=2)
print("done")
