# keras-team/keras#14334: a functional-API classifier for 28 x 28 digit images, built like the
# Sequential MNIST examples but without their first layer.
import numpy as np
import tensorflow as tf
from tensorflow import keras

# --- stand-in for keras.datasets.mnist.load_data(): 320 seeded 28 x 28 digits ---
rng = np.random.RandomState(0)
x_train = rng.randint(0, 256, size=(320, 28, 28)).astype("float32") / 255.0
y_train = rng.randint(0, 10, size=(320,))
# --- end of stand-in ---


def build_base_model():
    """
        Base functional api
    """
    inputs = tf.keras.Input(shape=(28, 28))
    x = tf.keras.layers.Dense(64, activation="relu")(inputs)
    x = tf.keras.layers.Dense(64, activation="relu")(x)
    outputs = tf.keras.layers.Dense(10, activation='softmax')(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(
        optimizer="sgd",
        loss='sparse_categorical_crossentropy',
        metrics=['accuracy'])
    return model


model = build_base_model()
model.summary()
model.fit(x_train, y_train, batch_size=32, epochs=2)
