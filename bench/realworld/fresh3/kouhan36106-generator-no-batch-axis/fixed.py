import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Activation
from tensorflow.keras.utils import to_categorical

# 32x32 RGB images and 10 classes (synthetic stand-in for the images read from disk)
images = np.random.rand(160, 32, 32, 3).astype("float32")
labels = to_categorical(np.random.randint(0, 10, 160), 10)


def my_generator(images, labels):
    while True:
        for i in range(len(images)):
            img = np.expand_dims(images[i], axis=0)
            label = np.expand_dims(labels[i], axis=0)
            yield img, label


model = Sequential()
model.add(Conv2D(32, (3, 3), padding="same", input_shape=(32, 32, 3)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(64))
model.add(Activation("relu"))
model.add(Dense(10))
model.add(Activation("softmax"))

model.compile(loss="categorical_crossentropy", optimizer="sgd", metrics=["accuracy"])
model.fit(my_generator(images, labels), steps_per_epoch=len(images), epochs=2)
