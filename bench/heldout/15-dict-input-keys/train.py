"""Real-estate price from a floor-plan thumbnail plus tabular listing features."""

import numpy as np
import keras
from keras import layers

THUMB = 32
N_TAB = 7


def two_tower():
    plan = keras.Input(shape=(THUMB, THUMB, 1), name="floorplan")
    listing = keras.Input(shape=(N_TAB,), name="listing_features")
    a = layers.Conv2D(8, 3, activation="relu")(plan)
    a = layers.GlobalMaxPooling2D()(a)
    b = layers.Dense(16, activation="relu")(listing)
    joined = layers.Concatenate()([a, b])
    price = layers.Dense(1, name="price")(joined)
    return keras.Model(inputs={"floorplan": plan, "listing_features": listing}, outputs=price)


rng = np.random.default_rng(8)
n = 100
batch_inputs = {
    "plan": rng.random((n, THUMB, THUMB, 1)).astype("float32"),
    "tabular": rng.normal(size=(n, N_TAB)).astype("float32"),
}
prices = rng.normal(size=(n, 1)).astype("float32")

tower = two_tower()
tower.compile(optimizer="adam", loss="mse")
tower.fit(batch_inputs, prices, epochs=2, batch_size=20)
