import numpy as np
import tensorflow as tf
from keras.layers import LSTM, Bidirectional, Dense, Embedding
from keras.utils import to_categorical

# the question's corpus, tokenized and cut into n-gram prefixes: 453 sequences
num = 120
max_len = 12
rng = np.random.default_rng(0)
sequences = rng.integers(1, num, (453, max_len))
X = sequences[:, :-1]
Y = sequences[:, -1:]
Y = to_categorical(Y, num_classes=num)

model = tf.keras.Sequential()
model.add(Embedding(num, 64, input_length=max_len - 1))  # we subtract 1 coz we cropped the last word from X
model.add(Bidirectional(LSTM(32)))
model.add(Dense(num, activation="softmax"))

model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

history = model.fit(X, Y, epochs=3)
