import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

# input X: (samples, time_steps, vector_size) sequences of word vectors (synthetic)
time_steps = 25
vector_size = 50
X = np.random.rand(120, time_steps, vector_size).astype("float32")
y = np.random.rand(120, 1).astype("float32")

model = Sequential()
model.add(LSTM(100,input_shape =(time_steps,vector_size)))
model.add(LSTM(100))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X, y, epochs=2, batch_size=32)
