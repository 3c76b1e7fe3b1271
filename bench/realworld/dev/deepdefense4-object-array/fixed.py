import numpy as np
from tensorflow.keras.layers import LSTM, Dense
from tensorflow.keras.models import Sequential

# packet windows parsed from a capture: ports and protocol numbers stay Python ints
n_windows, window, n_feat = 300, 10, 6
rng = np.random.default_rng(0)
X_train = np.empty((n_windows, window, n_feat), dtype=object)
for i in range(n_windows):
    for t in range(window):
        X_train[i, t] = [int(rng.integers(0, 65535)), int(rng.integers(0, 17)),
                         int(rng.integers(40, 1500)), int(rng.integers(0, 2)),
                         int(rng.integers(0, 64)), int(rng.integers(0, 255))]
Y_train = np.array([int(v) for v in rng.integers(0, 2, n_windows)], dtype=object)

model = Sequential()
model.add(LSTM(64, input_shape=(window, n_feat)))
model.add(Dense(1, activation="sigmoid"))
model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

X_train = np.asarray(X_train).astype(np.float32)
Y_train = np.asarray(Y_train).astype(np.float32)
history = model.fit(X_train, Y_train, epochs=2, validation_split=0.2, verbose=1)
