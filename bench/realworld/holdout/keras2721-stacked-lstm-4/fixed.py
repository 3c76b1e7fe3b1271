import numpy as np
from keras.layers import LSTM, Dense
from keras.models import Sequential

# one time step of 2 control values + 88 piano keys per sample, predict the next pitch value
embedim = 2 + 88
X = np.random.rand(300, 1, embedim).astype("float32")
y = np.random.rand(300, 1).astype("float32")

model = Sequential()
model.add(LSTM(100, input_shape=(1, embedim), return_sequences=True))
model.add(LSTM(100, return_sequences=True))
model.add(LSTM(100, return_sequences=True))
model.add(LSTM(100))
model.add(Dense(1))
model.compile(loss="mse", optimizer="rmsprop")
model.fit(X, y, batch_size=32, epochs=2)
