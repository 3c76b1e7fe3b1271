import numpy as np
from keras.models import Sequential
from keras.layers import Bidirectional, LSTM, Dense

# sequences of 128 steps with 10 features, one of 10 classes per sequence (synthetic)
kind = 10
x_train = np.random.rand(400, 128, 10).astype("float32")
y_train = np.eye(kind)[np.random.randint(0, kind, 400)]

model = Sequential()
model.add(Bidirectional(LSTM(100), input_shape=(128, 10)))
model.add((Dense(units=200, activation="tanh")))
model.add((Dense(kind, activation="softmax")))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2, validation_split=0.1)
