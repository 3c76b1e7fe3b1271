"""Imbalanced 4-class defect classifier trained with a hand-written focal loss."""

import numpy as np
import tensorflow as tf

K = 4
GAMMA = 2.0

sensor = np.random.normal(size=(300, 10)).astype("float32")
defect = np.random.choice(K, size=(300, 1), p=[0.7, 0.1, 0.1, 0.1]).astype("int32")


def focal_loss(y_true, y_pred):
    onehot = tf.one_hot(tf.squeeze(y_true, axis=-1), depth=K)
    p_t = tf.reduce_sum(onehot * y_pred, axis=-1)
    return -tf.pow(1.0 - p_t, GAMMA) * tf.math.log(p_t + 1e-7)


inspector = tf.keras.Sequential(
    [
        tf.keras.layers.Input(shape=(10,)),
        tf.keras.layers.Dense(32, activation="relu"),
        tf.keras.layers.Dense(K, activation="softmax"),
    ]
)
inspector.compile(optimizer="adam", loss=focal_loss)
inspector.fit(sensor, defect, epochs=3, batch_size=30)
