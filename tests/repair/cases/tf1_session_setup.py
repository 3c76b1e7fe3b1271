"""Tabular classifier whose GPU setup was copied from an old TF1 snippet."""
import numpy as np
import tensorflow as tf
from tensorflow.keras import backend as K

gpu_cfg = tf.compat.v1.ConfigProto()
gpu_cfg.gpu_options.allow_growth = True
session = tf.compat.v1.Session(config=gpu_cfg)
K.set_session(session)

feats = np.random.rand(120, 6).astype("float32")
labels = (feats.sum(axis=1) > 3).astype("float32")
clf = tf.keras.Sequential([tf.keras.Input((6,)), tf.keras.layers.Dense(8, activation="relu"), tf.keras.layers.Dense(1, activation="sigmoid")])
clf.compile(optimizer="adam", loss="binary_crossentropy")
clf.fit(feats, labels, epochs=1, batch_size=20, verbose=0)
