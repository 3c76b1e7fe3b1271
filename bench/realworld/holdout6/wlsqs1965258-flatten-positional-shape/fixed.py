# MNIST digits with a small dense network (the TensorFlow beginner quickstart).
import numpy as np
import tensorflow as tf
from tensorflow import keras

# --- stand-in for keras.datasets.mnist.load_data(): 600 training and 100 test images ---
rng = np.random.RandomState(0)
x_train = rng.randint(0, 256, (600, 28, 28)).astype('uint8')
y_train = rng.randint(0, 10, 600).astype('uint8')
x_test = rng.randint(0, 256, (100, 28, 28)).astype('uint8')
y_test = rng.randint(0, 10, 100).astype('uint8')
# --- end of stand-in ---

x_train, x_test = x_train / 255.0, x_test / 255.0

model = keras.models.Sequential([
    keras.layers.InputLayer(input_shape=(28, 28)),
    keras.layers.Flatten(),
    keras.layers.Dense(128, activation="relu"),
    keras.layers.Dense(10),
])

loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
model.compile(optimizer='adam', loss=loss_fn, metrics=['accuracy'])
model.fit(x_train, y_train, epochs=3)
model.evaluate(x_test, y_test, verbose=2)
