import numpy as np
import tensorflow as tf

rng = np.random.default_rng(7)
n = 400
x = rng.random((n, 12)).astype("float32")
y_value = rng.random(n).astype("float32")  # numeric target
y_class = rng.integers(0, 6, n)  # class id 0..5

inputs = tf.keras.Input(shape=(12,))
h = tf.keras.layers.Dense(64, activation="relu")(inputs)
h = tf.keras.layers.Dense(32, activation="relu")(h)
value_out = tf.keras.layers.Dense(1, name="value")(h)
class_out = tf.keras.layers.Dense(6, activation="softmax", name="category")(h)
model = tf.keras.Model(inputs=inputs, outputs=[value_out, class_out])

model.compile(optimizer="adam",
              loss={"value": "mse", "category": "sparse_categorical_crossentropy"},
              metrics={"category": "accuracy"})
model.fit(x, {"value": y_value, "category": y_class}, epochs=3, batch_size=32)
