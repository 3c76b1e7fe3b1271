import numpy as np
import tensorflow as tf
from keras.layers import Dense, Conv2D, MaxPool2D, Flatten
from keras.models import Sequential

# 256x256 RGB images of 3 classes, as image_dataset_from_directory yields them (synthetic)
images = np.random.rand(96, 256, 256, 3).astype("float32")
labels = np.eye(3)[np.random.randint(0, 3, 96)].astype("float32")
training_set = tf.data.Dataset.from_tensor_slices((images[:64], labels[:64])).batch(16)
validation_set = tf.data.Dataset.from_tensor_slices((images[64:], labels[64:])).batch(16)

model = Sequential()
model.add(Conv2D(filters=16, kernel_size=3, padding="same", activation="relu", input_shape=(128, 128, 3)))
model.add(MaxPool2D(pool_size=2, strides=2))
model.add(Conv2D(filters=32, kernel_size=3, padding="same", activation="relu", input_shape=(128, 128, 3)))
model.add(MaxPool2D(pool_size=2, strides=2))
model.add(Conv2D(filters=64, kernel_size=3, padding="same", activation="relu", input_shape=(128, 128, 3)))
model.add(MaxPool2D(pool_size=2, strides=2))
model.add(Flatten())
model.add(Dense(units=32, activation="relu"))
model.add(Dense(units=3, activation="softmax"))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])

history = model.fit(x=training_set, validation_data=validation_set, epochs=2)
