import numpy as np
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential
from keras.utils import to_categorical

# EMNIST letters (as loaded from the .mat file): labels are 1..26 for a..z
nb_classes = 26
x_train = np.random.rand(600, 28, 28, 1).astype("float32")
y_train = np.random.randint(1, 27, size=(600,))
x_test = np.random.rand(100, 28, 28, 1).astype("float32")
y_test = np.random.randint(1, 27, size=(100,))
y_train[0], y_test[0] = 26, 26

y_train = to_categorical(y_train - 1, nb_classes)
y_test = to_categorical(y_test - 1, nb_classes)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(28, 28, 1)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(128, activation="relu"))
model.add(Dense(nb_classes, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=64, epochs=2, validation_data=(x_test, y_test))
