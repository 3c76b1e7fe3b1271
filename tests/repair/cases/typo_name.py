import numpy as np
import keras

inputs_arr = np.random.rand(40, 3).astype("float32")
outputs_arr = np.random.rand(40, 1).astype("float32")
regressor = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
regressor.compile(optimizer="sgd", loss="mse")
regresor_history = regresor.fit(inputs_arr, outputs_arr, epochs=1, verbose=0)
