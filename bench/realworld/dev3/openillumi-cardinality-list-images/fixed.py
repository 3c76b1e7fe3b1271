import numpy as np
import tensorflow as tf
from tensorflow.keras import layers, models

# images and their 5 float targets collected into Python lists (synthetic)
rng = np.random.default_rng(0)
data_list = []
y = []
for i in range(120):
    data_list.append(rng.random((32, 32, 3)).astype("float32"))
    y.append(rng.random(5).astype("float32").tolist())

model = models.Sequential([
    layers.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Conv2D(32, (3, 3), activation="relu"),
    layers.MaxPooling2D((2, 2)),
    layers.Flatten(),
    layers.Dense(64, activation="relu"),
    layers.Dense(5),
])
model.compile(optimizer="adam", loss="mse")
data_list = tf.stack(data_list)
y = tf.stack(y)
model.fit(data_list, y, epochs=2, batch_size=16)
