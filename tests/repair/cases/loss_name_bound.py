"""Four-way classifier; the loss is picked in a settings block."""
import numpy as np
import keras

SETTINGS = {"loss": "categorical_crossentropy", "units": 4}
LOSS_FN = SETTINGS["loss"]
xs = np.random.rand(64, 7).astype("float32")
ys = np.random.randint(0, 4, size=(64,))
clf = keras.Sequential([keras.Input((7,)), keras.layers.Dense(SETTINGS["units"], activation="softmax")])
clf.compile(optimizer="adam", loss=LOSS_FN, metrics=["accuracy"])
clf.fit(xs, ys, epochs=1, batch_size=16, verbose=0)
