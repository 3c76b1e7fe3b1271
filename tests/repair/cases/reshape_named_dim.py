"""Sequence model over a flattened recording of several channels."""
import numpy as np
import keras
from keras import layers

EPOCHS = 2
STEPS = 12
CHANNELS = 2
flat = np.random.rand(36, STEPS * CHANNELS).astype("float32")
target = np.random.rand(36, 1).astype("float32")
inp = layers.Input(shape=(STEPS * CHANNELS,))
seq = layers.Reshape((STEPS, 3))(inp)
out = layers.Dense(1)(layers.GlobalAveragePooling1D()(layers.Conv1D(4, 3)(seq)))
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="mse")
model.fit(flat, target, epochs=EPOCHS, batch_size=12, verbose=0)
