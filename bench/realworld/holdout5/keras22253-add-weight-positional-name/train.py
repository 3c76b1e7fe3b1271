import os

os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
import tensorflow as tf
import keras


class MatrixLayer(keras.layers.Layer):
    def build(self, input_shape):
        num_fs = int(input_shape[-1])
        self.matrix = self.add_weight(
            "matrix",
            shape=(num_fs, 4),
            initializer="glorot_uniform",
            trainable=True,
        )

    def call(self, inputs):
        return tf.matmul(inputs, self.matrix)


# --- stand-in data: 200 samples of 8 features, a regression target per output ---
rng = np.random.RandomState(0)
x = rng.rand(200, 8).astype("float32")
y = rng.rand(200, 1).astype("float32")
# --- end of stand-in ---

inputs = keras.Input(shape=(8,))
h = MatrixLayer()(inputs)
outputs = keras.layers.Dense(1)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=3, batch_size=32, verbose=2)
print(model.predict(x[:2], verbose=0))
