# Keras-2 era digit classifier: layers imported by name, model built with add().
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Dense, Dropout

x = np.random.rand(64, 20, 20, 1).astype("float32")
y = np.random.randint(0, 4, size=(64,))

net = Sequential()
net.add(Conv2D(8, (3, 3), activation="relu", input_shape=(20, 20, 1)))
net.add(MaxPooling2D((2, 2)))
net.add(Dense(32, activation="relu"))
net.add(Dropout(0.25))
net.add(Dense(4, activation="softmax"))
net.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
net.fit(x, y, batch_size=16, epochs=2, verbose=2)
