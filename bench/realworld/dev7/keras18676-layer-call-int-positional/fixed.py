# Porting a tf.keras vision model (a FocalNet-style backbone) to Keras 3: the patch
# embedding gives a feature map, the tokens are processed as a sequence, and a custom layer
# puts the tokens back on the H x W grid read from the feature map's shape.
import numpy as np
import keras
from keras import layers, ops


class TokensToMap(layers.Layer):
    """(batch, H*W, C) tokens -> (batch, H, W, C) feature map."""

    def call(self, x, H, W):
        C = ops.shape(x)[-1]
        return ops.reshape(x, (-1, H, W, C))


# --- stand-in data: 240 RGB images 16 x 16, five classes ---
rng = np.random.RandomState(0)
x_train = rng.rand(240, 16, 16, 3).astype('float32')
y_train = rng.randint(0, 5, size=(240,))
# --- end of stand-in ---

inputs = keras.Input(shape=(16, 16, 3))
tensor1 = layers.Conv2D(24, 4, strides=4, name='patch_embed')(inputs)
shape = ops.shape(tensor1)
H, W = shape[1], shape[2]
tokens = layers.Reshape((-1, 24))(tensor1)
tensor2 = layers.Dense(24, activation='gelu')(tokens)
y = TokensToMap()(tensor2, H=H, W=W)
y = layers.Conv2D(32, 3, padding='same', activation='relu')(y)
y = layers.GlobalAveragePooling2D()(y)
outputs = layers.Dense(5, activation='softmax')(y)
model = keras.Model(inputs, outputs)

model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=3, batch_size=32)
