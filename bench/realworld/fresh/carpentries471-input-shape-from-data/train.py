import numpy as np
from tensorflow import keras

# penguins: bill length, bill depth, flipper length, body mass -> 3 species
rng = np.random.default_rng(0)
features = rng.normal(size=(340, 4)).astype("float32")
species = rng.integers(0, 3, 340)
target = np.eye(3)[species]  # like pd.get_dummies(penguins_filtered["species"])

X_train, y_train = features[:272], target[:272]
X_test, y_test = features[272:], target[272:]

inputs = keras.Input(shape=X_train.shape[1])
hidden_layer = keras.layers.Dense(10, activation="relu")(inputs)
output_layer = keras.layers.Dense(3, activation="softmax")(hidden_layer)
model = keras.Model(inputs=inputs, outputs=output_layer)
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy())
history = model.fit(X_train, y_train, epochs=3)
