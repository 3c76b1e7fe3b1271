"""Activity recognition from two phone sensors: a short audio clip and accelerometer windows."""

import numpy as np
import keras
from keras import layers

N_AUDIO = 64
N_STEPS = 64
N_CLASSES = 5
BATCH_SIZE = 16
EPOCHS = 2


def build_model():
    audio_in = keras.Input(shape=(N_AUDIO, 1), name="audio")
    accel_in = keras.Input(shape=(N_STEPS, 3), name="accel")

    a = layers.Conv1D(16, 5, activation="relu")(audio_in)
    a = layers.GlobalAveragePooling1D()(a)

    m = layers.Conv1D(16, 5, activation="relu")(accel_in)
    m = layers.GlobalAveragePooling1D()(m)

    h = layers.Concatenate()([a, m])
    outputs = layers.Dense(N_CLASSES, activation="softmax")(h)
    return keras.Model(inputs=[audio_in, accel_in], outputs=outputs)


rng = np.random.default_rng(4)
n = 80
audio_clips = rng.normal(size=(n, N_AUDIO, 1)).astype("float32")
accel_windows = rng.normal(size=(n, N_STEPS, 3)).astype("float32")
activity = rng.integers(0, N_CLASSES, size=(n,))

model = build_model()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

history = model.fit(
    [accel_windows, audio_clips],
    activity,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_split=0.2,
)
print(history.history)
