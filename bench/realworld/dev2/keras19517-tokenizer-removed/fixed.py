import numpy as np
from keras.layers import Dense, Embedding, GlobalAveragePooling1D, TextVectorization
from keras.models import Sequential

# short labelled texts (the reporter's corpus is not in the thread)
rng = np.random.default_rng(0)
vocab = ["good", "bad", "great", "poor", "movie", "plot", "actor", "boring", "fun", "slow"]
texts = [" ".join(rng.choice(vocab, rng.integers(3, 12))) for _ in range(300)]
labels = np.array([int("good" in t or "great" in t) for t in texts])

max_words = 1000
maxlen = 12
vectorizer = TextVectorization(max_tokens=max_words, output_sequence_length=maxlen)
vectorizer.adapt(texts)
x = vectorizer(np.array(texts)).numpy()

model = Sequential()
model.add(Embedding(max_words, 16))
model.add(GlobalAveragePooling1D())
model.add(Dense(1, activation="sigmoid"))
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, labels, epochs=3, batch_size=32)
