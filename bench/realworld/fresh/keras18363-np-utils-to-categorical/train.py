import keras
import numpy as np
from keras.utils import np_utils

num_classes = 10
x_train = np.random.rand(600, 32, 32, 3).astype("float32")
y_train = np.random.randint(0, num_classes, (600, 1))
y_train = np_utils.to_categorical(y_train, num_classes)

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(num_classes, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=32, epochs=2)
