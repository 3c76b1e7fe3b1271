"""Binary classifier; the report reads the accuracy curve from the history."""
import numpy as np
import keras

xs = np.random.rand(60, 4).astype("float32")
ys = (xs[:, 0] > 0.5).astype("float32")
net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.BinaryAccuracy()])
hist = net.fit(xs, ys, validation_split=0.25, epochs=2, batch_size=15, verbose=0)
print("final val accuracy", hist.history["val_accuracy"][-1], "train", hist.history["accuracy"][-1])
