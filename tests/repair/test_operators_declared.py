"""Operators on a declared input that disagrees with the data, sequence data not yet
``(samples, steps, features)``, and labels for a model of several outputs: each edits the
side the run's values show to be wrong, spelled as the script spells it, and proposes
nothing without that evidence.

Each script is written here in its own spelling, with the error message such a run gives
and the value trace it records.
"""

from __future__ import annotations

import ast
from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.repair.rules import RULES
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")
SAFE, UNSAFE = Applicability.SAFE, Applicability.UNSAFE


def _fixes(
    text: str,
    message: str,
    line: int,
    trace: dict[int, list[ValueFact]] | None = None,
    rules: dict | None = None,  # type: ignore[type-arg]
    kind: str = "ValueError",
):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return candidate_fixes(Script(PATH, text), failure, rules=rules or OPERATORS)


def _arr(name: str, *shape: int | None, dtype: str = "float32", **kw: object) -> ValueFact:
    return ValueFact(name, "ndarray", list(shape), dtype, **kw)  # type: ignore[arg-type]


def _int(name: str, value: int) -> ValueFact:
    return ValueFact(name, "int", value=value)


def _tensor(name: str, *shape: int | None) -> ValueFact:
    return ValueFact(name, "KerasTensor", list(shape), "float32")


TABLE = """import numpy as np
from tensorflow import keras
N_FEATURES = 16
rows = np.random.rand(200, N_FEATURES).astype("float32")
target = np.random.rand(200).astype("float32")
inp = keras.Input(shape=N_FEATURES)
out = keras.layers.Dense(1)(keras.layers.Dense(8, activation="relu")(inp))
reg = keras.Model(inp, out)
reg.compile("adam", "mse")
reg.fit(rows, target, epochs=1)
"""


def test_an_int_shape_becomes_the_one_element_tuple_the_data_agrees_with() -> None:
    trace = {3: [_int("N_FEATURES", 16)], 4: [_arr("rows", 200, 16)]}
    fixes = _fixes(TABLE, "Cannot convert '16' to a shape.", 6, trace)
    assert fixes[0].origin == "rule:ops.shape-int" and fixes[0].applicability is SAFE
    assert "keras.Input(shape=(N_FEATURES,))" in fixes[0].new_text
    assert any("had shape [200, 16]" in e for e in fixes[0].evidence)
    # parenthesised arithmetic keeps the script's spelling: (4 * 4) -> (4 * 4,)
    product = TABLE.replace("shape=N_FEATURES", "shape=(4 * 4)")
    fix = _fixes(product, "Cannot convert '16' to a shape.", 6, trace)[0]
    assert "keras.Input(shape=(4 * 4,))" in fix.new_text


def test_an_int_shape_the_data_contradicts_is_left_alone() -> None:
    trace = {3: [_int("N_FEATURES", 16)], 4: [_arr("rows", 200, 9)]}
    assert _fixes(TABLE, "Cannot convert '16' to a shape.", 6, trace) == []


STEPS = """import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import GRU, Dense
wave = np.cos(np.linspace(0, 30, 500)).astype("float32")
windows = np.array([wave[i:i + 8] for i in range(480)])
nxt = wave[8:488]
net = Sequential()
net.add(GRU(16, input_shape=1))
net.add(Dense(1))
net.compile(loss="mae", optimizer="adam")
net.fit(windows, nxt, epochs=1)
"""


def test_a_recurrent_layer_declared_with_one_feature_gets_the_feature_axis_on_the_data() -> None:
    trace = {5: [_arr("windows", 480, 8)], 6: [_arr("nxt", 480)]}
    fix = _fixes(STEPS, "Cannot convert '1' to a shape.", 8, trace)[0]
    assert fix.origin == "rule:ops.shape-int"
    lines = fix.new_text.splitlines()
    assert lines[5] == "windows = windows[..., None]  # one feature per step"
    assert "GRU(16, input_shape=windows.shape[1:])" in fix.new_text
    ast.parse(fix.new_text)


