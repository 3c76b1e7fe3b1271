import numpy as np
import tensorflow as tf
from tensorflow import keras


def build_base_model():
    """
        Base functional api
    """
    inputs = tf.keras.Input(shape=(28,28))
    x = tf.keras.layers.Flatten()(inputs)
    x = tf.keras.layers.Dense(64, activation="relu")(x)
    x = tf.keras.layers.Dense(64, activation="relu")(x)
    outputs = tf.keras.layers.Dense(10, activation='softmax')(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(
        optimizer="sgd",
        loss='sparse_categorical_crossentropy',
        metrics=['accuracy'])
    return model


x_train = np.random.rand(300, 28, 28).astype("float32")
y_train = np.random.randint(0, 10, size=(300,))

model = build_base_model()
model.fit(x_train, y_train, batch_size=32, epochs=1)
