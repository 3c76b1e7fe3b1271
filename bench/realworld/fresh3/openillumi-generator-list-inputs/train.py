import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# two feature groups per sample and a binary target (synthetic)
n_samples = 320
X1_all = np.random.rand(n_samples, 20).astype("float32")
X2_all = np.random.rand(n_samples, 8).astype("float32")
y_all = np.random.randint(0, 2, (n_samples, 1)).astype("float32")


class DataGenerator(keras.utils.Sequence):
    def __init__(self, X1, X2, y, batch_size=32, **kwargs):
        super().__init__(**kwargs)
        self.X1, self.X2, self.y = X1, X2, y
        self.batch_size = batch_size

    def __len__(self):
        return int(np.ceil(len(self.y) / self.batch_size))

    def __getitem__(self, idx):
        sl = slice(idx * self.batch_size, (idx + 1) * self.batch_size)
        X1 = self.X1[sl]
        X2 = self.X2[sl]
        y = self.y[sl]
        return [X1, X2], y


input_a = keras.Input(shape=(20,), name="input_a")
input_b = keras.Input(shape=(8,), name="input_b")
a = layers.Dense(32, activation="relu")(input_a)
b = layers.Dense(16, activation="relu")(input_b)
merged = layers.concatenate([a, b])
out = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(inputs=[input_a, input_b], outputs=out)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])

train_gen = DataGenerator(X1_all, X2_all, y_all, batch_size=32)
model.fit(train_gen, epochs=3)
