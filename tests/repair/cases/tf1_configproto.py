"""Regression with a TF1-style GPU config block inside a setup function."""
import numpy as np
import tensorflow as tf


def setup_gpu():
    opts = tf.GPUOptions(per_process_gpu_memory_fraction=0.5)
    conf = tf.ConfigProto(gpu_options=opts)
    conf.allow_soft_placement = True
    sess = tf.Session(config=conf)
    tf.keras.backend.set_session(sess)


setup_gpu()
xs = np.random.rand(60, 3).astype("float32")
reg = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(1)])
reg.compile(optimizer="sgd", loss="mse")
reg.fit(xs, xs.sum(axis=1), epochs=1, batch_size=20, verbose=0)
