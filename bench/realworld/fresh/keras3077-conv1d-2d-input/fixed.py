import numpy as np
from keras.layers import Conv1D, Dense, Flatten
from keras.models import Sequential

# training set
x_test = np.random.random_sample((100, 5))
x_test = x_test.reshape(100, 5, 1)
y_test = np.random.randint(2, size=100)

# model
model = Sequential()
model.add(Conv1D(filters=1, kernel_size=2, input_shape=(5, 1)))
model.add(Flatten())
model.add(Dense(1))
model.compile(optimizer="sgd", loss="mse")
model.fit(x_test, y_test, epochs=3)
