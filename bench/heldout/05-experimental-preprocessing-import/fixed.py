"""Tiny flower-photo classifier with in-model rescaling and rotation augmentation."""

import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import RandomRotation, Rescaling

HEIGHT, WIDTH = 40, 40
N_CLASSES = 5

photos = np.random.randint(0, 256, size=(120, HEIGHT, WIDTH, 3)).astype("float32")
kinds = np.random.randint(0, N_CLASSES, size=(120,))


class FlowerNet(tf.keras.Model):
    def __init__(self, n_classes):
        super().__init__()
        self.scale = Rescaling(1.0 / 255)
        self.rotate = RandomRotation(0.1)
        self.conv_a = tf.keras.layers.Conv2D(8, 3, activation="relu")
        self.pool = tf.keras.layers.GlobalMaxPooling2D()
        self.head = tf.keras.layers.Dense(n_classes)

    def call(self, images, training=False):
        h = self.scale(images)
        h = self.rotate(h, training=training)
        h = self.conv_a(h)
        return self.head(self.pool(h))


net = FlowerNet(N_CLASSES)
net.compile(
    optimizer="adam",
    loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    metrics=["accuracy"],
)
net.fit(photos, kinds, batch_size=24, epochs=2)
