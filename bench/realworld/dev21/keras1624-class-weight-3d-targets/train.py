# A per-time-step classifier: the softmax output is (batch_size, length, nb_class) against one-hot
# labels of the same size, trained with categorical_crossentropy and class weights
# (keras-team/keras#1624, "Class Weight for 3D Targets").
import numpy as np
import keras
from keras.layers import LSTM, Dense, TimeDistributed

np.random.seed(0)
keras.utils.set_random_seed(0)

nb_samples = 64
length = 20
nb_features = 8
nb_class = 3

X = np.random.rand(nb_samples, length, nb_features).astype("float32")
labels = np.random.choice(nb_class, size=(nb_samples, length), p=[0.8, 0.15, 0.05])
Y = keras.utils.to_categorical(labels, nb_class)  # (nb_samples, length, nb_class)

# weight each class by the inverse of its frequency
counts = np.bincount(labels.ravel(), minlength=nb_class)
class_weight = {c: float(labels.size) / (nb_class * counts[c]) for c in range(nb_class)}

model = keras.Sequential()
model.add(keras.Input(shape=(length, nb_features)))
model.add(LSTM(32, return_sequences=True))
model.add(TimeDistributed(Dense(nb_class, activation="softmax")))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit(X, Y, batch_size=16, epochs=2, verbose=2, class_weight=class_weight)
