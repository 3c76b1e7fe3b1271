"""Two-view retina classifier: both eye images go through one shared backbone."""

import keras
from keras import layers

IMG = 96
NUM_CLASSES = 5


def build_model():
    left = keras.Input(shape=(IMG, IMG, 3), name="left")
    right = keras.Input(shape=(IMG, IMG, 3), name="right")
    backbone = keras.applications.MobileNetV2(
        include_top=False, weights=None, input_shape=(IMG, IMG, 3)
    )
    x1 = backbone(left)
    x2 = backbone(right)
    x1 = layers.GlobalAveragePooling2D()(x1)
    x2 = layers.GlobalAveragePooling2D()(x2)
    x = layers.Concatenate()([x1, x2])
    x = layers.Dense(128, activation="relu")(x)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(x)
    return keras.Model([left, right], outputs)


model = build_model()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.summary()
