import numpy as np
from keras.layers import Activation, Dense
from keras.models import Sequential

X_train = np.random.randint(0, 10, (300, 2)).astype("float32")
y_train = np.random.randint(0, 10, 300)
input_dim = X_train.shape[1]

model = Sequential()
model.add(Dense(64, input_dim=input_dim))
model.add(Activation("relu"))
model.add(Dense(10))
model.add(Activation("softmax"))
model.compile(loss="categorical_crossentropy", optimizer="rmsprop")
model.fit(X_train, y_train, epochs=3, batch_size=32)
