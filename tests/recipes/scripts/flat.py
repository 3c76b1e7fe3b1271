"""Flat script, tf.keras spelling: a small backbone on 32x32 images, no augmentation."""

import numpy as np
import tensorflow as tf

IMG_SIZE = 32
BATCH_SIZE = 8
EPOCHS = 2

x_train = np.random.rand(32, IMG_SIZE, IMG_SIZE, 3).astype("float32") * 255
y_train = np.random.randint(0, 4, size=(32,))

inputs = tf.keras.Input(shape=(IMG_SIZE, IMG_SIZE, 3))
base = tf.keras.applications.MobileNetV3Small(
    include_top=False, weights=None, input_shape=(IMG_SIZE, IMG_SIZE, 3)
)
x = base(inputs)
x = tf.keras.layers.GlobalAveragePooling2D()(x)
x = tf.keras.layers.Dropout(0.2)(x)
outputs = tf.keras.layers.Dense(4, activation="softmax")(x)
model = tf.keras.Model(inputs, outputs)

model.compile(
    optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=EPOCHS, validation_split=0.25)
