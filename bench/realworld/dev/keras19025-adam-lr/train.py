import numpy as np
import keras
from keras.layers import LSTM, Dense
from keras.models import Sequential


def split_sequence(sequence, n_steps):
    X, y = [], []
    for i in range(len(sequence) - n_steps):
        X.append(sequence[i:i + n_steps])
        y.append(sequence[i + n_steps])
    return np.array(X), np.array(y)


raw_seq = np.sin(np.linspace(0, 60, 400)) + 0.1 * np.random.rand(400)
n_steps, n_features = 5, 1
X, y = split_sequence(raw_seq, n_steps)
X = X.reshape((X.shape[0], X.shape[1], n_features))

model = Sequential()
model.add(LSTM(50, activation="relu", input_shape=(n_steps, n_features)))
model.add(Dense(1))
optimizer = keras.optimizers.Adam(lr=1e-5)
model.compile(optimizer=optimizer, loss="mse")

# fit model
model.fit(X, y, epochs=3, validation_split=0.2, verbose=1)
