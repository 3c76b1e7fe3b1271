import numpy as np
import tensorflow as tf

# character ids of a text corpus, split into input/target windows (synthetic)
vocab_size = 65
text_as_int = np.random.randint(0, vocab_size, 20000)
seq_length = 100
char_dataset = tf.data.Dataset.from_tensor_slices(text_as_int)
sequences = char_dataset.batch(seq_length + 1, drop_remainder=True)


def split_input_target(chunk):
    input_text = chunk[:-1]
    target_text = chunk[1:]
    return input_text, target_text


BATCH_SIZE = 32
dataset = sequences.map(split_input_target).shuffle(1000).batch(BATCH_SIZE, drop_remainder=True)

embedding_dim = 64
rnn_units = 128

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim),
    tf.keras.layers.GRU(rnn_units, return_sequences=True, recurrent_initializer="glorot_uniform"),
    tf.keras.layers.Dense(vocab_size),
])
model.compile(optimizer="adam")

EPOCHS = 2
history = model.fit(dataset, epochs=EPOCHS)
