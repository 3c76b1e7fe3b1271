"""X-ray patch classifier on a MobileNet backbone trained from scratch (grayscale scans)."""

import numpy as np
from tensorflow import keras

SIDE = 32
N_FINDINGS = 3

scans = np.random.rand(64, SIDE, SIDE, 1).astype("float32")
finding = np.random.randint(0, N_FINDINGS, size=64)

trunk = keras.applications.MobileNet(
    input_shape=(SIDE, SIDE, 3), alpha=0.25, include_top=False, weights=None
)

scan_in = keras.Input(shape=(SIDE, SIDE, 1), name="scan")
feat = trunk(scan_in)
feat = keras.layers.GlobalAveragePooling2D()(feat)
feat = keras.layers.Dropout(0.2)(feat)
probs = keras.layers.Dense(N_FINDINGS, activation="softmax")(feat)
xray_model = keras.Model(scan_in, probs)

xray_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
xray_model.fit(scans, finding, batch_size=16, epochs=1)
