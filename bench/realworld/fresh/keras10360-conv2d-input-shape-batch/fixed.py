import numpy as np
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential
from keras.utils import to_categorical

X = np.random.rand(600, 28, 28, 1).astype("float32")
Y = to_categorical(np.random.randint(0, 10, 600), 10)

model = Sequential()
s = np.shape(X)
model.add(Conv2D(10, kernel_size=(5, 5), activation="relu", input_shape=(28, 28, 1)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(X, Y, batch_size=32, epochs=2)
