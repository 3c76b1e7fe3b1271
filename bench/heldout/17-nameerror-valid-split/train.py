"""Credit-default scoring; a validation split is carved out before training."""

import numpy as np
import keras

rng = np.random.default_rng(99)
applicants = rng.normal(size=(500, 20)).astype("float32")
defaulted = (applicants[:, 0] + 0.5 * applicants[:, 1] > 0.8).astype("float32")

cut = 400
X_tr, X_val = applicants[:cut], applicants[cut:]
y_tr, y_val = defaulted[:cut], defaulted[cut:]


def scorer_model(width=32):
    return keras.Sequential(
        [
            keras.Input(shape=(20,)),
            keras.layers.Dense(width, activation="relu"),
            keras.layers.Dense(width, activation="relu"),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )


scorer = scorer_model()
scorer.compile(optimizer="adam", loss="binary_crossentropy", metrics=["AUC"])
scorer.fit(
    X_tr,
    y_tr,
    validation_data=(X_valid, y_valid),
    epochs=3,
    batch_size=50,
)
