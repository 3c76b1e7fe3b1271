import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import Dense

l0 = Dense(units=1, input_shape=[1])
model = Sequential([l0])
model.compile(optimizer="sgd", loss="mean_squared_error")

xs = np.arange(-1.0, 3.0, 0.1)
ys = 2 * xs - 1

model.fit(xs, ys, epochs=5)

print(model.predict(np.array([[10.0]])))
print("Here is what I learned: {}".format(l0.get_weights()))
