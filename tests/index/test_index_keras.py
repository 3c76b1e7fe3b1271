"""The Keras model as written: inputs, backbone, branches, augmentation, heads, compile/fit."""

from __future__ import annotations

from gptfix.index import build_index

FUNCTIONAL = """import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

IMG = 96

def build_model(num_classes):
    inputs = keras.Input(shape=(IMG, IMG, 3), name="image")
    base_model = keras.applications.EfficientNetB0(include_top=False, weights=None)
    base_model.trainable = False
    x = base_model(inputs, training=False)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(0.2)(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)

model = build_model(10)
model.compile("adam", "sparse_categorical_crossentropy", ["accuracy"])
model.fit(train_images, train_labels, batch_size=32, epochs=3)
"""


def test_functional_model_with_backbone_inside_a_function() -> None:
    k = build_index(FUNCTIONAL).keras
    assert [(i.var, i.shape, i.name, i.line) for i in k.inputs] == [
        ("inputs", "(IMG, IMG, 3)", "image", 8)
    ]
    (bb,) = k.backbones
    assert (bb.var, bb.constructor, bb.line) == (
        "base_model",
        "keras.applications.EfficientNetB0",
        9,
    )
    assert bb.call.kwargs == {"include_top": "False", "weights": "None"}
    assert [(a.line, a.inputs, a.output) for a in bb.applied] == [(11, ["inputs"], "x")]
    (branch,) = k.branches
    assert branch.origin == "inputs"
    assert [(s.var, s.op, s.line) for s in branch.steps] == [
        ("x", "base_model", 11),
        ("x", "keras.layers.GlobalAveragePooling2D", 12),
        ("x", "keras.layers.Dropout", 13),
        ("outputs", "keras.layers.Dense", 14),
    ]
    (m,) = k.models
    assert (m.var, m.kind, m.line, m.inputs, m.outputs) == (
        "build_model()",
        "functional",
        15,
        ["inputs"],
        ["outputs"],
    )
    assert [h.line for h in k.heads] == [14]
    (c,) = k.compile
    assert (c.model, c.optimizer, c.loss, c.metrics, c.line) == (
        "model",
        '"adam"',
        '"sparse_categorical_crossentropy"',
        '["accuracy"]',
        18,
    )
    (f,) = k.fit
    assert (f.data, f.batch_size, f.epochs, f.line) == ("train_images", "32", "3", 19)
    assert k.batch_size is not None
    assert (k.batch_size.expr, k.batch_size.value, k.batch_size.via) == ("32", "32", "fit")


SEQUENTIAL = """import keras
from keras import layers

BATCH_SIZE = 64
augment = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Flatten(),
])
model.add(layers.Dense(10, activation="softmax"))
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
model.fit(x_train, y_train, batch_size=BATCH_SIZE, epochs=2)
"""


def test_sequential_model_and_sequential_augmentation() -> None:
    index = build_index(SEQUENTIAL)
    k = index.keras
    (m,) = k.models
    assert (m.var, m.kind, m.line) == ("model", "sequential", 6)
    assert [layer.op for layer in m.layers] == [
        "keras.Input", "keras.layers.Conv2D", "keras.layers.Flatten", "keras.layers.Dense"
    ]  # fmt: skip
    assert m.layers[-1].line == 11
    (aug,) = k.augmentations
    assert (aug.kind, aug.name, aug.line) == ("sequential", "augment", 5)
    assert [layer.op for layer in aug.layers] == [
        "keras.layers.RandomFlip",
        "keras.layers.RandomRotation",
    ]
    assert k.compile[0].optimizer == "keras.optimizers.Adam(1e-3)"
    bs = k.batch_size
    assert bs is not None and (bs.expr, bs.value, bs.line, bs.used_at) == (
        "BATCH_SIZE",
        "64",
        4,
        13,
    )
    kinds = {b.name: b.value_kind for b in index.bindings}
    assert kinds["augment"] == "augmentation"
    assert kinds["model"] == "compiled-model"


SUBCLASSED = """import keras
from keras import layers

class Block(layers.Layer):
    def call(self, x):
        return x

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.head = layers.Dense(3)

    def call(self, inputs):
        return self.head(inputs)

class Tiny(Net):
    pass

net = Net()
net.compile(optimizer="sgd", loss="mse")
net.fit(data, epochs=1)
"""


