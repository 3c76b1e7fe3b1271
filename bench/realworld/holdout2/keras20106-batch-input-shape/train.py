import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

# one time step of 7 features per sample, one value to predict (synthetic)
X_train = np.random.rand(60, 1, 7).astype("float32")
y_train = np.random.rand(60).astype("float32")

model = Sequential()
model.add(LSTM(4, batch_input_shape=(1, X_train.shape[1], X_train.shape[2]), stateful=True))
model.add(Dense(1))
model.compile(loss="mean_squared_error", optimizer="adam")
model.fit(X_train, y_train, epochs=3, batch_size=1, verbose=1, shuffle=False)
