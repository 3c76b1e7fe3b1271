import numpy as np
import tensorflow as tf

trainarray = np.array([0, 0, 0, 0, 0, 0, 0])
model = tf.keras.models.Sequential([
    tf.keras.layers.Dense(7, input_shape=trainarray.shape),
    tf.keras.layers.Dense(12),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")

X = np.random.randint(0, 10, (200, 7)).astype("float32")
y = X.sum(axis=1)
model.fit(X, y, epochs=3, batch_size=16)

print(model.predict(np.array([[0, 0, 0, 0, 0, 0, 0]])))
