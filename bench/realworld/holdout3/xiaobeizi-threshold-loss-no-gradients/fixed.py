import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

# images and binary masks (1 = interesting part of the image) (synthetic)
rng = np.random.default_rng(0)
x_train = rng.random((80, 64, 64, 3)).astype("float32")
y_train = (rng.random((80, 64, 64, 1)) > 0.5).astype("float32")


def loss(y_true, y_pred):
    sq_diff = tf.square(y_true - y_pred)
    return tf.reduce_mean(sq_diff, axis=-1)


inputs = layers.Input(shape=(64, 64, 3))
x = layers.Conv2D(16, (3, 3), activation="relu", padding="same")(inputs)
x = layers.Conv2D(16, (3, 3), activation="relu", padding="same")(x)
outputs = layers.Conv2D(1, (1, 1), activation="sigmoid")(x)
model = models.Model(inputs, outputs)

model.compile(optimizer="adam", loss=loss)
model.fit(x_train, y_train, batch_size=16, epochs=2)
