import os
os.environ["KERAS_BACKEND"] = "tensorflow"

import numpy as np
import keras
from keras import layers


# --- stand-in: keras.datasets.mnist.load_data() (no download here): 300 training and
# 100 test images of 28x28 grey levels with their digit labels ---
def load_data():
    rng = np.random.RandomState(0)
    return ((rng.randint(0, 256, (300, 28, 28)).astype("uint8"), rng.randint(0, 10, 300)),
            (rng.randint(0, 256, (100, 28, 28)).astype("uint8"), rng.randint(0, 10, 100)))
# --- end of stand-in ---


(x_train, y_train), (x_test, y_test) = load_data()
x_train = x_train.reshape(300, 784).astype("float32") / 255
x_test = x_test.reshape(100, 784).astype("float32") / 255
inputs = keras.Input(shape=(784,))
dense = layers.Dense(64, activation="relu")
x = dense(inputs)
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(10)(x)
model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")
model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.RMSprop(),
    # metrics=["accuracy"],
    metrics=[keras.metrics.SparseCategoricalAccuracy(name='accuracy')]
)
history = model.fit(
    x_train, y_train, batch_size=64, epochs=2, validation_split=0.2
)

test_scores = model.evaluate(x_test, y_test, verbose=2)
print("Test loss:", test_scores[0])
print("Test accuracy:", test_scores[1])
