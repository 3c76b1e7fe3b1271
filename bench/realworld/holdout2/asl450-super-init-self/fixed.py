import numpy as np
import tensorflow as tf
from tensorflow import keras

# tabular features and a binary target, as in the notebook's subclassed classifier
x_train = np.random.rand(400, 16).astype("float32")
y_train = np.random.randint(0, 2, 400).astype("float32")


class WideDeepClassifier(keras.Model):
    def __init__(self, hidden_units=32):
        super().__init__()
        self.hidden = keras.layers.Dense(hidden_units, activation="relu")
        self.dropout = keras.layers.Dropout(0.2)
        self.out = keras.layers.Dense(1, activation="sigmoid")

    def call(self, inputs, training=False):
        x = self.hidden(inputs)
        x = self.dropout(x, training=training)
        return self.out(x)


model = WideDeepClassifier()
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.2)
