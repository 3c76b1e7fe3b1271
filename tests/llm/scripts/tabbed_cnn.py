"""Tiny CNN, tab-indented (as some editors save it)."""
import numpy as np
import keras
from keras import layers

EPOCHS = 2


def build_model(num_classes):
	model = keras.Sequential(
		[
			keras.Input(shape=(32, 32, 3)),
			layers.Conv2D(16, 3, activation="relu"),
			layers.MaxPooling2D(),
			layers.Flatten(),
			layers.Dense(num_classes, activation="softmax"),
		]
	)
	model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
	return model


rng = np.random.default_rng(0)
x = rng.random((64, 32, 32, 3)).astype("float32")
y = rng.integers(0, 10, size=(64,))
model = build_model(10)
history = model.fit(x, y, epochs=EPOCHS, batch_size=16)
for key in history.history:
	print(key, history.history[key][-1])
