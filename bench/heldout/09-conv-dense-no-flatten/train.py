"""Traffic-sign recogniser (small colour patches, one-hot targets)."""

import numpy as np
import keras
from keras import layers as L

PATCH = 24
SIGNS = 8


def conv_stack(n_out):
    return keras.Sequential(
        [
            L.Input(shape=(PATCH, PATCH, 3)),
            L.Conv2D(16, (3, 3), padding="same", activation="relu"),
            L.MaxPool2D(2),
            L.Conv2D(32, (3, 3), padding="same", activation="relu"),
            L.MaxPool2D(2),
            L.Dense(128, activation="relu"),
            L.Dropout(0.25),
            L.Dense(64, activation="relu"),
            L.Dense(n_out, activation="softmax"),
        ],
        name="sign_cnn",
    )


patches = np.random.rand(160, PATCH, PATCH, 3).astype("float32")
sign_ids = np.random.randint(0, SIGNS, 160)
sign_onehot = keras.utils.to_categorical(sign_ids, SIGNS)

cnn = conv_stack(SIGNS)
cnn.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=["accuracy"])
cnn.fit(patches, sign_onehot, batch_size=32, epochs=2, validation_split=0.2)
