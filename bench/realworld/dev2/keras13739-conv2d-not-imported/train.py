import numpy as np
from tensorflow.keras.layers import Activation, Dense, Flatten
from tensorflow.keras.models import Sequential

# cats and dogs as 50x50 grayscale arrays (pickled X and y in the tutorial)
X = np.random.rand(200, 50, 50, 1).astype("float32")
y = np.random.randint(0, 2, 200)

model = Sequential()

model.add(Conv2D(64, (3, 3), input_shape=X.shape[1:]))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))

model.add(Conv2D(64, (3, 3)))
model.add(Activation("relu"))
model.add(MaxPooling2D(pool_size=(2, 2)))

model.add(Flatten())  # this converts our 3D feature maps to 1D feature vectors

model.add(Dense(64))

model.add(Dense(1))
model.add(Activation("sigmoid"))

model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])

model.fit(X, y, batch_size=32, epochs=3, validation_split=0.3)
