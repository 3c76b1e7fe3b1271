"""Curriculum training: a few epochs on a hand-cleaned subset, then on the whole set."""

import numpy as np
import keras
from keras import layers

N_FEATURES = 12
EPOCHS = 2

rng = np.random.default_rng(8)
x_full = rng.normal(size=(256, N_FEATURES)).astype("float32")
y_full = (x_full[:, 0] > 0).astype("int32")
x_small, y_small = x_full[:64], y_full[:64]

model = keras.Sequential(
    [
        keras.Input(shape=(N_FEATURES,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ]
)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

model.fit(x_small, y_small, epochs=EPOCHS)
model.fit(x_full, y_full, epochs=EPOCHS)
print(model.evaluate(x_full, y_full, verbose=0))
