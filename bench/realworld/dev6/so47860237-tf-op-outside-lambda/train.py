# TensorFlow operations inside a Keras functional model: the transposed input goes through
# a Lambda layer and a Dense layer that learns a 2 -> 2 mapping.
import numpy as np
import tensorflow as tf
import keras

# --- stand-in data: 200 samples of shape (1, 2); the target is a fixed linear map ---
rng = np.random.RandomState(0)
x_train = rng.rand(200, 1, 2).astype('float32')
y_train = x_train @ np.array([[1.0, -2.0], [0.5, 3.0]], dtype='float32')
# --- end of stand-in ---

a = keras.layers.Input(shape=[1, 2], dtype='float32', name='a')
s = tf.transpose(tf.transpose(a))
s = keras.layers.Lambda(lambda x: x)(s)
out = keras.layers.Dense(2, name='out')(s)
model = keras.models.Model(inputs=a, outputs=out)

model.compile(optimizer='adam', loss='mse')
model.fit(x_train, y_train, epochs=3, batch_size=32)
