import numpy as np
from keras.layers import Activation, Dense
from keras.models import Sequential

model = Sequential()
model.add(Dense(2, input_shape=(None, 2)))
model.add(Activation("softmax"))

model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop", metrics=["accuracy"])

# the report's single sample [[[2, 3]]] -> [[[1, 0]]], repeated with random values
inp = np.random.rand(128, 1, 2).astype("float32") * 3
out = np.eye(2)[np.random.randint(0, 2, (128, 1))]
out = np.argmax(out, axis=-1)  # sparse targets: one class index per output step

model.fit(inp, out, epochs=3, batch_size=16)
