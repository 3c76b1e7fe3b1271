import sys

assert sys.version_info >= (3, 7)

from packaging import version
import tensorflow as tf

assert version.parse(tf.__version__) >= version.parse("2.8.0")

import numpy as np

# tensorflow_datasets' imdb_reviews download replaced by seeded reviews of the same structure:
# (review string, 0/1 label) pairs split into train / valid / test sets
_rng = np.random.default_rng(42)
_pos = "great wonderful brilliant moving superb enjoyable touching funny".split()
_neg = "awful boring terrible dull weak predictable clumsy tedious".split()
_neutral = "the movie film plot actors story scenes director this was and a".split()


def _reviews(n):
    texts, labels = [], []
    for _ in range(n):
        label = int(_rng.integers(0, 2))
        words = list(_rng.choice(_neutral, int(_rng.integers(6, 20))))
        words += list(_rng.choice(_pos if label else _neg, int(_rng.integers(1, 4))))
        _rng.shuffle(words)
        texts.append(" ".join(words))
        labels.append(label)
    return tf.data.Dataset.from_tensor_slices((texts, np.array(labels, dtype=np.int64)))


raw_train_set, raw_valid_set, raw_test_set = _reviews(96), _reviews(32), _reviews(32)
tf.random.set_seed(42)
train_set = raw_train_set.shuffle(5000, seed=42).batch(32).prefetch(1)
valid_set = raw_valid_set.batch(32).prefetch(1)
test_set = raw_test_set.batch(32).prefetch(1)

vocab_size = 1000
text_vec_layer = tf.keras.layers.TextVectorization(max_tokens=vocab_size)
text_vec_layer.adapt(train_set.map(lambda reviews, labels: reviews))

embed_size = 128
tf.random.set_seed(42)  # extra code – ensures reproducibility on the CPU
inputs = tf.keras.layers.Input(shape=[], dtype=tf.string)
class MyLayer(tf.keras.layers.Layer):
    def call(self, x):
        token_ids = text_vec_layer(x)
        mask = tf.math.not_equal(token_ids, 0)
        return token_ids, mask
token_ids, mask = MyLayer()(inputs)
Z = tf.keras.layers.Embedding(vocab_size, embed_size)(token_ids)
Z = tf.keras.layers.GRU(128, dropout=0.2)(Z, mask=mask)
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(Z)
model = tf.keras.Model(inputs=[inputs], outputs=[outputs])

# extra code – compiles and trains the model, as usual
model.compile(loss="binary_crossentropy", optimizer="nadam",
              metrics=["accuracy"])
history = model.fit(train_set, validation_data=valid_set, epochs=1)
