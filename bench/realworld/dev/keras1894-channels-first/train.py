import numpy as np
from keras.layers import Conv2D, Dense, Flatten
from keras.models import Sequential
from keras.optimizers import SGD

nbimages, image_size = 200, 31
dataset = np.ndarray(shape=(nbimages, image_size, image_size), dtype=np.float32)
dataset[:] = np.random.rand(nbimages, image_size, image_size)
labels = np.ndarray(shape=(nbimages, 1), dtype=np.float32)
labels[:] = np.random.randint(0, 2, (nbimages, 1))

model = Sequential()
model.add(Conv2D(16, (7, 7), padding="valid", input_shape=(1, 31, 31), activation="tanh"))
model.add(Conv2D(32, (3, 3), padding="valid", activation="tanh"))
model.add(Conv2D(64, (3, 3), padding="valid", activation="tanh"))
model.add(Flatten())
model.add(Dense(23, activation="tanh"))
model.add(Dense(11, activation="sigmoid"))
model.add(Dense(1, activation="sigmoid"))
optimizer = SGD(learning_rate=0.01, momentum=0.9, nesterov=True)
model.compile(loss="binary_crossentropy", optimizer=optimizer)
model.fit(dataset, labels, batch_size=32, epochs=2, shuffle=True, validation_split=0.1, verbose=1)
