import numpy as np
import tensorflow as tf

# the teaser's data: samples of x = y^2 with both signs of y
N = 200
X = np.random.random(N)
sign = (-np.ones((N,))) ** np.random.randint(2, size=N)
Y = np.sqrt(X) * sign

act = tf.keras.layers.ReLU()
nn_sv = tf.keras.models.Sequential([
    tf.keras.layers.Dense(10, activation=act),
    tf.keras.layers.Dense(10, activation=act),
    tf.keras.layers.Dense(1, activation="linear"),
])

loss_sv = tf.keras.losses.MeanSquaredError()
optimizer_sv = tf.keras.optimizers.Adam(learning_rate=0.001)
nn_sv.compile(optimizer=optimizer_sv, loss=loss_sv)

results_sv = nn_sv.fit(X, Y, epochs=5, batch_size=5, verbose=1)
