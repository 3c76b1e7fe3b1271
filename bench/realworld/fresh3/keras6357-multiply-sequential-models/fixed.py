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

iL = [keras.layers.Input(shape=(100,)), keras.layers.Input(shape=(100,))]
hL = [model1(iL[0]), model2(iL[1])]
oL = keras.layers.Multiply()(hL)

model3 = keras.models.Model(inputs=iL, outputs=oL)

model3.compile(optimizer='adam', loss='mse')
model3.fit([x1, x2], y, batch_size=32, epochs=2)
