"""Regression trained from a Python generator with Keras 2 loader options."""
import numpy as np
import keras


def batches():
    while True:
        xb = np.random.rand(8, 3).astype("float32")
        yield xb, xb.sum(axis=1, keepdims=True)


reg = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
reg.compile(optimizer="sgd", loss="mse")
reg.fit(batches(), steps_per_epoch=3, epochs=1, workers=2, use_multiprocessing=False, max_queue_size=4, verbose=0)
