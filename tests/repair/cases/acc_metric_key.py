import numpy as np
from tensorflow import keras

x = np.random.rand(80, 4).astype("float32")
y = np.random.randint(0, 2, size=(80, 1))
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
hist = model.fit(x, y, validation_split=0.25, epochs=2, verbose=0)
best = max(hist.history["val_accuracy"])
print("best val accuracy", best)
