import numpy as np
import tensorflow as tf

# 32x32 RGB images of 5 flower kinds, already decoded
images = np.random.rand(640, 32, 32, 3).astype("float32")
labels = np.random.randint(0, 5, 640)

BATCH_SIZE = 32
dataset = tf.data.Dataset.from_tensor_slices((images, labels))
dataset = dataset.shuffle(640, seed=7, reshuffle_each_iteration=False)
val_size = int(0.2 * 640)
val_ds = dataset.take(val_size).batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)
train_ds = dataset.skip(val_size).batch(BATCH_SIZE).prefetch(tf.data.AUTOTUNE)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(32, 32, 3)),
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(5),
])
model.compile(optimizer="adam",
              loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=["accuracy"])
history = model.fit(train_ds, epochs=2, validation_data=val_ds)
