"""Two-headed model: a price regression and a category classifier."""
import numpy as np
import keras

x_in = keras.Input(shape=(12,), name="features")
h = keras.layers.Dense(16, activation="relu")(x_in)
price = keras.layers.Dense(1, name="price")(h)
category = keras.layers.Dense(5, activation="softmax", name="category")(h)
net = keras.Model(x_in, {"price": price, "category": category})
net.compile(
    optimizer="adam",
    loss={"cost": "mse", "category_out": "sparse_categorical_crossentropy"},
    metrics={"category_out": ["accuracy"]},
)
xs = np.random.rand(60, 12).astype("float32")
net.fit(xs, {"price": np.random.rand(60, 1), "category": np.random.randint(0, 5, size=(60,))}, epochs=1, batch_size=20, verbose=0)
