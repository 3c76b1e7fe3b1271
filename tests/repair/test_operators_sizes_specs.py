"""An encoder-decoder whose input size its poolings do not divide, and a generator whose
output signature leaves a shape unknown: the size and the shape are fixed where written.

Modelled on U-Net threads ("sizes must be divisible by 16") and ``from_generator``
threads (``TensorSpec(shape=None)``, "Cannot take the length of shape with unknown rank").
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, message: str, line: int, rule: str, trace=None):
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return candidate_fixes(Script(PATH, text), failure, rules={rule: OPERATORS[rule]})


UNET = """import keras
from keras import layers

H = 302
W = 200


def unet():
    inp = keras.Input((H, W, 1))
    c1 = layers.Conv2D(8, 3, padding="same")(inp)
    p1 = layers.MaxPooling2D()(c1)
    c2 = layers.Conv2D(16, 3, padding="same")(p1)
    p2 = layers.MaxPooling2D()(c2)
    c3 = layers.Conv2D(32, 3, padding="same")(p2)
    u2 = layers.concatenate([layers.UpSampling2D()(c3), c2])
    return keras.Model(inp, u2)
"""
SKIP = (
    "A `Concatenate` layer requires inputs with matching shapes except for the concatenation "
    "axis. Received: input_shape=[(None, 150, 100, 32), (None, 150, 100, 16)]"
)
OFF = SKIP.replace("(None, 150, 100, 32)", "(None, 150, 100, 32)").replace(
    "(None, 150, 100, 16)", "(None, 151, 100, 16)"
)


def test_sizes_the_poolings_do_not_divide_are_rounded_where_written() -> None:
    (fix,) = _fixes(UNET, OFF, 15, "ops.pool-multiple")
    assert "H = 302" not in fix.new_text
    assert "H = 300\nW = 200\n" in fix.new_text  # two poolings: multiples of 4
    assert fix.applicability is Applicability.UNSAFE


def test_maps_that_differ_by_more_than_a_pixel_are_another_fault() -> None:
    far = OFF.replace("(None, 151, 100, 16)", "(None, 75, 50, 16)")
    assert _fixes(UNET, far, 15, "ops.pool-multiple") == []


GEN = """import numpy as np
import tensorflow as tf

xs = np.random.rand(90, 8, 3).astype("float32")
ys = np.random.randint(0, 2, 90).astype("float32")


def batches():
    for i in range(0, 90, 16):
        yield xs[i:i + 16], ys[i:i + 16]


ds = tf.data.Dataset.from_generator(
    batches,
    output_signature=(tf.TensorSpec(shape=(None, 8, 3)), tf.TensorSpec(shape=None)),
)
model.fit(ds, epochs=2)
"""


def test_an_unknown_rank_spec_declares_what_the_generator_yields() -> None:
    trace = {5: [ValueFact("ys", "ndarray", [90], "float32")]}
    msg = "Cannot take the length of shape with unknown rank."
    (fix,) = _fixes(GEN, msg, 17, "ops.generator-spec-shape", trace)
    assert "tf.TensorSpec(shape=(None, 8, 3)), tf.TensorSpec(shape=(None,))" in fix.new_text


def test_one_sample_per_yield_is_declared_without_a_batch_axis() -> None:
    text = GEN.replace("xs[i:i + 16], ys[i:i + 16]", "xs[i], ys[i]").replace(
        "(None, 8, 3)", "(8, 3)"
    )
    trace = {5: [ValueFact("ys", "ndarray", [90, 4], "float32")]}
    msg = "Cannot take the length of shape with unknown rank."
    (fix,) = _fixes(text, msg, 17, "ops.generator-spec-shape", trace)
    assert "tf.TensorSpec(shape=(4,))" in fix.new_text


TYPES_ONLY = """import numpy as np
import tensorflow as tf


def pairs():
    for _ in range(40):
        yield read_frame(), read_label()


ds = tf.data.Dataset.from_generator(pairs, output_types=(tf.float32, tf.int32)).batch(8)
net = tf.keras.Sequential([tf.keras.Input((32, 32, 1)), tf.keras.layers.Flatten(),
                           tf.keras.layers.Dense(3, activation="softmax")])
net.compile(loss="sparse_categorical_crossentropy")
net.fit(ds, epochs=1)
"""


def test_shapes_no_run_saw_are_declared_by_the_models_rank_and_label_candidates() -> None:
    msg = "Cannot take the length of shape with unknown rank."
    fixes = _fixes(TYPES_ONLY, msg, 14, "ops.generator-spec-shape")
    shapes = "output_shapes=(tf.TensorShape((None, None, None)), tf.TensorShape({}))"
    assert len(fixes) == 3
    labels = ["()", "(1,)", "(None,)"]
    assert all(shapes.format(lab) in f.new_text for lab, f in zip(labels, fixes, strict=True))
    assert {f.applicability for f in fixes} == {Applicability.UNSAFE}  # the run decides
