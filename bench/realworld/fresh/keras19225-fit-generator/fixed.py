import math

import keras
import numpy as np
from keras import layers


class ImageBatches(keras.utils.Sequence):
    def __init__(self, images, labels, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.images, self.labels, self.batch_size = images, labels, batch_size

    def __len__(self):
        return math.ceil(len(self.images) / self.batch_size)

    def __getitem__(self, idx):
        lo = idx * self.batch_size
        hi = lo + self.batch_size
        return self.images[lo:hi], self.labels[lo:hi]


images = np.random.rand(320, 32, 32, 3).astype("float32")
labels = np.random.randint(0, 4, 320)
train_gen = ImageBatches(images[:256], labels[:256], batch_size=32)
val_gen = ImageBatches(images[256:], labels[256:], batch_size=32)

inputs = keras.Input(shape=(32, 32, 3))
x = layers.Conv2D(16, 3, activation="relu")(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(train_gen, steps_per_epoch=len(train_gen), epochs=2,
          validation_data=val_gen, validation_steps=len(val_gen))
