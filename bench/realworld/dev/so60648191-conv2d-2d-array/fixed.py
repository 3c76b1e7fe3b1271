import numpy as np
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from tensorflow.keras.models import Sequential

# a 21x21 grid of floats (a local patch of the simulation) and its target score
x_train = np.random.rand(21, 21)
y_train = np.array([x_train.mean()])

x_train = x_train.reshape(1, 21, 21, 1)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(21, 21, 1)))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(64, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=2)
