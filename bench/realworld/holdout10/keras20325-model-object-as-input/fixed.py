import numpy as np
import keras

A_input = keras.Input(shape=(4,))
A = keras.layers.Dense(5)(A_input)
A = keras.Model(inputs=A_input, outputs=[ keras.layers.Dense(4)(A), keras.layers.Dense(4)(A) ])

B_input = [ keras.Input(shape=(4,)), keras.Input(shape=(4,)) ]
B = keras.layers.Concatenate()(B_input)
B = keras.layers.Dense(5)(B)
B = keras.Model(inputs = B_input, outputs=B)

merged = keras.Model(inputs=A_input, outputs=B(A.outputs))

# train the merged model on seeded regression data
rng = np.random.default_rng(0)
x = rng.normal(size=(200, 4)).astype("float32")
y = rng.normal(size=(200, 5)).astype("float32")

merged.compile(optimizer="adam", loss="mse")
merged.fit(x, y, batch_size=32, epochs=2, validation_split=0.2)
