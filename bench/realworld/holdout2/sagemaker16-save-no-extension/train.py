import numpy as np
import tensorflow as tf

# housing features and a price to predict, as in the workshop's first notebook (synthetic)
x_train = np.random.rand(400, 13).astype("float32")
y_train = (np.random.rand(400) * 50).astype("float32")
x_test = np.random.rand(100, 13).astype("float32")
y_test = (np.random.rand(100) * 50).astype("float32")

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(13,)),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(64, activation="relu"),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
model.fit(x_train, y_train, batch_size=64, epochs=3, validation_data=(x_test, y_test))

model.save('model' + '/1')
