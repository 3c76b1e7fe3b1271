import numpy as np
import tensorflow as tf
from tensorflow.keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from tensorflow.keras.models import Sequential

# each sample is a 21x21 grid of floats (a local patch of a simulation), target is a score
grids = [np.random.rand(21, 21) for _ in range(300)]
scores = [float(g.mean()) for g in grids]
x_train = np.array(grids)
y_train = np.array(scores)

model = Sequential()
model.add(Conv2D(32, (3, 3), activation="relu", input_shape=(21, 21, 1)))
model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(64, activation="relu"))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(x_train, y_train, epochs=2, batch_size=32)
