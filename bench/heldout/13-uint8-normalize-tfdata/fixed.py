"""Cats-vs-dogs style binary classifier; raw uint8 images normalised in a tf.data map."""

import numpy as np
import tensorflow as tf

IMG = 32
BATCH = 16

raw_images = np.random.randint(0, 256, size=(96, IMG, IMG, 3), dtype=np.uint8)
is_dog = np.random.randint(0, 2, size=(96, 1)).astype("float32")


def standardize(image, target):
    # 归一化到 [-1, 1]
    image = (tf.cast(image, tf.float32) - 127.5) / 127.5
    return image, target


ds_train = (
    tf.data.Dataset.from_tensor_slices((raw_images, is_dog))
    .map(standardize, num_parallel_calls=tf.data.AUTOTUNE)
    .batch(BATCH)
)

pet_net = tf.keras.Sequential(
    [
        tf.keras.layers.Input(shape=(IMG, IMG, 3)),
        tf.keras.layers.Conv2D(8, 3, strides=2, activation="relu"),
        tf.keras.layers.Conv2D(16, 3, strides=2, activation="relu"),
        tf.keras.layers.GlobalAveragePooling2D(),
        tf.keras.layers.Dense(1, activation="sigmoid"),
    ]
)
pet_net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
pet_net.fit(ds_train, epochs=2)
