import numpy as np
from keras.layers import Input, Conv2D, BatchNormalization, ReLU, MaxPooling2D, GlobalMaxPooling2D, Dense
from keras.models import Model

# discriminator on 64x64 RGB images of 5 labels (synthetic)
d_shape = (64, 64, 3)
labels = ["a", "b", "c", "d", "e"]
depth = 32
size = 3
x_train = np.random.rand(200, 64, 64, 3).astype("float32")
y_train = np.eye(len(labels))[np.random.randint(0, len(labels), 200)]


def disc():
    def conv(i, deph, size, std, usebn=True):
        i = Conv2D(filters=deph, kernel_size=size, strides=1, padding="same")(i)
        if usebn:
            i = BatchNormalization()(i)
        i = ReLU()(i)
        i = MaxPooling2D(std)(i)
        return i

    inp = Input(shape=d_shape)
    i = inp

    i = conv(i, depth, size, 2, False)
    i = conv(i, depth, size, 2)
    i = conv(i, depth, size, 2)
    i = conv(i, depth, size, 2)

    i = GlobalMaxPooling2D(i)

    i = Dense(len(labels), activation="softmax")(i)

    m = Model(inp, i)
    return m


m = disc()
m.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
m.fit(x_train, y_train, epochs=2, batch_size=32)
