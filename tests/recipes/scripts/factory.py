"""A model defined across functions: the backbone comes from a factory that pools
inside it; the input pipeline is tf.data with an augmenter function."""

import keras
import numpy as np
import tensorflow as tf
from keras import layers

IMG = 64
BATCH = 8
NUM_CLASSES = 3


def make_backbone(image_size):
    return keras.applications.MobileNetV3Small(
        include_top=False,
        weights=None,
        input_shape=(image_size, image_size, 3),
        pooling="avg",
    )


def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    return image, label


def build_model(image_size=IMG):
    backbone = make_backbone(image_size)
    backbone.trainable = True
    inputs = keras.Input(shape=(image_size, image_size, 3))
    x = keras.applications.mobilenet_v3.preprocess_input(inputs)
    features = backbone(x)
    features = layers.Dropout(0.3)(features)
    outputs = layers.Dense(NUM_CLASSES, activation="softmax")(features)
    return keras.Model(inputs, outputs, name="classifier")


def make_dataset():
    x = np.random.rand(24, IMG, IMG, 3).astype("float32") * 255
    y = np.random.randint(0, NUM_CLASSES, size=(24,))
    ds = tf.data.Dataset.from_tensor_slices((x, y))
    return ds.map(augment).batch(BATCH)


def main():
    model = build_model()
    model.compile(
        optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
        loss="sparse_categorical_crossentropy",
    )
    model.fit(make_dataset(), epochs=3)


main()
