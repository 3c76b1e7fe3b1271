import numpy as np
import tensorflow as tf

# IMDB reviews as subword ids of varying length (synthetic)
vocab_size = 8185
rng = np.random.default_rng(0)


def reviews(n):
    for _ in range(n):
        length = int(rng.integers(20, 120))
        yield rng.integers(1, vocab_size, length).astype("int64"), int(rng.integers(0, 2))


signature = (tf.TensorSpec(shape=(None,), dtype=tf.int64), tf.TensorSpec(shape=(), dtype=tf.int64))
train_dataset = tf.data.Dataset.from_generator(lambda: reviews(320), output_signature=signature)
test_dataset = tf.data.Dataset.from_generator(lambda: reviews(96), output_signature=signature)

BUFFER_SIZE = 1000
BATCH_SIZE = 32
train_dataset = train_dataset.shuffle(BUFFER_SIZE)
train_dataset = train_dataset.padded_batch(BATCH_SIZE, padded_shapes=([None], []))
test_dataset = test_dataset.padded_batch(BATCH_SIZE, padded_shapes=([None], []))

embedding_dim = 64
model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim),
    tf.keras.layers.GlobalAveragePooling1D(),
    tf.keras.layers.Dense(6, activation="relu"),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

num_epochs = 3
history = model.fit(train_data, epochs=num_epochs, validation_data=test_data)
