import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# one feature vector per sample, collected in a loop (synthetic)
samples = []
labels = []
for i in range(300):
    samples.append(np.random.rand(24).astype("float32"))
    labels.append(i % 4)
labels = np.array(labels)

model = keras.Sequential([
    layers.Input(shape=(24,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(4, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(np.stack(samples), labels, epochs=3, batch_size=32)
