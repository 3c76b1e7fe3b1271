import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def generate_masks(channels, n, scale):
    rng = np.random.default_rng(0)
    keep = max(1, int(channels / scale))
    masks = np.zeros((n, channels), dtype="float32")
    for i in range(n):
        masks[i, rng.choice(channels, keep, replace=False)] = 1.0
    return masks


class Masksembles2D(layers.Layer):
    def __init__(self, n, scale, **kwargs):
        super().__init__(**kwargs)
        self.n, self.scale = n, scale

    def build(self, input_shape):
        channels = input_shape[-1]
        masks = generate_masks(channels, self.n, self.scale)
        self.masks = self.add_weight("masks",
                                     shape=masks.shape,
                                     trainable=False,
                                     dtype="float32")
        self.masks.assign(masks)

    def call(self, inputs, training=False):
        batch = tf.shape(inputs)[0]
        x = tf.stack(tf.split(inputs, self.n))
        x = x * self.masks[:, tf.newaxis, tf.newaxis, tf.newaxis, :]
        return tf.reshape(x, tf.shape(inputs))


input_shape = (28, 28, 1)
num_classes = 10
x_train = np.random.rand(512, 28, 28, 1).astype("float32")
y_train = keras.utils.to_categorical(np.random.randint(0, 10, 512), num_classes)

model = keras.Sequential(
    [
        keras.Input(shape=input_shape),
        layers.Conv2D(32, kernel_size=(3, 3), activation="elu"),
        Masksembles2D(4, 2.0),  # adding Masksembles2D
        layers.MaxPooling2D(pool_size=(2, 2)),
        layers.Flatten(),
        layers.Dense(num_classes, activation="softmax"),
    ]
)
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=128, epochs=2)
