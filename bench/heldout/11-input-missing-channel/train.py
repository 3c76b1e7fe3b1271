"""Handwritten-digit CNN wrapped in a small trainer class (synthetic digits)."""

import numpy as np
import tensorflow as tf


class DigitTrainer:
    def __init__(self, cfg):
        self.cfg = cfg
        self.net = self._build()

    def _build(self):
        side = self.cfg["side"]
        digits_in = tf.keras.Input(shape=(side, side))
        z = tf.keras.layers.Conv2D(12, 3, activation="relu")(digits_in)
        z = tf.keras.layers.MaxPooling2D()(z)
        z = tf.keras.layers.Flatten()(z)
        z = tf.keras.layers.Dense(self.cfg["classes"], activation="softmax")(z)
        net = tf.keras.Model(digits_in, z)
        net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return net

    def train(self, imgs, labels):
        return self.net.fit(imgs, labels, epochs=self.cfg["epochs"], batch_size=self.cfg["batch"])


cfg = {"side": 28, "classes": 10, "epochs": 2, "batch": 32}
imgs = np.random.rand(128, 28, 28, 1).astype("float32")
labels = np.random.randint(0, 10, size=128)

trainer = DigitTrainer(cfg)
trainer.train(imgs, labels)