def test_subclassed_models_and_layers() -> None:
    index = build_index(SUBCLASSED)
    models = {(m.cls, m.var, m.kind, m.line) for m in index.keras.models}
    assert models == {("Net", "net", "subclassed", 19), ("Tiny", None, "subclassed", 16)}
    kinds = {b.name: b.value_kind for b in index.bindings if b.scope == 0}
    assert kinds["net"] == "compiled-model"
    assert [f.model for f in index.keras.fit] == ["net"]
    assert "Block" not in {m.cls for m in index.keras.models}


MULTI = """import keras
from keras import layers

img = keras.Input(shape=(64, 64, 3), name="img")
meta = keras.Input(shape=(5,), name="meta")
a = layers.Conv2D(8, 3)(img)
a = layers.GlobalAveragePooling2D()(a)
b = layers.Dense(8)(meta)
merged = layers.concatenate([a, b])
h = layers.Dense(16, activation="relu")(merged)
cls_out = layers.Dense(3, activation="softmax", name="cls")(h)
reg_out = layers.Dense(1, name="reg")(h)
model = keras.Model(inputs={"img": img, "meta": meta}, outputs=[cls_out, reg_out])
model.compile(optimizer="adam", loss={"cls": "sparse_categorical_crossentropy", "reg": "mse"})
"""


def test_multi_input_multi_output_chains() -> None:
    k = build_index(MULTI).keras
    assert [(i.var, i.name) for i in k.inputs] == [("img", "img"), ("meta", "meta")]
    chains = {br.origin: [(s.var, s.line) for s in br.steps] for br in k.branches}
    assert chains["img"] == [("a", 6), ("a", 7)]
    assert chains["meta"] == [("b", 8)]
    assert chains["merged"] == [("merged", 9), ("h", 10), ("cls_out", 11)]
    assert chains["h"] == [("reg_out", 12)]  # a fork from h
    (cat,) = k.concatenations
    assert (cat.var, cat.inputs, cat.line) == ("merged", ["a", "b"], 9)
    assert [(h.var, h.line) for h in k.heads] == [("cls_out", 11), ("reg_out", 12)]
    (m,) = k.models
    assert m.inputs == ["img", "meta"] and m.outputs == ["cls_out", "reg_out"]
    assert k.compile[0].loss == '{"cls": "sparse_categorical_crossentropy", "reg": "mse"}'


STARTER = """import keras_cv
import keras
import tensorflow as tf

class CFG:
    preset = "efficientnetv2_b2_imagenet"
    image_size = [128, 128]
    batch_size = 256
    epochs = 8

def build_augmenter():
    aug_layers = [
        keras_cv.layers.RandomCutout(height_factor=(0.02, 0.06), width_factor=(0.02, 0.06)),
        keras_cv.layers.RandomFlip(mode="horizontal"),
    ]
    def augment(inp, label):
        for layer in aug_layers:
            inp = layer(inp, training=True)
        return inp, label
    return augment

def build_dataset(paths, labels=None, batch_size=32, augment=False):
    ds = tf.data.Dataset.from_tensor_slices((paths, labels))
    if augment:
        ds = ds.map(build_augmenter())
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)

valid_ds = build_dataset(valid_paths, valid_labels, batch_size=64)
train_ds = build_dataset(train_paths, train_labels, batch_size=CFG.batch_size, augment=True)

image_input = keras.Input(shape=(*CFG.image_size, 3), name="images")
backbone = keras_cv.models.EfficientNetV2Backbone.from_preset(CFG.preset)
x = backbone(image_input)
x = keras.layers.GlobalAveragePooling2D()(x)
output = keras.layers.Dense(1, activation="sigmoid")(x)
model = keras.models.Model(image_input, output)
model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-4), loss=keras.losses.BinaryCrossentropy(label_smoothing=0.02), metrics=[keras.metrics.AUC(name="auc")])
history = model.fit(train_ds, epochs=CFG.epochs, validation_data=valid_ds)
"""


