"""A class count the labels outgrow, windows declared by the data's own shape, an integer
label tensor entering several losses and metrics, and a generator declared by its types
only: each fixed where the value is written or where it enters.

Scripts written here after the shape of public threads (hard-coded class counts, LSTM
windows without a feature axis, uint8 masks in segmentation metrics, ``from_generator``
without shapes); the expected edit is the one their answers gave.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import RULES, candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, kind: str, message: str, line: int, rule: str, trace=None):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    rules = {k: r for k, r in {**RULES, **OPERATORS}.items() if k == rule}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


BIRDS = """import numpy as np
import keras

N_CLASSES = 8
feats = np.random.rand(120, 16)
species = np.random.randint(1, 21, 120)
model = keras.Sequential([keras.Input((16,)), keras.layers.Dense(N_CLASSES, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
onehot = keras.utils.to_categorical(species - 1, num_classes=N_CLASSES)
model.fit(feats, onehot)
"""


def test_a_written_class_count_becomes_the_labels_count_in_the_encoding_and_the_head() -> None:
    trace = {6: [ValueFact("species", "ndarray", [120], "int64", min=1, max=20)]}
    msg = "index 17 is out of bounds for axis 1 with size 8"
    (fix,) = _fixes(BIRDS, "IndexError", msg, 9, "ops.class-count", trace)
    assert "N_CLASSES = 20\n" in fix.new_text  # one place: the constant both read
    assert fix.applicability is Applicability.UNSAFE


def test_labels_that_fit_the_count_are_another_fault() -> None:
    trace = {6: [ValueFact("species", "ndarray", [120], "int64", min=1, max=8)]}
    msg = "index 17 is out of bounds for axis 1 with size 8"
    assert _fixes(BIRDS, "IndexError", msg, 9, "ops.class-count", trace) == []


WINDOWS = """import numpy as np
from keras.models import Sequential
from keras.layers import LSTM, Dense

series = np.cumsum(np.random.randn(300))
X = np.array([series[i:i + 40] for i in range(200)])
y = series[40:240]
model = Sequential()
model.add(LSTM(8, input_shape=X.shape[1:]))
model.add(Dense(1))
model.compile("adam", "mse")
model.fit(X, y)
"""


def test_windows_declared_by_their_own_shape_get_the_feature_axis_where_made() -> None:
    trace = {6: [ValueFact("X", "ndarray", [200, 40], "float64")]}
    msg = (
        "Input 0 of layer 'lstm' is incompatible with the layer: expected ndim=3, "
        "found ndim=2. Full shape received: (None, 40)"
    )
    (fix,) = _fixes(WINDOWS, "ValueError", msg, 9, "ops.data-axis", trace)
    assert "model.add(LSTM(8, input_shape=X.shape[1:]))" in fix.new_text
    lines = fix.new_text.splitlines()
    made = lines.index("X = np.array([series[i:i + 40] for i in range(200)])")
    assert lines[made + 1].startswith("X = X[..., None]")  # right where X is made
    assert made + 1 < lines.index("model = Sequential()")


METRICS = """import tensorflow as tf


def dice(gt, pr):
    inter = tf.reduce_sum(gt * pr)
    return 1 - 2 * inter / (tf.reduce_sum(gt + pr) + 1.0)


def iou(gt, pr):
    inter = tf.reduce_sum(gt * pr)
    return inter / (tf.reduce_sum(gt + pr) - inter + 1.0)


def mse(target, pr):
    return tf.reduce_mean(tf.square(pr))
"""


def test_an_integer_label_parameter_is_cast_where_it_enters_every_alike_function() -> None:
    msg = (
        "cannot compute Mul as input #1(zero-based) was expected to be a uint8 tensor but is "
        "a float tensor [Op:Mul] name:"
    )
    (fix,) = _fixes(METRICS, "InvalidArgumentError", msg, 5, "dtype.cast")
    assert fix.new_text.count("gt = tf.cast(gt, tf.float32)") == 2
    assert "def dice(gt, pr):\n    gt = tf.cast(gt, tf.float32)\n" in fix.new_text
    assert "target = tf.cast" not in fix.new_text


GEN = """import numpy as np
import tensorflow as tf


def pairs():
    for _ in range(50):
        image = np.random.rand(32, 32, 3).astype("float32")
        label = np.array([1], dtype="uint8")
        yield image, label


ds = tf.data.Dataset.from_generator(pairs, output_types=("float32", "uint8")).batch(8)
model.fit(ds)
"""


def test_a_generator_declared_by_types_only_gets_the_shapes_it_yields() -> None:
    trace = {
        7: [ValueFact("image", "ndarray", [32, 32, 3], "float32")],
        8: [ValueFact("label", "ndarray", [1], "uint8")],
    }
    msg = "Cannot take the length of shape with unknown rank."
    (fix,) = _fixes(GEN, "ValueError", msg, 13, "ops.generator-spec-shape", trace)
    assert (
        'output_types=("float32", "uint8"), output_shapes=(tf.TensorShape((32, 32, 3)), '
        "tf.TensorShape((1,))))" in fix.new_text
    )
