# Inception-v4 in Keras (the stem and the classifier head), trained on channels-last RGB
# images.
import numpy as np
from keras.layers import Input, concatenate, Dropout, Dense, Flatten
from keras.layers import MaxPooling2D, Conv2D, AveragePooling2D
from keras.models import Model
from keras.utils import to_categorical

"""
Implementation of Inception Network v4 [Inception Network v4 Paper](http://arxiv.org/pdf/1602.07261v1.pdf) in Keras.
"""


def inception_stem(input):  # Input (299,299,3)
    # Input Shape is 299 x 299 x 3 (tf) or 3 x 299 x 299 (th)
    c = Conv2D(32, (3, 3), activation='relu', strides=(2, 2))(input)
    c = Conv2D(32, (3, 3), activation='relu')(c)
    c = Conv2D(64, (3, 3), activation='relu', padding='same')(c)

    c1 = MaxPooling2D((3, 3), strides=(2, 2))(c)
    c2 = Conv2D(96, (3, 3), activation='relu', strides=(2, 2))(c)

    m = concatenate([c1, c2], axis=-1)

    c1 = Conv2D(64, (1, 1), activation='relu', padding='same')(m)
    c1 = Conv2D(96, (3, 3), activation='relu')(c1)

    c2 = Conv2D(64, (1, 1), activation='relu', padding='same')(m)
    c2 = Conv2D(64, (7, 1), activation='relu', padding='same')(c2)
    c2 = Conv2D(64, (1, 7), activation='relu', padding='same')(c2)
    c2 = Conv2D(96, (3, 3), activation='relu', padding='valid')(c2)

    m2 = concatenate([c1, c2], axis=-1)

    p1 = MaxPooling2D((3, 3), strides=(2, 2))(m2)
    p2 = Conv2D(192, (3, 3), activation='relu', strides=(2, 2))(m2)

    m3 = concatenate([p1, p2], axis=-1)
    return m3


def create_inception_v4(input, nb_output=1000):
    # Input Shape is 299 x 299 x 3 (tf) or 3 x 299 x 299 (th)
    x = inception_stem(input)

    # Average Pooling
    x = AveragePooling2D((7, 7))(x)

    # Dropout
    x = Dropout(0.8)(x)
    x = Flatten()(x)

    # Output
    x = Dense(nb_output, activation='softmax')(x)
    return x


# --- stand-in data: 64 RGB images 75 x 75 (channels last), ten classes ---
rng = np.random.RandomState(0)
x_train = rng.rand(64, 75, 75, 3).astype('float32')
y_train = to_categorical(rng.randint(0, 10, size=(64,)), 10)
# --- end of stand-in ---

ip = Input(shape=(75, 75, 3))

inception_v4 = create_inception_v4(ip, nb_output=10)
model = Model(inputs=ip, outputs=inception_v4)

model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=2, batch_size=16)