def test_a_recurrent_layer_declared_with_a_count_the_data_cannot_place_gets_nothing() -> None:
    # input_shape=8 with (480, 8) rows: 8 steps of 1 feature or 1 step of 8? not said
    text = STEPS.replace("input_shape=1", "input_shape=8")
    trace = {5: [_arr("windows", 480, 8)], 6: [_arr("nxt", 480)]}
    assert _fixes(text, "Cannot convert '8' to a shape.", 8, trace) == []


PATCHES = """import numpy as np
from tensorflow.keras import layers, models
count = 48
imgs = np.random.rand(count, 24, 24, 1).astype("float32")
labels = np.random.randint(0, 2, count)
entry = layers.Input((count, 24, 24, 1))
h = layers.Conv2D(4, 3)(entry)
h = layers.GlobalAveragePooling2D()(h)
m = models.Model(entry, layers.Dense(2, activation="softmax")(h))
m.compile("adam", "sparse_categorical_crossentropy")
m.fit(imgs, labels, epochs=1)
"""


def test_a_declared_shape_that_counts_the_samples_drops_the_count() -> None:
    msg = (
        "Input 0 of layer 'conv2d' is incompatible with the layer: expected ndim=4, found "
        "ndim=5. Full shape received: (None, 48, 24, 24, 1)"
    )
    trace = {3: [_int("count", 48)], 4: [_arr("imgs", 48, 24, 24, 1)]}
    fix = _fixes(PATCHES, msg, 7, trace)[0]
    assert fix.origin == "rule:ops.batch-axis"
    assert "layers.Input((24, 24, 1))" in fix.new_text
    # a leading 48 that is not the number of samples is not the batch axis
    other = {3: [_int("count", 48)], 4: [_arr("imgs", 60, 24, 24, 1)]}
    assert _fixes(PATCHES, msg, 7, other) == []


SENSORS = """import numpy as np
from tensorflow import keras
WINDOW = 30
readings = np.random.rand(300, 6).astype("float32")
load = np.random.rand(300).astype("float32")
net = keras.Sequential([keras.layers.LSTM(12, input_shape=(WINDOW, 6)), keras.layers.Dense(1)])
net.compile("adam", "mse")
net.fit(readings, load, epochs=1)
"""
WINDOW_MSG = (
    "Invalid input shape for input Tensor(shape=(None, 6)). Expected shape (None, 30, 6), "
    "but input has incompatible shape (None, 6)"
)


def test_rows_fed_to_a_model_of_windows_become_windows_with_the_label_after_each() -> None:
    trace = {3: [_int("WINDOW", 30)], 4: [_arr("readings", 300, 6)], 5: [_arr("load", 300)]}
    fix = _fixes(SENSORS, WINDOW_MSG, 8, trace)[0]
    assert fix.origin == "rule:ops.windows" and fix.applicability is UNSAFE
    lines = fix.new_text.splitlines()
    assert lines[7] == (
        "readings_windows = np.stack([readings[i:i + WINDOW] for i in "
        "range(len(readings) - WINDOW)])  # windows of WINDOW rows"
    )
    assert lines[8].startswith("load_windows = load[WINDOW:]")
    assert lines[9] == "net.fit(readings_windows, load_windows, epochs=1)"


def test_rows_whose_labels_are_not_one_per_row_are_not_windowed() -> None:
    trace = {3: [_int("WINDOW", 30)], 4: [_arr("readings", 300, 6)], 5: [_arr("load", 10)]}
    assert _fixes(SENSORS, WINDOW_MSG, 8, trace) == []


RAGGED = """import numpy as np
from tensorflow import keras
series = [np.random.rand(15) for _ in range(90)]
seqs = np.empty(len(series), dtype=object)
seqs[:] = series
score = np.random.rand(90).astype("float32")
net = keras.Sequential([keras.Input((15, 1)), keras.layers.GRU(4), keras.layers.Dense(1)])
net.compile("adam", "mse")
net.fit(seqs, score, epochs=1)
"""


def test_an_object_array_of_equal_sequences_is_stacked_with_its_feature_axis() -> None:
    seqs = _arr("seqs", 90, dtype="object", item_shape=[15], items_equal=True)
    trace = {4: [seqs], 6: [_arr("score", 90)]}
    fixes = _fixes(RAGGED, "Invalid dtype: object", 9, trace, rules=RULES)
    assert fixes[0].origin == "rule:ops.stack-items"
    lines = fixes[0].new_text.splitlines()
    # after the last statement that fills the array, not after the one that makes it
    assert lines[5].startswith("seqs = np.stack(seqs)[..., None]")


