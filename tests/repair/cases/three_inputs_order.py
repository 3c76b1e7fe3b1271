"""Patient risk model over three named measurement groups."""
import numpy as np
import keras
from keras import layers

demo = keras.Input(shape=(2,), name="demographics")
vit = keras.Input(shape=(5,), name="vitals")
lab = keras.Input(shape=(9,), name="labs")
h = layers.Concatenate()([demo, vit, lab])
risk = layers.Dense(1, activation="sigmoid")(layers.Dense(8, activation="relu")(h))
model = keras.Model([demo, vit, lab], risk)
model.compile(optimizer="adam", loss="binary_crossentropy")
n = 40
d_arr = np.random.rand(n, 2).astype("float32")
v_arr = np.random.rand(n, 5).astype("float32")
l_arr = np.random.rand(n, 9).astype("float32")
y = np.random.randint(0, 2, size=(n, 1)).astype("float32")
model.fit([v_arr, l_arr, d_arr], y, epochs=1, batch_size=10, verbose=0)
