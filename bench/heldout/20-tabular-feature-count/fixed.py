"""Churn prediction; the feature list grew after the model code was written."""

import numpy as np
import keras

FEATURE_COLUMNS = [
    "tenure", "monthly_charges", "total_charges", "n_services", "contract_len",
    "support_calls", "late_payments", "paperless", "senior", "partner",
    "dependents", "streaming",
]
N_FEATURES = len(FEATURE_COLUMNS)
HIDDEN = [64, 32]


def churn_model():
    feats = keras.Input(shape=(N_FEATURES,), name="customer")
    h = feats
    for units in HIDDEN:
        h = keras.layers.Dense(units, activation="relu")(h)
    churn_prob = keras.layers.Dense(1, activation="sigmoid")(h)
    return keras.Model(feats, churn_prob)


table = np.random.rand(400, len(FEATURE_COLUMNS)).astype("float32")
churned = np.random.randint(0, 2, size=(400, 1)).astype("float32")

m_churn = churn_model()
m_churn.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
m_churn.fit(table, churned, epochs=2, batch_size=40, validation_split=0.1)