def test_an_object_array_of_ragged_sequences_is_not_stacked() -> None:
    seqs = _arr("seqs", 90, dtype="object", item_shape=[15], items_equal=False)
    fixes = _fixes(RAGGED, "Invalid dtype: object", 9, {4: [seqs]})
    assert not [f for f in fixes if f.origin == "rule:ops.stack-items"]


TWO_HEADS = """import numpy as np
from tensorflow import keras
pics = np.random.rand(64, 16, 16, 3).astype("float32")
both = np.random.rand(64, 2, 5).astype("float32")
inp = keras.Input((16, 16, 3))
f = keras.layers.Flatten()(inp)
color = keras.layers.Dense(5, activation="softmax")(f)
shape = keras.layers.Dense(5, activation="softmax")(f)
net = keras.Model(inp, [color, shape])
net.compile("adam", "categorical_crossentropy")
net.fit(pics, both, epochs=1)
"""


def test_one_label_array_for_two_outputs_is_split_per_output() -> None:
    msg = "The path: (0,) in the `loss` argument, can't be found in either the model's output"
    trace = {
        3: [_arr("pics", 64, 16, 16, 3)],
        4: [_arr("both", 64, 2, 5)],
        7: [_tensor("color", None, 5)],
        8: [_tensor("shape", None, 5)],
    }
    fix = _fixes(TWO_HEADS, msg, 11, trace, kind="KeyError")[0]
    assert fix.origin == "rule:ops.split-labels" and fix.applicability is UNSAFE
    assert "net.fit(pics, (both[:, 0], both[:, 1]), epochs=1)" in fix.new_text
    # labels whose second axis is not one per output are not split
    trace[4] = [_arr("both", 64, 3, 5)]
    assert _fixes(TWO_HEADS, msg, 11, trace, kind="KeyError") == []


PER_HEAD_LOSS = """import numpy as np
import tensorflow as tf
x = np.random.rand(100, 5).astype("float32")
price = np.random.rand(100).astype("float32")
kind = np.random.randint(0, 4, 100)
i = tf.keras.Input((5,))
h = tf.keras.layers.Dense(8)(i)
m = tf.keras.Model(i, [tf.keras.layers.Dense(1, name="price")(h),
                       tf.keras.layers.Dense(4, activation="softmax", name="kind")(h)])
m.compile("adam", loss={"price": "mse", "kind": tf.keras.losses.CategoricalCrossentropy()})
m.fit(x, {"price": price, "kind": kind})
"""


def test_a_categorical_loss_of_one_output_on_class_ids_becomes_sparse() -> None:
    msg = (
        "Arguments `target` and `output` must have the same rank (ndim). Received: "
        "target.shape=(None,), output.shape=(None, 4)"
    )
    fixes = _fixes(PER_HEAD_LOSS, msg, 11, rules=RULES)
    fix = next(f for f in fixes if f.origin == "rule:loss.label-encoding")
    assert '"kind": tf.keras.losses.SparseCategoricalCrossentropy()' in fix.new_text
    assert '"price": "mse"' in fix.new_text


SCORER = """import numpy
from tensorflow import keras
feats = numpy.random.rand(80, 3)
net = keras.Sequential([keras.layers.Dense(4, input_shape=(3,)), keras.layers.Dense(1)])
net.compile("adam", "mse")
net.fit(feats, feats.sum(axis=1), epochs=1)
print(net.predict(numpy.asarray([1.0, 2.0, 3.0])))
"""


def test_one_sample_written_as_an_array_of_a_list_gets_its_batch_axis_in_the_list() -> None:
    msg = (
        "Invalid input shape for input [1. 2. 3.]. Expected shape (None, 3), but input has "
        "incompatible shape (3,)"
    )
    fix = _fixes(SCORER, msg, 7, {3: [_arr("feats", 80, 3)]})[0]
    assert fix.origin == "rule:ops.sample-axis"
    assert "net.predict(numpy.asarray([[1.0, 2.0, 3.0]]))" in fix.new_text
    # a list as long as the model's input but not one sample by the message: nothing
    other = msg.replace("(None, 3)", "(None, 5)")
    assert _fixes(SCORER.replace("(3,)", "(5,)"), other, 7, {3: [_arr("feats", 80, 3)]}) == []


