import numpy as np
from tensorflow.keras.layers import LSTM, Dense, Input
from tensorflow.keras.models import Sequential

rng = np.random.default_rng(8)
timesteps = 20
# one row per sample, each a sequence of 20 readings; the target is one number per sequence
sequences = [rng.random(timesteps) for _ in range(300)]
X = np.array(sequences + [None], dtype=object)[:-1]  # array([array([...]), array([...]), ...])
y = np.array([s.sum() for s in sequences], dtype="float32")

X = np.stack(X)[..., None]  # [samples, timesteps, features]

model = Sequential([
    Input(shape=(timesteps, 1)),
    LSTM(32),
    Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=3, batch_size=32)
