# Dog vs cat classifier written in the old tf.keras tutorial style.
import numpy as np
from tensorflow.keras.layers import *
from tensorflow.keras.models import Model
from tensorflow.keras.optimizers import Adam

IMG = 64
BATCH = 16
EPOCHS = 2

rng = np.random.default_rng(1)
x_train = rng.random((128, IMG, IMG, 3)).astype("float32")
y_train = rng.integers(0, 2, size=(128, 1)).astype("float32")


def build_model():
    inp = Input(shape=(IMG, IMG, 3))
    x = Conv2D(32, 3, activation="relu")(inp)
    x = MaxPooling2D()(x)
    x = Conv2D(64, 3, activation="relu")(x)
    x = MaxPooling2D()(x)
    x = Dense(64, activation="relu")(x)
    out = Dense(1, activation="sigmoid")(x)
    return Model(inp, out)


model = build_model()
model.compile(optimizer=Adam(1e-3), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=BATCH, epochs=EPOCHS, validation_split=0.2)
model.save("catdog.h5")
