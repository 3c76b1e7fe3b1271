# Zero to Mastery "TensorFlow for Deep Learning", 01 neural network regression notebook:
# the first model (about 4:45:00 into the video), a single Dense unit learning y = X + 10.
import numpy as np
import tensorflow as tf

# Create features
X = np.array([-7.0, -4.0, -1.0, 2.0, 5.0, 8.0, 11.0, 14.0])

# Create labels
y = np.array([3.0, 6.0, 9.0, 12.0, 15.0, 18.0, 21.0, 24.0])

# Turn our NumPy arrays into tensors with dtype float32
X = tf.cast(tf.constant(X), dtype=tf.float32)
y = tf.cast(tf.constant(y), dtype=tf.float32)

# Set random seed
tf.random.set_seed(42)

# 1. Create a model using the Sequential API
model = tf.keras.Sequential([
    tf.keras.layers.Dense(1)
])

# 2. Compile the model
model.compile(loss=tf.keras.losses.mae,  # mae is short for mean absolute error
              optimizer=tf.keras.optimizers.SGD(),  # SGD is short for stochastic gradient descent
              metrics=["mae"])

# 3. Fit the model
model.fit(X, y, epochs=5)

# Try and make a prediction using our model
y_pred = model.predict(np.array([17.0]))
print(y_pred)
