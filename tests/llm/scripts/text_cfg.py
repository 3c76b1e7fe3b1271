"""Sentiment classifier on tokenised reviews; the config is passed around explicitly."""

import numpy as np
import keras
from keras import layers


class CFG:
    vocab_size = 20000
    seq_len = 200
    embed_dim = 64
    batch_size = 32
    epochs = 2


def make_data(n, cfg, seed=0):
    rng = np.random.default_rng(seed)
    tokens = rng.integers(1, cfg.vocab_size, size=(n, cfg.seq_len))
    labels = rng.integers(0, 2, size=(n,))
    return tokens, labels


def build_model(cfg):
    inputs = keras.Input(shape=(cfg.seq_len,), dtype="int32")
    x = layers.Embedding(cfg.vocab_size, cfg.embed_dim)(inputs)
    x = layers.Bidirectional(layers.LSTM(32, return_sequences=True))(x)
    x = layers.Dense(32, activation="relu")(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)


x_train, y_train = make_data(512, CFG)
x_val, y_val = make_data(128, CFG, seed=1)
model = build_model(CFG)
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(
    x_train, y_train, validation_data=(x_val, y_val), batch_size=CFG.batch_size, epochs=CFG.epochs
)
print("val accuracy:", history.history["val_accuracy"][-1])
