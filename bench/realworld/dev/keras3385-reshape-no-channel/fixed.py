import numpy as np
from keras.layers import Activation, Conv2D, Dense, Dropout, Flatten, MaxPooling2D, Reshape
from keras.models import Sequential
from keras.utils import to_categorical

# face images of 57 x 47 pixels stored as flat rows of 2679 values, 40 people
X = np.random.rand(240, 2679).astype("float32")
Y = to_categorical(np.random.randint(0, 40, 240), 40)

model = Sequential()
model.add(Reshape((57, 47, 1), input_shape=(2679,)))
model.add(Conv2D(10, (5, 5), padding="same"))
model.add(MaxPooling2D(pool_size=(2, 2), padding="valid"))
model.add(Dropout(0.5))
model.add(Conv2D(15, (5, 5), padding="same"))
model.add(MaxPooling2D(pool_size=(2, 2), padding="valid"))
model.add(Dropout(0.5))
model.add(Flatten())
model.add(Dense(200))
model.add(Activation("tanh"))
model.add(Dense(40))
model.add(Activation("softmax"))
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(X, Y, batch_size=32, epochs=2, validation_split=0.2)
