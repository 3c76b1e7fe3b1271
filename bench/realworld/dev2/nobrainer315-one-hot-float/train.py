import numpy as np
import tensorflow as tf

# brain volumes and their label volumes (nobrainer reads TFRecords; small random
# volumes here), labels stored as float32 like the binarized/mapped label volumes
n_classes = 3
volume_shape = (16, 16, 16)
features = np.random.rand(48, *volume_shape, 1).astype("float32")
labels = np.random.randint(0, n_classes, (48, *volume_shape)).astype("float32")

dataset = tf.data.Dataset.from_tensor_slices((features, labels))
dataset = dataset.map(lambda x, y: (x, tf.one_hot(y, n_classes)))
dataset = dataset.batch(4)

inputs = tf.keras.Input(shape=(*volume_shape, 1))
h = tf.keras.layers.Conv3D(8, 3, padding="same", activation="relu")(inputs)
h = tf.keras.layers.Conv3D(8, 3, padding="same", activation="relu")(h)
outputs = tf.keras.layers.Conv3D(n_classes, 1, activation="softmax")(h)
model = tf.keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(dataset, epochs=2)