def test_an_int_shape_in_keras_2s_words_is_read_from_the_trace() -> None:
    trace = {3: [_int("N_FEATURES", 16)], 4: [_arr("rows", 200, 16)]}
    fix = _fixes(TABLE, "'int' object is not iterable", 6, trace, kind="TypeError")[0]
    assert "keras.Input(shape=(N_FEATURES,))" in fix.new_text
    # without the int in the message or the trace there is no evidence of what it was
    text = TABLE.replace("shape=N_FEATURES", "shape=width()")
    assert _fixes(text, "'int' object is not iterable", 6, trace, kind="TypeError") == []


LOADER = """import numpy as np
import tensorflow as tf
SOUNDS = np.random.rand(100, 400).astype("float32")
TAGS = np.random.randint(0, 2, (100, 3)).astype("float32")
def load(i):
    return SOUNDS[i], TAGS[i]
def parse(i):
    clip, tag = tf.numpy_function(load, [i], [tf.float32, tf.float32])
    return clip, tag
ds = tf.data.Dataset.range(100).map(parse).batch(10)
net = tf.keras.Sequential([tf.keras.Input((400,)), tf.keras.layers.Dense(3, activation="sigmoid")])
net.compile("adam", "binary_crossentropy")
net.fit(ds, epochs=1)
"""


def test_outputs_of_a_wrapped_function_get_the_shapes_it_returns() -> None:
    msg = "Cannot take the length of shape with unknown rank."
    trace = {3: [_arr("SOUNDS", 100, 400)], 4: [_arr("TAGS", 100, 3)]}
    fix = _fixes(LOADER, msg, 13, trace)[0]
    assert fix.origin == "rule:ops.py-function-shapes" and fix.applicability is SAFE
    lines = fix.new_text.splitlines()
    assert lines[8].strip().startswith("clip.set_shape([400])")
    assert lines[9].strip().startswith("tag.set_shape([3])")
    # what the function returns is not traced: no shapes to set
    assert _fixes(LOADER, msg, 13, {3: [_arr("SOUNDS", 100, 400)]}) == []


RECOMMEND = """import numpy as np
from tensorflow import keras
ratings = np.random.rand(30, 50)
who = np.random.randint(0, 30, 300)
what = np.random.randint(0, 50, 300)
u = keras.Input((1,))
m = keras.Input((1,))
z = keras.layers.Concatenate()([keras.layers.Flatten()(keras.layers.Embedding(30, 4)(u)),
                                keras.layers.Flatten()(keras.layers.Embedding(50, 4)(m))])
net = keras.Model([u, m], keras.layers.Dense(1)(z))
net.compile("adam", "mse")
net.fit([who, what], ratings[who, what], epochs=1)
def score(person, candidates):
    a, b = [], []
    for c in candidates:
        a.append(ratings[person])
        b.append(ratings[:, c])
    return net.predict([np.asarray(a), np.asarray(b)])
score(3, range(10))
"""


def test_table_rows_selected_by_an_id_become_the_id_the_model_was_fitted_on() -> None:
    msg = "expected axis -1 of input shape to have value 8, but received input with shape (10, 80)"
    trace = {
        3: [_arr("ratings", 30, 50, dtype="float64")],
        4: [_arr("who", 300, dtype="int64", min=0, max=29)],
        5: [_arr("what", 300, dtype="int64", min=0, max=49)],
    }
    fix = _fixes(RECOMMEND, msg, 18, trace)[0]
    assert fix.origin == "rule:ops.ids-not-rows" and fix.applicability is UNSAFE
    assert "a.append(person)" in fix.new_text and "b.append(c)" in fix.new_text
    # ids beyond the table's rows do not select its rows: nothing to say
    trace[4] = [_arr("who", 300, dtype="int64", min=0, max=40)]
    fix = _fixes(RECOMMEND, msg, 18, trace)[0]
    assert "a.append(ratings[person])" in fix.new_text and "b.append(c)" in fix.new_text


