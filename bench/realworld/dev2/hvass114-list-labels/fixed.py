import numpy as np
from tensorflow.keras.layers import GRU, Dense, Embedding
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam
from tensorflow.keras.utils import pad_sequences

# IMDB reviews as token ids (the tutorial downloads and tokenizes them), labels as Python lists
num_words = 1000
rng = np.random.default_rng(0)
x_train_tokens = [list(rng.integers(1, num_words, rng.integers(5, 60))) for _ in range(400)]
y_train = [int(v) for v in rng.integers(0, 2, 400)]

max_tokens = 50
x_train_pad = pad_sequences(x_train_tokens, maxlen=max_tokens, padding="pre", truncating="pre")

model = Sequential()
embedding_size = 8
model.add(Embedding(input_dim=num_words, output_dim=embedding_size, name="layer_embedding"))
model.add(GRU(units=16, return_sequences=True))
model.add(GRU(units=8, return_sequences=True))
model.add(GRU(units=4))
model.add(Dense(1, activation="sigmoid"))
optimizer = Adam(learning_rate=1e-3)
model.compile(loss="binary_crossentropy", optimizer=optimizer, metrics=["accuracy"])

x = np.array(x_train_pad)
y = np.array(y_train)

model.fit(x, y, validation_split=0.05, epochs=3, batch_size=64)
