import numpy as np
from keras.layers import LSTM, Dense, Embedding
from keras.models import Sequential

# chat turns already encoded as word ids; the target is the id of the next word
vocab_size = 600
seq_len = 12
encoder_input = np.random.randint(1, vocab_size, size=(512, seq_len))
next_word = np.random.randint(1, vocab_size, size=(512,))

model = Sequential()
model.add(Embedding(vocab_size, 32))
model.add(LSTM(64))
model.add(Dense(256, activation="softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(encoder_input, next_word, batch_size=64, epochs=2)
