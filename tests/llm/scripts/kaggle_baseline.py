"""Leaf disease classification baseline (Kaggle notebook export).

EfficientNet backbone fine-tuned on 5 classes; images are read from a CSV of paths.
"""

import math
import os

import keras
import pandas as pd
import tensorflow as tf


class CFG:
    seed = 42
    image_size = [224, 224]
    batch_size = 32
    epochs = 12
    num_classes = 5
    lr = 1e-3
    label_smoothing = 0.05
    data_dir = "/kaggle/input/leaf-disease"
    wandb_key = "0123456789abcdef0123456789abcdef01234567"


keras.utils.set_random_seed(CFG.seed)
AUTOTUNE = tf.data.AUTOTUNE

df = pd.read_csv(os.path.join(CFG.data_dir, "train.csv"))
df["path"] = CFG.data_dir + "/train_images/" + df["image_id"]
train_df = df.sample(frac=0.8, random_state=CFG.seed)
valid_df = df.drop(train_df.index)


def decode_image(path, label):
    image = tf.io.read_file(path)
    image = tf.image.decode_jpeg(image, channels=3)
    image = tf.image.resize(image, CFG.image_size)
    image = tf.cast(image, tf.float32)
    label = tf.one_hot(label, CFG.num_classes)
    return image, label


def build_augmenter():
    return keras.Sequential(
        [
            keras.layers.RandomFlip("horizontal"),
            keras.layers.RandomRotation(0.1),
            keras.layers.RandomZoom(0.1),
        ],
        name="augmenter",
    )


augmenter = build_augmenter()


def build_dataset(frame, training=True):
    ds = tf.data.Dataset.from_tensor_slices((frame["path"].values, frame["label"].values))
    ds = ds.map(decode_image, num_parallel_calls=AUTOTUNE)
    if training:
        ds = ds.shuffle(1024, seed=CFG.seed)
        ds = ds.map(lambda x, y: (augmenter(x, training=True), y), num_parallel_calls=AUTOTUNE)
    ds = ds.batch(CFG.batch_size)
    return ds.prefetch(AUTOTUNE)


train_ds = build_dataset(train_df, training=True)
valid_ds = build_dataset(valid_df, training=False)


def build_model():
    backbone = keras.applications.EfficientNetB0(
        include_top=False,
        weights="imagenet",
        input_shape=(*CFG.image_size, 3),
    )
    backbone.trainable = True
    inputs = keras.Input(shape=(*CFG.image_size, 3), name="image")
    x = keras.applications.efficientnet.preprocess_input(inputs)
    x = backbone(x)
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Dense(CFG.num_classes, activation="softmax")(x)
    model = keras.Model(inputs, outputs, name="leaf_effnet")
    return model


def lr_schedule(epoch):
    warmup = 2
    if epoch < warmup:
        return CFG.lr * (epoch + 1) / warmup
    progress = (epoch - warmup) / max(1, CFG.epochs - warmup)
    return CFG.lr * 0.5 * (1 + math.cos(math.pi * progress))


model = build_model()
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=CFG.lr),
    loss=keras.losses.CategoricalCrossentropy(label_smoothing=CFG.label_smoothing),
    metrics=["accuracy"],
)

callbacks = [
    keras.callbacks.LearningRateScheduler(lr_schedule),
    keras.callbacks.ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True),
    keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3, restore_best_weights=True),
]

steps_per_epoch = math.ceil(len(train_df) / CFG.batch_size)
history = model.fit(
    train_ds,
    validation_data=valid_ds,
    epochs=CFG.epochs,
    steps_per_epoch=steps_per_epoch,
    callbacks=callbacks,
)

pd.DataFrame(history.history).to_csv("history.csv", index=False)
print("best val accuracy:", max(history.history["val_accuracy"]))
