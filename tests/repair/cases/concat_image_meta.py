import numpy as np
import keras
from keras import layers

img = keras.Input(shape=(16, 16, 3))
tab = keras.Input(shape=(4,))
f = layers.Conv2D(8, 3, activation="relu")(img)
f = layers.MaxPooling2D()(f)
t = layers.Dense(8, activation="relu")(tab)
merged = layers.Concatenate()([f, t])
out = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model([img, tab], out)
model.compile("adam", "binary_crossentropy")
model.fit([np.random.rand(32, 16, 16, 3), np.random.rand(32, 4)], np.random.randint(0, 2, (32, 1)), epochs=1, verbose=0)
