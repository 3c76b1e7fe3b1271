import numpy as np
import keras

# two inputs of 100 features and a target of width 100 (synthetic)
x1 = np.random.rand(200, 100).astype("float32")
x2 = np.random.rand(200, 100).astype("float32")
y = np.random.rand(200, 100).astype("float32")

model1 = keras.models.Sequential()
model1.add(keras.layers.Dense(100, input_shape=(100,)))

model2 = keras.models.Sequential()
model2.add(keras.layers.Dense(100, input_shape=(100,)))

model3 = keras.models.Sequential()
model3.add(keras.layers.Multiply([model1, model2]))

model3.compile(optimizer='adam', loss='mse')
model3.fit([x1, x2], y, batch_size=32, epochs=2)
