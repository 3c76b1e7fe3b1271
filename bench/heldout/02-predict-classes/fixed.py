"""Iris-like flower classifier; prints the predicted class of a few held-out samples."""

import numpy as np
from tensorflow import keras

N_FEATURES = 4
N_SPECIES = 3


def synth_flowers(n, seed):
    rs = np.random.RandomState(seed)
    species = rs.randint(0, N_SPECIES, size=n)
    centers = np.array([[5.0, 3.4, 1.5, 0.2], [5.9, 2.8, 4.3, 1.3], [6.6, 3.0, 5.5, 2.0]])
    measures = centers[species] + rs.normal(scale=0.3, size=(n, N_FEATURES))
    return measures.astype("float32"), species


def build_classifier():
    clf = keras.Sequential()
    clf.add(keras.layers.Dense(16, activation="relu", input_shape=(N_FEATURES,)))
    clf.add(keras.layers.Dense(16, activation="relu"))
    clf.add(keras.layers.Dense(N_SPECIES, activation="softmax"))
    clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return clf


train_X, train_y = synth_flowers(150, seed=1)
test_X, test_y = synth_flowers(30, seed=2)

clf = build_classifier()
clf.fit(train_X, train_y, epochs=5, batch_size=16, verbose=2)

predicted = np.argmax(clf.predict(test_X), axis=-1)
print("accuracy on held-out:", float(np.mean(predicted == test_y)))
print("first predictions:", predicted[:10])
