import numpy as np
import keras
from keras.layers import Conv2D, Input, add
from keras.layers import GlobalAveragePooling2D, Dense
from keras.models import Model

# --- stand-in: a small labelled image set to train the example on ---
rng = np.random.RandomState(0)
images = rng.rand(120, 32, 32, 3).astype('float32')
labels = rng.randint(0, 10, 120)
# --- end of stand-in ---

# input tensor for a 3-channel 32x32 image
x = Input(shape=(32, 32, 3))
# 3x3 conv with 16 output channels
y = Conv2D(16, (3, 3), padding='same')(x)
# this returns x + y.
z = add([x, y])

# a classifier on top of the residual block
h = GlobalAveragePooling2D()(z)
out = Dense(10, activation='softmax')(h)
model = Model(inputs=x, outputs=out)
model.compile(optimizer='rmsprop', loss='sparse_categorical_crossentropy',
              metrics=['accuracy'])
model.fit(images, labels, batch_size=32, epochs=3)
