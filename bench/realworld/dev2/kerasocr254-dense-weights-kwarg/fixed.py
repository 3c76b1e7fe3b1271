import numpy as np
from tensorflow import keras

# localization head of the recognizer's spatial transformer: it regresses 6 affine
# parameters from image features and starts at the identity transform
height, width = 31, 200
stn_input_output_shape = (width // 4, height // 4, 32)
flat_size = 64

localization_net = [
    keras.layers.Conv2D(16, (5, 5), padding="same", activation="relu"),
    keras.layers.MaxPooling2D(pool_size=(2, 2)),
    keras.layers.Conv2D(32, (5, 5), padding="same", activation="relu"),
    keras.layers.MaxPooling2D(pool_size=(2, 2)),
    keras.layers.Flatten(),
    keras.layers.Dense(flat_size),
    keras.layers.Activation("relu"),
    keras.layers.Dense(
        6,
        kernel_initializer=keras.initializers.Zeros(),
        bias_initializer=keras.initializers.Constant(
            np.float32([[1, 0, 0], [0, 1, 0]]).flatten()
        ),
    ),
]

inputs = keras.layers.Input(shape=stn_input_output_shape)
x = inputs
for layer in localization_net:
    x = layer(x)
model = keras.models.Model(inputs=inputs, outputs=x)

features = np.random.rand(160, *stn_input_output_shape).astype("float32")
transforms = np.tile(np.float32([1, 0, 0, 0, 1, 0]), (160, 1)) + 0.05 * np.random.randn(160, 6)
model.compile(optimizer="adam", loss="mse")
model.fit(features, transforms, epochs=3, batch_size=32)
