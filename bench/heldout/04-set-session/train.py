"""Binary spam detector; the GPU session setup was copied from a TF1-era tutorial."""

import numpy as np
import tensorflow as tf

# 按需分配显存 (allocate GPU memory on demand)
config = tf.compat.v1.ConfigProto()
config.gpu_options.allow_growth = True
sess = tf.compat.v1.Session(config=config)
tf.keras.backend.set_session(sess)

n_samples, n_tokens = 400, 50
rng = np.random.default_rng(3)
token_counts = rng.poisson(1.0, size=(n_samples, n_tokens)).astype("float32")
is_spam = (token_counts[:, :5].sum(axis=1) > 5).astype("float32")

detector = tf.keras.Sequential(
    [
        tf.keras.layers.Input(shape=(n_tokens,)),
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ]
)
detector.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
detector.fit(token_counts, is_spam, epochs=3, batch_size=32)
