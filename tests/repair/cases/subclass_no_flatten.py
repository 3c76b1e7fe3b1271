"""Subclassed CNN; the head is applied straight to the feature map."""
import numpy as np
import keras
from keras import layers


class TinyNet(keras.Model):
    def __init__(self, classes):
        super().__init__()
        self.conv = layers.Conv2D(4, 3, activation="relu")
        self.pool = layers.MaxPooling2D()
        self.head = layers.Dense(classes, activation="softmax")

    def call(self, x):
        h = self.pool(self.conv(x))
        return self.head(h)


imgs = np.random.rand(32, 16, 16, 1).astype("float32")
labs = np.random.randint(0, 3, size=(32,))
net = TinyNet(3)
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(imgs, labs, epochs=1, batch_size=8, verbose=0)
