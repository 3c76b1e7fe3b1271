import numpy as np
from keras.layers import LSTM, Dense
from keras.models import Sequential

# one scalar reading per time step, 12 steps per sample, predict the next reading
series = np.sin(np.arange(0, 400) * 0.1).astype("float32")
X = np.stack([series[i:i + 12] for i in range(360)])
y = series[12:372]
X = X.reshape(X.shape[0], 12, 1)  # (n_batch, n_timesteps, 1)

model2 = Sequential()
model2.add(LSTM(64, input_shape=(12, 1)))
model2.add(Dense(1))
model2.compile(loss="mse", optimizer="adam")
model2.fit(X, y, epochs=3, batch_size=32)
