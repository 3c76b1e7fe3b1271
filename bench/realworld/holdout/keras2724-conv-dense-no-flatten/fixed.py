import numpy as np
from keras.layers import Conv2D, Dense, Flatten
from keras.models import Sequential
from keras.utils import to_categorical

# 60 RGB photos (48 x 64 after resizing), 10 scene classes
x_train = np.random.rand(60, 48, 64, 3).astype("float32")
y_train = to_categorical(np.random.randint(0, 10, 60), 10)

model = Sequential()
model.add(Conv2D(64, (3, 3), padding="same", input_shape=(48, 64, 3), kernel_initializer="glorot_uniform"))
model.add(Conv2D(32, (3, 3), padding="same", activation="relu"))
model.add(Flatten())
model.add(Dense(128, activation="relu"))
model.add(Dense(10, activation="softmax"))
model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
model.fit(x_train, y_train, batch_size=16, epochs=2)
