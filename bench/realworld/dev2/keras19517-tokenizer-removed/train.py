import numpy as np
from keras.layers import Dense, Embedding, GlobalAveragePooling1D
from keras.models import Sequential
from keras.preprocessing.text import Tokenizer
from keras.utils import pad_sequences

# short labelled texts (the reporter's corpus is not in the thread)
rng = np.random.default_rng(0)
vocab = ["good", "bad", "great", "poor", "movie", "plot", "actor", "boring", "fun", "slow"]
texts = [" ".join(rng.choice(vocab, rng.integers(3, 12))) for _ in range(300)]
labels = np.array([int("good" in t or "great" in t) for t in texts])

max_words = 1000
maxlen = 12
tokenizer = Tokenizer(num_words=max_words)
tokenizer.fit_on_texts(texts)
sequences = tokenizer.texts_to_sequences(texts)
x = pad_sequences(sequences, maxlen=maxlen)

model = Sequential()
model.add(Embedding(max_words, 16))
model.add(GlobalAveragePooling1D())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, labels, epochs=3, batch_size=32)
