"""Churn model over a feature table that gained columns."""
import numpy as np
import keras

COLUMNS = ["a", "b", "c", "d", "e", "f", "g"]
N_IN = 5
table = np.random.rand(90, len(COLUMNS)).astype("float32")
churn = np.random.randint(0, 2, size=(90,)).astype("float32")
inp = keras.Input(shape=(N_IN,), name="customer")
hid = keras.layers.Dense(8, activation="relu")(inp)
model = keras.Model(inp, keras.layers.Dense(1, activation="sigmoid")(hid))
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(table, churn, epochs=1, batch_size=30, verbose=0)
