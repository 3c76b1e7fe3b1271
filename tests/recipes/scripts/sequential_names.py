"""Unusual import style: layers imported by name, a Sequential model, a string optimizer."""

import numpy as np
from tensorflow.keras.layers import Conv2D, Dense, Flatten, Input, MaxPooling2D
from tensorflow.keras.models import Sequential

model = Sequential(
    [
        Input(shape=(28, 28, 3)),
        Conv2D(8, 3, activation="relu"),
        MaxPooling2D(),
        Conv2D(16, 3, activation="relu"),
        Flatten(),
        Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")

x = np.random.rand(32, 28, 28, 3).astype("float32")
y = np.random.randint(0, 10, size=(32,))
model.fit(x, y, batch_size=16, epochs=2)
