import numpy as np
import tensorflow as tf

rng = np.random.default_rng(12)
# stand-in for the image files the loader opens by name, and their 10 multi-hot labels
IMAGES = rng.random((256, 32, 32, 3)).astype("float32")
LABELS = (rng.random((256, 10)) < 0.2).astype("uint8")
file_names = np.array(["img%03d.jpg" % i for i in range(256)])
batch_size = 32


def train_images(fn):
    file_name = bytes.decode(fn.numpy())
    index = int(file_name[3:6])
    return IMAGES[index], LABELS[index]


def general_function(func, x, outputs):
    image, label = tf.py_function(func, [x], outputs)
    return image, label


ds_train = tf.data.Dataset.from_tensor_slices(file_names).map(
    lambda x: general_function(train_images, x, [tf.float32, tf.uint8])).batch(batch_size)

model = tf.keras.Sequential([
    tf.keras.Input(shape=(32, 32, 3)),
    tf.keras.layers.Conv2D(16, 3, activation="relu"),
    tf.keras.layers.MaxPooling2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(10, activation="sigmoid"),
])
model.compile(optimizer="adam", loss="binary_crossentropy")
history = model.fit(ds_train, epochs=2)
