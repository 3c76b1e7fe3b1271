import numpy as np
import tensorflow as tf
from tensorflow import keras

# MNIST (downloaded in the report) as random digits: x (n, 28, 28), y one-hot (n, 10)
x_train = np.random.rand(600, 28, 28).astype("float32")
y_train = tf.one_hot(np.random.randint(0, 10, 600), depth=10).numpy()
print(x_train.shape, y_train.shape)

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=64)
