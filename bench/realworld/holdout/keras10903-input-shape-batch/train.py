import numpy as np
from keras.layers import Conv2D, Dense, Flatten, MaxPooling2D
from keras.models import Sequential


class Simulator:
    """Camera of the driving simulator: one RGB frame per step."""

    def shape(self):
        return (72, 128, 3)

    def frames(self, n):
        return np.random.rand(n, *self.shape()).astype("float32")


env = Simulator()
frames = env.frames(64)
steering = np.random.uniform(-1, 1, size=(64, 1)).astype("float32")

rgb_model = Sequential()
rgb = env.shape()
rgb_shape = (1,) + rgb
rgb_model.add(Conv2D(32, (11, 11), strides=(3, 3), padding="valid", activation="relu", input_shape=rgb_shape))
rgb_model.add(MaxPooling2D((2, 2)))
rgb_model.add(Flatten())
rgb_model.add(Dense(64, activation="relu"))
rgb_model.add(Dense(1, activation="tanh"))
rgb_model.compile(optimizer="adam", loss="mse")
rgb_model.fit(frames, steering, batch_size=16, epochs=2)
