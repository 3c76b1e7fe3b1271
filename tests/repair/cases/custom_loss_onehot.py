"""Hand-written weighted cross-entropy over class ids."""
import numpy as np
import tensorflow as tf

K_CLASSES = 4


def weighted_ce(y_true, y_pred):
    hot = tf.one_hot(tf.squeeze(y_true, -1), K_CLASSES)
    return -tf.reduce_sum(hot * tf.math.log(y_pred + 1e-7), axis=-1)


xs = np.random.rand(80, 5).astype("float32")
ys = np.random.randint(0, K_CLASSES, size=(80, 1))
m = tf.keras.Sequential([tf.keras.Input((5,)), tf.keras.layers.Dense(K_CLASSES, activation="softmax")])
m.compile(optimizer="adam", loss=weighted_ce)
m.fit(xs, ys, epochs=1, batch_size=16, verbose=0)
