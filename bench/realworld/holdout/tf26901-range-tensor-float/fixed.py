import numpy as np
import tensorflow as tf
from tensorflow.keras import layers


class PositionalEncoding(layers.Layer):
    """Adds sinusoidal position signals to token embeddings."""

    def __init__(self, d_model, **kwargs):
        super().__init__(**kwargs)
        self.d_model = d_model

    def call(self, x):
        seq_len = tf.shape(x)[1]
        positions = tf.cast(tf.range(seq_len), tf.float32)[:, tf.newaxis]
        dims = tf.range(self.d_model, dtype=tf.float32)[tf.newaxis, :]
        angle_rates = 1.0 / tf.pow(10000.0, (2.0 * (dims // 2)) / self.d_model)
        angles = positions * angle_rates
        return x + tf.sin(angles)[tf.newaxis, ...]


vocab, d_model, maxlen = 500, 32, 20
x_train = np.random.randint(1, vocab, size=(400, maxlen))
y_train = np.random.randint(0, 2, size=(400,))

inputs = tf.keras.Input(shape=(maxlen,))
x = layers.Embedding(vocab, d_model)(inputs)
x = PositionalEncoding(d_model)(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(1, activation="sigmoid")(x)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=2, batch_size=32)
