import numpy as np
import tensorflow as tf

# per-trip features: travel time (one value) and the (x, y) of the drop-off
travel_time = tf.constant(np.random.rand(1024).astype("float32"))
drop_xy = tf.constant(np.random.rand(1024, 2).astype("float32"))
fare = np.random.rand(1024, 1).astype("float32")

# want a (1024, 3) feature matrix
features = tf.keras.layers.concatenate([tf.reshape(travel_time, shape=[-1, 1]), drop_xy], axis=1)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(3,)),
    tf.keras.layers.Dense(16, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(features, fare, epochs=2, batch_size=64)
