import numpy as np
from keras.layers import LSTM, Dense
from keras.models import Sequential

# sequences of 10 steps with 64 features, one target per sequence
X = np.random.random((256, 10, 64)).astype("float32")
y = np.random.random((256, 1)).astype("float32")

model = Sequential()
model.add(LSTM(32, input_shape=(10, 64), return_sequences=True))

# for subsequent layers, not need to specify the input size:
model.add(LSTM(16))
model.add(Dense(1))
model.compile(loss="mse", optimizer="adam")
model.fit(X, y, epochs=2, batch_size=32)
