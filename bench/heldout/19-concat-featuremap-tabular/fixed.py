"""Skin-lesion classifier combining a dermoscopy patch with patient metadata (age, sex, site)."""

import numpy as np
import tensorflow as tf

L = tf.keras.layers


class LesionModelBuilder:
    def __init__(self, patch=48, n_meta=5, n_classes=3):
        self.patch = patch
        self.n_meta = n_meta
        self.n_classes = n_classes

    def image_branch(self, img):
        y = L.Conv2D(16, 3, activation="relu")(img)
        y = L.MaxPooling2D()(y)
        y = L.Conv2D(32, 3, activation="relu")(y)
        return L.MaxPooling2D()(y)

    def build(self):
        img = L.Input(shape=(self.patch, self.patch, 3), name="patch")
        meta = L.Input(shape=(self.n_meta,), name="meta")
        fmap = self.image_branch(img)
        meta_vec = L.Dense(8, activation="relu")(meta)
        fused = L.concatenate([L.GlobalAveragePooling2D()(fmap), meta_vec])
        fused = L.Dense(32, activation="relu")(fused)
        out = L.Dense(self.n_classes, activation="softmax")(fused)
        return tf.keras.Model([img, meta], out)


builder = LesionModelBuilder()
lesion_net = builder.build()
lesion_net.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])

patches = np.random.rand(80, 48, 48, 3).astype("float32")
patient = np.random.rand(80, 5).astype("float32")
diagnosis = np.random.randint(0, 3, size=80)
lesion_net.fit([patches, patient], diagnosis, epochs=2, batch_size=16)
