import numpy as np
import tensorflow as tf

# 500 customers, 20 engineered features, churn label
x = np.random.rand(500, 20).astype("float32")
y = np.random.randint(0, 2, size=(500, 1))

inputs = tf.keras.Input(shape=(20,))
x = tf.keras.layers.Dense(64, activation="relu")(inputs)
x = tf.keras.layers.Dropout(0.2)(x)
x = tf.keras.layers.Dense(32, activation="relu")(x)
outputs = tf.keras.layers.Dense(1, activation="sigmoid")(x)
model = tf.keras.Model(inputs=inputs, outputs=outputs)

model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x, y, batch_size=32, epochs=3, validation_split=0.2)