COLUMN = """import numpy as np
import keras

readings = np.random.rand(150, 12)
target = readings.mean(axis=1)
reg = keras.Sequential()
reg.add(keras.layers.Dense(24, input_dim=12, activation="relu"))
reg.add(keras.layers.Dense(1))
reg.compile(loss="mse")
reg.fit(readings, target, epochs=1)
probe = np.array(list(range(12)), dtype="float32").reshape(12, 1)
print(reg.predict(probe))
"""


def test_one_sample_written_as_a_column_is_reshaped_to_one_row() -> None:
    msg = (
        "Input 0 of layer 'dense' is incompatible with the layer: expected axis -1 of input "
        "shape to have value 12, but received input with shape (12, 1)"
    )
    trace = {4: [_arr("readings", 150, 12)], 11: [_arr("probe", 12, 1)]}
    fixes = _fixes(COLUMN, msg, 12, trace)
    assert fixes and fixes[0].origin == "rule:ops.sample-axis"
    assert "print(reg.predict(probe.reshape(1, 12)))" in fixes[0].new_text
    assert fixes[0].applicability is SAFE
    # the model trained with 12 inputs: its declaration is never changed for predict's data
    assert all("input_dim=1," not in f.new_text for f in fixes)


ONE_UNIT = """import numpy as np
import keras

pics = np.random.rand(40, 16)
onehot = keras.utils.to_categorical(np.random.randint(0, 3, 40), 3)
net = keras.Sequential([
    keras.Input((16,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
net.compile(optimizer="sgd", loss=keras.losses.CategoricalCrossentropy())
net.fit(pics, onehot, epochs=1)
"""
ONE_UNIT_MSG = (
    "Arguments `target` and `output` must have the same shape. Received: "
    "target.shape=(32, 3), output.shape=(32, 1)"
)


def test_a_one_unit_head_under_a_categorical_loss_on_one_hot_labels_is_widened() -> None:
    trace = {4: [_arr("pics", 40, 16)], 5: [_arr("onehot", 40, 3)]}
    fixes = [f for f in _fixes(ONE_UNIT, ONE_UNIT_MSG, 12, trace) if "one-unit" in f.origin]
    (fix,) = fixes
    assert 'keras.layers.Dense(3, activation="softmax"),' in fix.new_text
    assert fix.applicability is SAFE


def test_a_binary_loss_leaves_the_one_unit_head_to_the_loss_rules() -> None:
    text = ONE_UNIT.replace("CategoricalCrossentropy()", "BinaryCrossentropy()")
    trace = {4: [_arr("pics", 40, 16)], 5: [_arr("onehot", 40, 3)]}
    assert not [f for f in _fixes(text, ONE_UNIT_MSG, 12, trace) if "one-unit" in f.origin]


BOXES = """import numpy as np
import keras
from keras import layers

frames = np.random.rand(30, 20, 20, 1).astype("float32")
boxes = np.random.rand(30, 3, 5).astype("float32")
det = keras.Sequential([
    keras.Input((20, 20, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Reshape((3, 5)),
])
det.compile(loss="mse")
det.fit(frames, boxes, epochs=1)
"""


def test_a_reshape_head_to_the_labels_shape_gets_the_values_it_needs() -> None:
    msg = (
        "The total size of the tensor must be unchanged. Received: input_shape=(18, 18, 8), "
        "target_shape=(3, 5)"
    )
    trace = {5: [_arr("frames", 30, 20, 20, 1)], 6: [_arr("boxes", 30, 3, 5)]}
    fixes = [f for f in _fixes(BOXES, msg, 10, trace) if f.origin == "rule:ops.reshape-head"]
    (fix,) = fixes
    assert "    layers.Flatten(), layers.Dense(3 * 5), layers.Reshape((3, 5)),\n" in fix.new_text
    assert fix.applicability is UNSAFE  # a layer added: a choice of architecture
    # labels of another shape: the Reshape is no head of theirs
    other = {5: trace[5], 6: [_arr("boxes", 30, 15)]}
    assert not [f for f in _fixes(BOXES, msg, 10, other) if f.origin == "rule:ops.reshape-head"]
