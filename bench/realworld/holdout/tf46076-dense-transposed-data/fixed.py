import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Dense
from tensorflow.keras.models import Sequential

# 152 patients, 7 lab measurements recorded on each of 169 days; predict a daily risk score
X = np.random.rand(152, 7, 169).astype("float32")
y = np.random.rand(152, 169, 1).astype("float32")
X = tf.transpose(X, [0, 2, 1])

model = Sequential()
model.add(Dense(16, input_shape=(None, 7), activation="relu"))
model.add(Dense(8, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=2, batch_size=16)