def test_kerascv_starter_style_script() -> None:
    index = build_index(STARTER)
    k = index.keras
    (bb,) = k.backbones
    assert bb.constructor == "keras_cv.models.EfficientNetV2Backbone.from_preset"
    assert (bb.var, bb.preset, bb.line) == ("backbone", "CFG.preset", 33)
    assert [(a.line, a.output) for a in bb.applied] == [(34, "x")]
    (aug,) = k.augmentations
    assert (aug.kind, aug.name, aug.line, aug.end_line) == ("list", "aug_layers", 12, 15)
    assert [layer.op for layer in aug.layers] == [
        "keras_cv.layers.RandomCutout", "keras_cv.layers.RandomFlip"
    ]  # fmt: skip
    assert index.scopes[aug.scope].name == "build_augmenter"
    # the training call passes CFG.batch_size into build_dataset's batch_size parameter
    bs = k.batch_size
    assert bs is not None
    assert (bs.expr, bs.value, bs.line, bs.used_at, bs.via) == (
        "CFG.batch_size",
        "256",
        8,
        26,
        "dataset",
    )
    assert k.compile[0].loss == "keras.losses.BinaryCrossentropy(label_smoothing=0.02)"
    assert k.fit[0].kwargs["validation_data"] == "valid_ds"
    kinds = {b.name: b.value_kind for b in index.bindings if b.scope == 0}
    assert kinds["train_ds"] == "dataset" and kinds["valid_ds"] == "dataset"
    assert kinds["backbone"] == "backbone" and kinds["history"] == "history"


def test_augmenter_function_with_tf_image_ops() -> None:
    text = """import tensorflow as tf

def augment(image, label):
    image = tf.image.random_flip_left_right(image)
    image = tf.image.random_brightness(image, 0.2)
    return image, label

def other(x):
    return x
"""
    (aug,) = build_index(text).keras.augmentations
    assert (aug.kind, aug.name, aug.line) == ("function", "augment", 3)
    assert [(layer.op, layer.line) for layer in aug.layers] == [
        ("tensorflow.image.random_flip_left_right", 4),
        ("tensorflow.image.random_brightness", 5),
    ]


def test_batch_size_from_argparse_and_generators() -> None:
    text = """import argparse
from keras.preprocessing.image import ImageDataGenerator

p = argparse.ArgumentParser()
p.add_argument("--bs", type=int, default=48)
args = p.parse_args()
gen = ImageDataGenerator(rescale=1 / 255)
train = gen.flow_from_directory("data/train", batch_size=args.bs)
"""
    bs = build_index(text).keras.batch_size
    assert bs is not None
    assert (bs.expr, bs.value, bs.line, bs.used_at, bs.via) == ("args.bs", "48", 5, 8, "generator")


def test_re_compile_is_not_a_keras_compile() -> None:
    text = "import re\npat = re.compile('x')\nscaler.fit(X)\n"
    k = build_index(text).keras
    assert k.compile == [] and k.fit == []


def test_batch_size_prefers_the_pipeline_fit_trains_on() -> None:
    text = """import tensorflow as tf
import keras

VAL_BATCH = 64
TRAIN_BATCH = 16
val_ds = tf.data.Dataset.range(10).batch(VAL_BATCH)
train_ds = tf.data.Dataset.range(10).shuffle(10).batch(TRAIN_BATCH)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(train_ds, validation_data=val_ds)
"""
    bs = build_index(text).keras.batch_size
    assert bs is not None and (bs.expr, bs.value, bs.line, bs.used_at) == (
        "TRAIN_BATCH",
        "16",
        5,
        7,
    )


def test_subclassed_call_method_chain() -> None:
    text = """import tensorflow as tf
import keras
from keras import layers

class Block(layers.Layer):
    def call(self, inputs, training=False):
        x = tf.nn.relu(self.bn(self.conv(inputs), training=training))
        shortcut = self.project(inputs)
        return tf.nn.relu(x + shortcut)
"""
    index = build_index(text)
    chains = [(b.origin, [(s.var, s.line) for s in b.steps]) for b in index.keras.branches]
    assert chains == [("inputs", [("x", 7)]), ("inputs", [("shortcut", 8)])]  # a fork
    assert {index.scopes[b.scope].qualname for b in index.keras.branches} == {"Block.call"}


def test_a_layer_applied_to_a_nested_layer_call_continues_the_chain() -> None:
    text = """import keras
from keras import layers

class Block(layers.Layer):
    def call(self, inputs, training=False):
        x = self.conv1(inputs)
        x = self.bn2(self.conv2(x), training=training)
        return self.act(x)
"""
    index = build_index(text)
    chains = [(b.origin, [(s.var, s.line) for s in b.steps]) for b in index.keras.branches]
    assert chains == [("inputs", [("x", 6), ("x", 7)])]
