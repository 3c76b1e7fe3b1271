import numpy as np
import keras
from keras.models import Sequential
from keras.layers import LSTM, Dense

n_steps = 3
n_features = 1
X = np.random.rand(200, n_steps, n_features).astype("float32")
y = np.random.rand(200, 1).astype("float32")

model = Sequential()
model.add(LSTM(50, activation='relu', input_shape=(n_steps, n_features)))
model.add(Dense(1))
optimizer = keras.optimizers.Adam(learning_rate=1e-5)
model.compile(optimizer=optimizer, loss='mse')

# fit model
model.fit(X, y, epochs=2, validation_split=0.2, verbose=1)
