import numpy as np
import tensorflow as tf
from tensorflow import keras

pix = np.random.rand(90, 12).astype("float32")
cls = np.random.randint(0, 3, size=(90,))
model = keras.Sequential([keras.layers.Input((12,)), keras.layers.Dense(24, activation="relu"), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=keras.losses.BinaryCrossentropy(), metrics=["accuracy"])
model.fit(pix, cls, epochs=1, batch_size=30, verbose=0)
