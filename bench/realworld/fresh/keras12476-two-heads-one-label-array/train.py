import numpy as np
from keras.layers import Conv2D, Dense, GlobalAveragePooling2D, Input
from keras.models import Model

rng = np.random.default_rng(5)
images = rng.random((256, 32, 32, 3)).astype("float32")
# two 4-way labels per image, stacked: (n, 2, 4)
labels = np.stack([np.eye(4)[rng.integers(0, 4, 256)], np.eye(4)[rng.integers(0, 4, 256)]], axis=1)


def batches(batch_size=32):
    while True:
        for start in range(0, len(images), batch_size):
            input_array = images[start:start + batch_size]
            output_array = labels[start:start + batch_size]
            yield input_array, output_array


inputs = Input(shape=(32, 32, 3))
x = Conv2D(16, 3, activation="relu")(inputs)
x = GlobalAveragePooling2D()(x)

# first Softmax
x_1 = Dense(64, activation="relu")(x)
predictions_1 = Dense(4, activation="softmax")(x_1)

# second Softmax
x_2 = Dense(64, activation="relu")(x)
predictions_2 = Dense(4, activation="softmax")(x_2)

my_model = Model(inputs=inputs, outputs=[predictions_1, predictions_2])
my_model.compile(optimizer="adam", loss="categorical_crossentropy")
my_model.fit(batches(), steps_per_epoch=8, epochs=2)
