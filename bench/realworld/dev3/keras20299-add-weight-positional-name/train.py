import numpy as np
import tensorflow as tf
import keras


class FeatureLayer(keras.layers.Layer):
    def __init__(self, out_dim, **kwargs):
        super().__init__(**kwargs)
        self.out_dim = out_dim

    def build(self, input_shape):
        num_fs = input_shape[-1]
        self.matrix_layer = self.add_weight("matrix", shape=(num_fs, self.out_dim), initializer="glorot_uniform")
        self.bias = self.add_weight("bias", shape=(self.out_dim,), initializer="zeros")

    def call(self, x):
        return tf.matmul(x, self.matrix_layer) + self.bias


# sequences of 10 steps, 6 features plus a mask column (synthetic)
n_steps, n_features = 10, 6
data = np.random.rand(200, n_steps, n_features + 1).astype("float32")
data[:, :, -1] = (np.random.rand(200, n_steps) > 0.2).astype("float32")
target = np.random.rand(200, 1).astype("float32")

intuts = keras.Input(shape=(n_steps, n_features + 1))
x = intuts[:, :, :-1]
mask = intuts[:, :, -1:]
y = FeatureLayer(16)(x)
y = y * mask
y = keras.layers.GlobalAveragePooling1D()(y)
out = keras.layers.Dense(1)(y)

model = keras.Model(intuts, out)
model.compile(optimizer="adam", loss="mse")
model.fit(data, target, epochs=3, batch_size=32)
