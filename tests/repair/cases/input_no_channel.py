"""Small digit-like CNN; the Input omits the channel axis the images have."""
import numpy as np
import keras
from keras import layers

CFG = {"side": 12, "classes": 3}
imgs = np.random.rand(40, CFG["side"], CFG["side"], 1).astype("float32")
labs = np.random.randint(0, CFG["classes"], size=(40,))

side = CFG["side"]
inp = keras.Input(shape=(side, side))
x = layers.Conv2D(4, 3, activation="relu")(inp)
x = layers.GlobalAveragePooling2D()(x)
out = layers.Dense(CFG["classes"], activation="softmax")(x)
model = keras.Model(inp, out)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(imgs, labs, epochs=1, batch_size=8, verbose=0)
