import numpy as np
from keras.layers import Dense
from keras.losses import binary_crossentropy
from keras.models import Sequential
from keras.optimizers import Adam

rng = np.random.default_rng(3)
dataset = np.column_stack([
    rng.choice([300, 500, 600, 700], 60),
    rng.choice([5, 6], 60),
    rng.choice([50, 72], 60),
    rng.choice([12, 19], 60),
])

x = dataset[:, 0:3]
y = dataset[:, 3]
model = Sequential()

model = Sequential()
model.add(Dense(8, input_dim=4, activation="relu"))
model.add(Dense(3, activation="softmax"))

model.compile(optimizer=Adam(learning_rate=0.1), loss=binary_crossentropy, metrics=["accuracy"])
model.fit(x, y, epochs=3)
