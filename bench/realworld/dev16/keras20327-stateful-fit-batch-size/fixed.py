import keras
import numpy as np

np.random.seed(42)

model = keras.Sequential([
    keras.layers.Input(batch_shape=[1, 10, 3]),
    keras.layers.LSTM(10, return_sequences=True, stateful=True),
    keras.layers.LSTM(10, return_sequences=True, stateful=True),
    keras.layers.Dense(5)
])

model.compile(loss="mse", optimizer="sgd")

X_train = np.random.rand(100, 10, 3)
y_train = np.random.rand(100, 10, 5)
model.fit(X_train, y_train, epochs=1, batch_size=1)
