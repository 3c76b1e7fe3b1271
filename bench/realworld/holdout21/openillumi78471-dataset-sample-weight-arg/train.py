# Multiclass semantic segmentation (a small U-Net) trained from a tf.data pipeline, with per-pixel
# sample weights against class imbalance (retold Stack Overflow question, openillumi.com/?p=78471).
import numpy as np
import tensorflow as tf
import keras
from keras import layers

np.random.seed(0)
tf.random.set_seed(0)

IMG_SIZE = 32
N_CLASSES = 3
BATCH_SIZE = 8
EPOCHS = 2

# Stand-in for the TensorFlow Datasets images and masks: background (0) dominates,
# the border (1) and the object (2) are rare.
x_train = np.random.rand(48, IMG_SIZE, IMG_SIZE, 3).astype("float32")
y_train = np.random.choice(N_CLASSES, size=(48, IMG_SIZE, IMG_SIZE, 1), p=[0.8, 0.15, 0.05]).astype("int32")

# One weight per pixel, from the weight of its class.
class_weights = np.array([1.0, 5.0, 15.0], dtype="float32")
sample_weight_array = class_weights[y_train[..., 0]]

train_dataset = tf.data.Dataset.from_tensor_slices((x_train, y_train))
train_dataset = train_dataset.shuffle(48, seed=0).batch(BATCH_SIZE)


def unet_model(output_channels):
    inputs = keras.Input(shape=(IMG_SIZE, IMG_SIZE, 3))
    c1 = layers.Conv2D(16, 3, padding="same", activation="relu")(inputs)
    p1 = layers.MaxPooling2D()(c1)
    c2 = layers.Conv2D(32, 3, padding="same", activation="relu")(p1)
    p2 = layers.MaxPooling2D()(c2)
    b = layers.Conv2D(64, 3, padding="same", activation="relu")(p2)
    u2 = layers.Conv2DTranspose(32, 3, strides=2, padding="same")(b)
    u2 = layers.Concatenate()([u2, c2])
    c3 = layers.Conv2D(32, 3, padding="same", activation="relu")(u2)
    u1 = layers.Conv2DTranspose(16, 3, strides=2, padding="same")(c3)
    u1 = layers.Concatenate()([u1, c1])
    c4 = layers.Conv2D(16, 3, padding="same", activation="relu")(u1)
    outputs = layers.Conv2D(output_channels, 1, activation="softmax")(c4)
    return keras.Model(inputs, outputs)


model = unet_model(N_CLASSES)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

history = model.fit(train_dataset, epochs=EPOCHS, sample_weight=sample_weight_array)
print("final loss:", history.history["loss"][-1])
