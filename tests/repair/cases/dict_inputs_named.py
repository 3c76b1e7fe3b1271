"""Two-input regressor fed a dict of arrays."""
import numpy as np
import keras
from keras import layers

seq_in = keras.Input(shape=(10, 3), name="sequence")
meta_in = keras.Input(shape=(4,), name="metadata")
h = layers.Concatenate()([layers.Flatten()(seq_in), meta_in])
out = layers.Dense(1)(h)
model = keras.Model(inputs={"sequence": seq_in, "metadata": meta_in}, outputs=out)
model.compile(optimizer="adam", loss="mse")
features = {
    "seq": np.random.rand(50, 10, 3).astype("float32"),
    "extra": np.random.rand(50, 4).astype("float32"),
}
y = np.random.rand(50, 1).astype("float32")
model.fit(features, y, epochs=1, batch_size=10, verbose=0)
