"""Character-level name -> language classifier fed by a tf.data pipeline."""

import numpy as np
import tensorflow as tf

MAX_CHARS = 16
ALPHABET = 30
LANGS = 5
BATCH = 32

names_tok = np.random.randint(1, ALPHABET, size=(256, MAX_CHARS))
lang_id = np.random.randint(0, LANGS, size=(256,))


def encode(tokens, lang):
    # 把标签转成 one-hot
    return tokens, tf.one_hot(lang, LANGS)


train_pipe = (
    tf.data.Dataset.from_tensor_slices((names_tok, lang_id))
    .shuffle(256)
    .map(encode)
    .batch(BATCH)
    .prefetch(tf.data.AUTOTUNE)
)

encoder = tf.keras.Sequential(
    [
        tf.keras.layers.Input(shape=(MAX_CHARS,)),
        tf.keras.layers.Embedding(ALPHABET, 16),
        tf.keras.layers.GlobalAveragePooling1D(),
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(LANGS),
    ]
)
encoder.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=3e-3),
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
encoder.fit(train_pipe, epochs=2)
