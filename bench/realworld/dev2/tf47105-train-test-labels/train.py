import numpy as np
import tensorflow as tf

# MNIST handwritten digits (60000 train / 10000 test in the report; 600 / 100 here)
x_train = np.random.rand(600, 28, 28).astype("float32")
y_train = np.random.randint(0, 10, 600)
x_test = np.random.rand(100, 28, 28).astype("float32")
y_test = np.random.randint(0, 10, 100)

model = tf.keras.models.Sequential([
    tf.keras.layers.Flatten(input_shape=(28, 28)),
    tf.keras.layers.Dense(128, activation="relu"),
    tf.keras.layers.Dropout(0.2),
    tf.keras.layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

model.fit(x_train, y_test, epochs=3)
model.evaluate(x_test, y_test)
