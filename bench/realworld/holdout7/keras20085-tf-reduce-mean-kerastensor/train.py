# Text classifier that averages the word embeddings of a review (a bag of embeddings) before
# the classifier head. Written for TensorFlow 2.15 (Keras 2), where a tf.reduce_mean on the
# embedding output could be part of a functional model; run here on TensorFlow 2.16+ (Keras 3).
import numpy as np
import tensorflow as tf
import keras
from keras import layers

vocab_size = 1000
max_len = 20
embedding_dim = 16

# --- stand-in data: 400 padded sequences of word ids, binary labels ---
rng = np.random.RandomState(0)
x_train = rng.randint(1, vocab_size, size=(400, max_len))
y_train = rng.randint(0, 2, size=(400, 1)).astype('float32')
# --- end of stand-in ---

inputs = keras.Input(shape=(max_len,), dtype='int32')
embedded = layers.Embedding(vocab_size, embedding_dim)(inputs)
averaged = tf.reduce_mean(embedded, axis=1)
hidden = layers.Dense(16, activation='relu')(averaged)
outputs = layers.Dense(1, activation='sigmoid')(hidden)
model = keras.Model(inputs, outputs)

model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.2)
