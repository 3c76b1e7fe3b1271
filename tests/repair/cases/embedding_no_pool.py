import numpy as np
import keras
from keras import layers

tokens = np.random.randint(1, 500, size=(64, 20))
labels = np.random.randint(0, 2, size=(64,))
model = keras.Sequential([
    layers.Input(shape=(20,), dtype="int32"),
    layers.Embedding(500, 16),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(tokens, labels, epochs=1, batch_size=16, verbose=0)
