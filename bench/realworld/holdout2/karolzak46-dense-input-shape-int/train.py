import numpy as np
import tensorflow as tf

# three numeric features, one numeric target (synthetic)
x_train = np.random.rand(300, 3).astype("float32")
y_train = (x_train @ np.array([1.5, -2.0, 0.5], dtype="float32") + 0.1).astype("float32")

nn_model = tf.keras.Sequential([
    tf.keras.layers.Dense(64, activation="relu", input_shape=(3)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1)
])
nn_model.compile(optimizer="adam", loss="mse", metrics=["mae"])
nn_model.fit(x_train, y_train, epochs=3, batch_size=32, validation_split=0.2)
