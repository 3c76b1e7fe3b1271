"""Tabular regressor configured by a dict; the data gained two columns."""
import numpy as np
import keras

cfg = {"feat": 6, "hidden": 16}
xs = np.random.rand(50, 8).astype("float32")
ys = np.random.rand(50, 1).astype("float32")
inp = keras.Input(shape=(cfg["feat"],))
out = keras.layers.Dense(1)(keras.layers.Dense(cfg["hidden"], activation="relu")(inp))
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
model.fit(xs, ys, epochs=1, batch_size=10, verbose=0)
