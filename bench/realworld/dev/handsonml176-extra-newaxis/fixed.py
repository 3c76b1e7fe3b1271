import numpy as np
import tensorflow as tf
from tensorflow import keras

# stands in for keras.datasets.mnist.load_data()
X_train_full = np.random.randint(0, 256, size=(1200, 28, 28)).astype(np.uint8)
y_train_full = np.random.randint(0, 10, size=(1200,)).astype(np.int64)
X_train_full = X_train_full[..., np.newaxis].astype(np.float32) / 255.
X_valid, X_train = X_train_full[:200], X_train_full[200:]
y_valid, y_train = y_train_full[:200], y_train_full[200:]

model = keras.models.Sequential([
    keras.layers.Conv2D(filters=16, kernel_size=3, padding="same", activation="relu",
                        input_shape=[28, 28, 1]),
    keras.layers.MaxPooling2D(pool_size=2),
    keras.layers.Flatten(),
    keras.layers.Dense(units=32, activation="relu"),
    keras.layers.Dense(units=10, activation="softmax"),
])
model.compile(loss="sparse_categorical_crossentropy",
              optimizer=keras.optimizers.SGD(learning_rate=1e-2), metrics=["accuracy"])

batch_size = 64
dataset = tf.data.Dataset.from_tensor_slices((X_train, y_train)).repeat().batch(batch_size)
model.fit(dataset, steps_per_epoch=len(X_train) // batch_size, epochs=2,
          validation_data=(X_valid, y_valid))
