"""Classify 4 kinds of network traffic from flow statistics."""

import numpy as np
from tensorflow import keras

params = {
    "n_flows": 320,
    "n_stats": 12,
    "n_kinds": 4,
    "epochs": 3,
    "batch_size": 32,
}

r = np.random.default_rng(5)
flow_stats = r.normal(size=(params["n_flows"], params["n_stats"])).astype("float32")
traffic_kind = r.integers(0, params["n_kinds"], size=(params["n_flows"],))

clf_net = keras.models.Sequential(
    [
        keras.layers.InputLayer(shape=(params["n_stats"],)),
        keras.layers.Dense(48, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.Dense(params["n_kinds"], activation="softmax"),
    ]
)
clf_net.compile(loss="binary_crossentropy", optimizer=keras.optimizers.Adam(1e-3), metrics=["accuracy"])
clf_net.fit(flow_stats, traffic_kind, epochs=params["epochs"], batch_size=params["batch_size"])
