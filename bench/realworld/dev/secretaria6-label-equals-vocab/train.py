import numpy as np
import tensorflow as tf

# questions and answers of the school's FAQ, one word per id (ids start at 1, like Tokenizer)
words = [f"mot{i}" for i in range(1640)]
word_index = {w: i + 1 for i, w in enumerate(words)}
vocab_size = len(word_index)

max_len = 64
rng = np.random.default_rng(1)
X = rng.integers(1, len(words) + 1, size=(800, max_len))
y = rng.integers(1, len(words) + 1, size=(800,))

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, 64),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dense(vocab_size, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(X, y, epochs=2, batch_size=64)
