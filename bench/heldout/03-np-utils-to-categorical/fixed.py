"""Sentiment (3 classes) on bag-of-words vectors with one-hot targets."""

import numpy as np
import keras
from keras.utils import to_categorical

VOCAB = 500
CLASSES = 3

rng = np.random.default_rng(11)
bow = (rng.random((300, VOCAB)) < 0.05).astype("float32")
sentiment = rng.integers(0, CLASSES, size=300)
targets = to_categorical(sentiment, num_classes=CLASSES)

net = keras.Sequential(
    [
        keras.Input(shape=(VOCAB,)),
        keras.layers.Dense(64, activation="relu"),
        keras.layers.Dropout(0.5),
        keras.layers.Dense(CLASSES, activation="softmax"),
    ]
)
net.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
net.fit(bow, targets, epochs=3, batch_size=32, validation_split=0.1)
