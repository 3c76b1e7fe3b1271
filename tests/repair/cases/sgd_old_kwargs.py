import numpy as np
import tensorflow as tf

X = np.random.normal(size=(120, 8)).astype("float32")
Y = (X.sum(axis=1, keepdims=True) > 0).astype("float32")

clf = tf.keras.Sequential([
    tf.keras.layers.Dense(16, activation="relu", input_shape=(8,)),
    tf.keras.layers.Dense(1, activation="sigmoid"),
])
sgd = tf.keras.optimizers.SGD(lr=0.05, momentum=0.9)
clf.compile(optimizer=sgd, loss="binary_crossentropy", metrics=["accuracy"])
clf.fit(X, Y, nb_epoch=3, batch_size=20, verbose=0)
print("done")
