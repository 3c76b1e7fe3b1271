import numpy as np
from keras.layers import Activation, BatchNormalization, Conv2D, Input, ZeroPadding2D
from keras.models import Model

n_images = 64
images = np.random.rand(n_images, 32, 32, 3).astype("float32")
# pixelwise probability maps of 2 classes
masks = np.eye(2, dtype="float32")[np.random.randint(0, 2, (n_images, 32, 32))]

img_input = Input(shape=(32, 32, 3))
x = ZeroPadding2D((3, 3), name="conv1_zeropadding")(img_input)
x = Conv2D(16, (7, 7), name="conv1")(x)
x = BatchNormalization(name="bn_conv1")(x)
x = Activation("relu")(x)
x = Conv2D(16, (3, 3), padding="same", activation="relu")(x)
x = Conv2D(2, (1, 1), activation="softmax")(x)

model = Model(img_input, x)
model.compile(optimizer="sgd", loss="categorical_crossentropy")
model.fit(images, masks, batch_size=16, epochs=2)
