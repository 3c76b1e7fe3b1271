"""KerasCV-starter style: a CFG class, an augmenter, an LR callback with modes, and a
model with an image branch and a tabular branch."""

import math

import keras
import numpy as np


class CFG:
    seed = 42
    image_size = [64, 64]
    batch_size = 8
    epochs = 2
    lr_mode = "exp"
    num_features = 6


keras.utils.set_random_seed(CFG.seed)

augmenter = keras.Sequential(
    [
        keras.layers.RandomFlip(mode="horizontal"),
        keras.layers.RandomContrast(factor=0.1),
    ],
    name="augmenter",
)


def get_lr_callback(batch_size=8, mode="cos", epochs=10):
    lr_start, lr_max, lr_min = 2.5e-5, 5e-6 * batch_size, 0.8e-6
    lr_ramp_ep, lr_sus_ep, lr_decay = 1, 0, 0.75

    def lrfn(epoch):
        if epoch < lr_ramp_ep:
            lr = (lr_max - lr_start) / lr_ramp_ep * epoch + lr_start
        elif epoch < lr_ramp_ep + lr_sus_ep:
            lr = lr_max
        elif mode == "exp":
            lr = (lr_max - lr_min) * lr_decay ** (epoch - lr_ramp_ep - lr_sus_ep) + lr_min
        elif mode == "step":
            lr = lr_max * lr_decay ** ((epoch - lr_ramp_ep - lr_sus_ep) // 2)
        elif mode == "cos":
            total = epochs - lr_ramp_ep - lr_sus_ep + 3
            phase = math.pi * (epoch - lr_ramp_ep - lr_sus_ep) / total
            lr = (lr_max - lr_min) * 0.5 * (1 + math.cos(phase)) + lr_min
        return lr

    return keras.callbacks.LearningRateScheduler(lrfn, verbose=False)


def build_model():
    image_input = keras.Input(shape=(*CFG.image_size, 3), name="images")
    feat_input = keras.Input(shape=(CFG.num_features,), name="features")
    x1 = augmenter(image_input)
    backbone = keras.applications.EfficientNetV2B0(
        include_top=False,
        weights=None,
        input_shape=(*CFG.image_size, 3),
    )
    x1 = backbone(x1)
    x1 = keras.layers.GlobalAveragePooling2D()(x1)
    x1 = keras.layers.Dropout(0.2)(x1)
    x2 = keras.layers.Dense(32, activation="selu")(feat_input)
    concat = keras.layers.concatenate([x1, x2])
    out = keras.layers.Dense(1, activation="sigmoid")(concat)
    model = keras.Model([image_input, feat_input], out)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-4),
        loss="binary_crossentropy",
        metrics=["auc"],
    )
    return model


images = np.random.rand(32, *CFG.image_size, 3).astype("float32") * 255
features = np.random.rand(32, CFG.num_features).astype("float32")
labels = np.random.randint(0, 2, size=(32, 1)).astype("float32")

model = build_model()
lr_cb = get_lr_callback(CFG.batch_size, mode=CFG.lr_mode, epochs=CFG.epochs)
model.fit(
    {"images": images, "features": features},
    labels,
    batch_size=CFG.batch_size,
    epochs=CFG.epochs,
    callbacks=[lr_cb],
)
