import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

train_samples = 500
batch_size = 32
x_train = np.random.rand(train_samples, 32, 32, 3).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, 10, train_samples), 10)


def train_generator(x, y, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


model = keras.Sequential([
    layers.Input(shape=(32, 32, 3)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])

steps_per_epoch = train_samples // batch_size
model.fit(train_generator(x_train, y_train, batch_size),
          steps_per_epoch=steps_per_epoch, epochs=3)
