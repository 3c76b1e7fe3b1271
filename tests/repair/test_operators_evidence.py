"""Operators for labels, axes, model inputs and layer use: each edits the side the run's
values show to be wrong, and proposes nothing (or only a suggestion) without that evidence.

Each script is written here in its own spelling (modelled on public Stack Overflow /
GitHub threads), with the error message such a run gives and the value trace it records.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.repair.rules import RULES
from gptfix.tracebacks.rootcause import edited_line
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")
SAFE, UNSAFE, SUGGESTION = Applicability.SAFE, Applicability.UNSAFE, Applicability.SUGGESTION


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


def _arr(name: str, *shape: int | None, dtype: str = "float32", **kw: int) -> ValueFact:
    return ValueFact(name, "ndarray", list(shape), dtype, **kw)


def _ids(name: str, n: int, lo: int, hi: int) -> ValueFact:
    return ValueFact(name, "ndarray", [n], "int64", min=lo, max=hi)


GRADES = """import numpy as np
import tensorflow as tf
N_GRADES = 5
feats = np.random.rand(300, 12).astype("float32")
grades = np.random.randint(1, N_GRADES + 1, 300)
val_grades = np.random.randint(1, N_GRADES + 1, 60)
onehot = tf.keras.utils.to_categorical(grades, num_classes=N_GRADES)
val_onehot = tf.keras.utils.to_categorical(val_grades, num_classes=N_GRADES)
"""


def test_labels_counted_from_one_are_shifted_where_they_are_encoded() -> None:
    msg = "index 5 is out of bounds for axis 1 with size 5"
    trace = {5: [_ids("grades", 300, 1, 5)], 6: [_ids("val_grades", 60, 1, 5)]}
    fix = _fixes(GRADES, msg, 7, trace)[0]
    assert fix.origin == "rule:ops.shift-labels" and fix.applicability is SAFE
    assert "to_categorical(grades - 1, num_classes=N_GRADES)" in fix.new_text
    assert "to_categorical(val_grades - 1, num_classes=N_GRADES)" in fix.new_text


def test_a_split_whose_labels_miss_the_top_class_is_shifted_with_the_others() -> None:
    msg = "index 5 is out of bounds for axis 1 with size 5"
    trace = {5: [_ids("grades", 300, 1, 5)], 6: [_ids("val_grades", 60, 1, 4)]}
    fix = _fixes(GRADES, msg, 7, trace)[0]
    assert "to_categorical(grades - 1, num_classes=N_GRADES)" in fix.new_text
    assert "to_categorical(val_grades - 1, num_classes=N_GRADES)" in fix.new_text
    # a split numbered from 0 is not the same numbering: it stays
    trace[6] = [_ids("val_grades", 60, 0, 4)]
    fix = _fixes(GRADES, msg, 7, trace)[0]
    assert "to_categorical(val_grades, num_classes=N_GRADES)" in fix.new_text


def test_labels_from_zero_that_overflow_are_not_shifted() -> None:
    msg = "index 5 is out of bounds for axis 1 with size 5"
    trace = {5: [_ids("grades", 300, 0, 5)]}
    assert not [f for f in _fixes(GRADES, msg, 7, trace) if "grades - 1" in f.new_text]


SPARSE = """import numpy as np
from tensorflow import keras
X = np.random.rand(200, 8)
stars = np.random.randint(1, 6, 200)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(5, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(X, stars, epochs=2)
"""


def test_one_based_labels_of_a_sparse_loss_are_shifted_after_they_are_made() -> None:
    msg = "Received a label value of 5 which is outside the valid range of [0, 5)."
    fix = _fixes(SPARSE, msg, 7, {4: [_ids("stars", 200, 1, 5)]})[0]
    assert fix.new_text.splitlines()[4].startswith("stars = stars - 1")
    assert "Dense(5," in fix.new_text  # the head keeps its five classes


def test_labels_starting_past_one_that_span_the_classes_are_shifted_by_their_minimum() -> None:
    msg = "Received a label value of 7 which is outside the valid range of [0, 5)."
    fix = _fixes(SPARSE, msg, 7, {4: [_ids("stars", 200, 3, 7)]})[0]
    assert fix.new_text.splitlines()[4].startswith("stars = stars - 3")
    # a range that does not fill the head's classes is not an offset: nothing to shift
    gaps = _fixes(SPARSE, msg, 7, {4: [_ids("stars", 200, 4, 7)]})
    assert not [f for f in gaps if f.origin == "rule:ops.shift-labels"]


LETTERS = """import numpy as np
from keras.utils import to_categorical
from keras import layers, models
letters = np.array(list("abcdefghijklmnopqrstuvwxyz") * 4)
x = np.random.rand(104, 16).astype("float32")
labels = np.array([ord(c) for c in letters])
y = to_categorical(labels)
model = models.Sequential([layers.Input((16,)), layers.Dense(26, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
model.fit(x, y, epochs=1)
"""


def test_character_codes_one_hot_wider_than_the_head_are_shifted_where_made() -> None:
    msg = (
        "Arguments `target` and `output` must have the same shape. "
        "Received: target.shape=(None, 123), output.shape=(None, 26)"
    )
    fix = _fixes(LETTERS, msg, 10, {6: [_ids("labels", 104, 97, 122)]})[0]
    assert fix.origin == "rule:ops.shift-labels" and fix.applicability is SAFE
    assert "labels = np.array([ord(c) for c in letters]) - 97\n" in fix.new_text
    assert "Dense(26," in fix.new_text and "to_categorical(labels)\n" in fix.new_text
    # labels from 0 to 122 are 123 real classes: the head is the question, not the labels
    wide = _fixes(LETTERS, msg, 10, {6: [_ids("labels", 104, 0, 122)]})
    assert not [f for f in wide if f.origin == "rule:ops.shift-labels"]


NAMES = """import numpy as np
from tensorflow import keras
X = np.random.rand(90, 4).astype("float32")
kinds = np.random.choice(["cat", "dog", "fox"], 90)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, kinds, epochs=1)
"""


def test_class_names_used_as_labels_become_ids() -> None:
    msg = "Cast string to float is not supported"
    trace = {4: [_arr("kinds", 90, dtype="str96")]}
    fix = _fixes(NAMES, msg, 7, trace, kind="UnimplementedError")[0]
    assert "model.fit(X, np.unique(kinds, return_inverse=True)[1], epochs=1)" in fix.new_text
    categorical = NAMES.replace("sparse_categorical_crossentropy", "categorical_crossentropy")
    assert _fixes(categorical, msg, 7, trace, kind="UnimplementedError") == []


BREEDS = """import numpy as np
from tensorflow import keras
breeds = ["husky", "pug", "corgi", "beagle"]
codes = np.random.randint(0, len(breeds), 120)
targets = keras.utils.to_categorical(codes, num_classes=len(breeds))
feats = np.random.rand(120, 10)
inp = keras.Input(shape=(10,))
hidden = keras.layers.Dense(32, activation="relu")(inp)
out = keras.layers.Dense(3, activation="softmax")(hidden)
net = keras.Model(inp, out)
net.compile(optimizer="adam", loss="categorical_crossentropy")
net.fit(feats, targets, epochs=2)
"""


def test_a_literal_head_takes_the_width_the_labels_were_encoded_with() -> None:
    msg = "Shapes (None, 4) and (None, 3) are incompatible"
    fix = _fixes(BREEDS, msg, 12, {5: [_arr("targets", 120, 4)]})[0]
    assert "keras.layers.Dense(len(breeds), activation=" in fix.new_text
    assert fix.applicability is SAFE and fix.origin == "rule:ops.head-width"
    # labels encoded with a literal count: which literal is wrong is not known
    literal = BREEDS.replace("num_classes=len(breeds)", "num_classes=4")
    (hint,) = _fixes(literal, msg, 12, {5: [_arr("targets", 120, 4)]})
    assert hint.applicability is SUGGESTION
    # the labels' width disagrees with what the run saw: no evidence, no fix
    assert _fixes(BREEDS, msg, 12, {5: [_arr("targets", 120, 5)]}) == []


FRAMES = """import numpy as np
from tensorflow import keras
clips = np.random.rand(40, 32, 32, 3)
speed = np.random.rand(40)
net = keras.Sequential()
net.add(keras.layers.Conv2D(8, 3, input_shape=clips.shape))
net.add(keras.layers.Flatten())
net.add(keras.layers.Dense(1))
net.compile("adam", "mse")
net.fit(clips, speed)
"""


def test_an_input_shape_with_the_batch_axis_drops_it() -> None:
    msg = (
        "Kernel shape must have the same length as input, but received kernel of shape "
        "(3, 3, 3, 8) and input of shape (None, 40, 32, 32, 3)."
    )
    fix = _fixes(FRAMES, msg, 6, {3: [_arr("clips", 40, 32, 32, 3)]})[0]
    assert "input_shape=clips.shape[1:]" in fix.new_text and fix.applicability is SAFE
    literal = FRAMES.replace("input_shape=clips.shape", "input_shape=(1, 32, 32, 3)")
    msg1 = msg.replace("(None, 40,", "(None, 1,")
    fix = _fixes(literal, msg1, 6, {3: [_arr("clips", 40, 32, 32, 3)]})[0]
    assert "input_shape=(32, 32, 3)" in fix.new_text


DIGITS = """import numpy as np
from tensorflow import keras
digits = np.random.rand(50, 8, 8)
clf = keras.Sequential([keras.Input(shape=(8, 8)), keras.layers.Flatten(), keras.layers.Dense(10)])
probs = clf.predict(digits[3])
"""


def test_one_sample_given_to_predict_gets_its_batch_axis() -> None:
    fix = _fixes(
        DIGITS, "Invalid input shape for input [[0.1 0.2]]", 5, {3: [_arr("digits", 50, 8, 8)]}
    )[0]
    assert "clf.predict(np.expand_dims(digits[3], axis=0))" in fix.new_text
    # a sample whose shape is not the declared input's is not this case
    assert _fixes(DIGITS, "Invalid input shape", 5, {3: [_arr("digits", 50, 8, 9)]}) == []


TRIPS = """import numpy as np
from tensorflow.keras import layers
age = np.random.rand(256).astype("float32")
coords = np.random.rand(256, 2).astype("float32")
table = layers.Concatenate()([coords, age])
"""


def test_a_one_dimensional_tensor_gets_its_axis_before_concatenation() -> None:
    msg = (
        "A `Concatenate` layer requires inputs with matching shapes except for the "
        "concatenation axis. Received: input_shape=[(256, 2), (256,)]"
    )
    fix = _fixes(TRIPS, msg, 5)[0]
    assert "layers.Concatenate()([coords, age[..., None]])" in fix.new_text


SERIES = """import numpy as np
from tensorflow import keras
readings = np.random.rand(40, 6, 30).astype("float32")
risk = np.random.rand(40, 30, 1).astype("float32")
m = keras.Sequential([keras.Input(shape=(None, 6)), keras.layers.Dense(4), keras.layers.Dense(1)])
m.compile("adam", "mse")
m.fit(readings, risk)
"""


def test_features_not_last_are_swapped_when_the_labels_agree() -> None:
    msg = "expected axis -1 of input shape to have value 6, but received input with shape (None, 6, 30)"
    trace = {3: [_arr("readings", 40, 6, 30)], 4: [_arr("risk", 40, 30, 1)]}
    fix = _fixes(SERIES, msg, 7, trace)[0]
    assert (
        fix.new_text.splitlines()[3] == "readings = np.swapaxes(readings, 1, -1)  # features last"
    )
    assert fix.applicability is SAFE
    trace[4] = [_arr("risk", 40, 1)]  # labels that say nothing about the layout
    (only,) = [f for f in _fixes(SERIES, msg, 7, trace) if f.origin == "rule:ops.swap-axes"]
    assert only.applicability is SUGGESTION


SUBCLASS = """import numpy as np
import tensorflow as tf
scans = np.random.rand(64, 32, 32).astype("float32")
held = np.random.rand(16, 32, 32).astype("float32")
labels = np.random.randint(0, 3, 64)
held_labels = np.random.randint(0, 3, 16)

class Net(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.conv = tf.keras.layers.Conv2D(4, 3)
        self.out = tf.keras.layers.Dense(3)

    def call(self, inputs):
        h = self.conv(inputs)
        return self.out(tf.reduce_mean(h, axis=[1, 2]))

net = Net()
net.compile("adam", "sparse_categorical_crossentropy")
net.fit(scans, labels, validation_data=(held, held_labels))
"""


def test_data_fed_to_an_undeclared_model_gets_the_axis_the_layer_needs() -> None:
    msg = "expected min_ndim=4, found ndim=3. Full shape received: (32, 32, 32)"
    trace = {3: [_arr("scans", 64, 32, 32)], 4: [_arr("held", 16, 32, 32)]}
    fix = _fixes(SUBCLASS, msg, 15, trace)[0]
    lines = fix.new_text.splitlines()
    assert lines[3] == "scans = scans[..., None]  # gptfix: the last axis"
    assert lines[5] == "held = held[..., None]  # gptfix: the last axis"
    assert fix.applicability is SAFE


TABLE = """import numpy as np
from tensorflow.keras import Sequential
from tensorflow.keras.layers import GRU, Dense
rows = np.random.rand(80, 12)
out = np.random.rand(80, 1)
seq = Sequential()
seq.add(GRU(16, input_dim=12))
seq.add(Dense(1))
seq.compile("adam", "mse")
seq.fit(rows, out)
"""


def test_a_table_fed_to_a_recurrent_layer_gets_a_feature_axis_on_both_sides() -> None:
    msg = "expected ndim=3, found ndim=2. Full shape received: (None, 12)"
    fix = _fixes(TABLE, msg, 7, {4: [_arr("rows", 80, 12)]})[0]
    assert "seq.add(GRU(16, input_shape=(12, 1)))" in fix.new_text
    assert "rows = rows[..., None]" in fix.new_text
    assert fix.applicability is UNSAFE  # steps x 1 feature is one reading of the table


TWO = """import numpy as np
from tensorflow import keras
words = keras.Input(shape=(10,))
meta = keras.Input(shape=(5,))
joined = keras.layers.concatenate([keras.layers.Dense(8)(words), meta])
model = keras.Model(inputs=[words, meta], outputs=keras.layers.Dense(1)(joined))
text_x = np.random.rand(64, 10)
meta_x = np.random.rand(64, 5)
target = np.random.rand(64, 1)
model.compile("adam", "mse")
model.fit(meta_x, target)
"""


def test_a_two_input_model_fitted_with_one_array_gets_one_array_per_input() -> None:
    msg = "Layer 'functional' expects 2 input(s), but it received 1 input tensors."
    trace = {7: [_arr("text_x", 64, 10)], 8: [_arr("meta_x", 64, 5)], 9: [_arr("target", 64, 1)]}
    fix = _fixes(TWO, msg, 11, trace)[0]
    assert "model.fit([text_x, meta_x], target)" in fix.new_text and fix.applicability is SAFE
    del trace[7]  # no array of the run fits the other input
    assert _fixes(TWO, msg, 11, trace) == []


LOOP = """from tensorflow.keras import layers, Model
def tower(inp, widths=(8, 16)):
    h = inp
    for w in widths:
        h = layers.Conv2D(w, 3, padding="same")(h)
        h = layers.MaxPooling2D()(h)
        h = layers.GlobalAveragePooling2D()(h)
        h = layers.Dense(4)(h)
    return Model(inp, h)
"""


def test_a_head_inside_a_loop_of_blocks_moves_after_the_loop() -> None:
    msg = "Input 0 of layer 'conv2d_1' is incompatible: expected min_ndim=4, found ndim=2."
    fix = _fixes(LOOP, msg, 5)[0]
    assert (
        "\n        h = layers.MaxPooling2D()(h)\n    h = layers.GlobalAveragePooling2D()(h)\n"
        in (fix.new_text)
    )
    assert "\n    h = layers.Dense(4)(h)\n    return Model(inp, h)" in fix.new_text


CUSTOM = """from tensorflow import keras
class Scale(keras.layers.Layer):
    def __init__(self, units, **kw):
        super().__init__(**kw)
        self.units = units
inp = keras.Input((20,))
h = keras.layers.Dense(24)(inp)
s = Scale(h)
out = keras.layers.Dense(2)(s)
"""


def test_a_layer_class_given_its_input_is_constructed_then_called() -> None:
    msg = "Only input tensors may be passed as positional arguments."
    fix = _fixes(CUSTOM, msg, 9, {7: [ValueFact("h", "KerasTensor", [None, 24], "float32")]})[0]
    assert "s = Scale(24)(h)" in fix.new_text and fix.applicability is UNSAFE
    assert _fixes(CUSTOM, msg, 9) == []  # h never seen as a tensor


GRAPH = """import tensorflow as tf
class Pos(tf.keras.layers.Layer):
    def call(self, x):
        steps = tf.range(tf.shape(x)[1])
        scale = tf.ones_like(x[0, :, 0])
        return x + (scale * steps)[None, :, None]
"""


def test_graph_mode_dtype_clash_casts_the_integer_side() -> None:
    msg = "Input 'y' of 'Mul' Op has type int32 that does not match type float32 of argument 'x'."
    rules = {k: v for k, v in RULES.items() if k == "dtype.cast"}
    (fix,) = _fixes(GRAPH, msg, 6, rules=rules, kind="TypeError")
    assert "(scale * tf.cast(steps, tf.float32))" in fix.new_text


def test_the_round_names_the_statement_a_fix_amends() -> None:
    old = "import numpy as np\nX = make()\n# fit\nmodel.fit(X)\n"
    added = "import numpy as np\nX = make()\nX = X[..., None]\n# fit\nmodel.fit(X)\n"
    assert edited_line(old, added) == 2  # the statement that made X
    layer = "import numpy as np\nfrom k import Flatten\nX = make()\n# fit\nmodel.fit(X)\n"
    assert edited_line(old, layer) is None  # an import is no root cause
    inserted = "import numpy as np\nX = make()\n# fit\nmodel.add(Flatten())\nmodel.fit(X)\n"
    assert edited_line(old, inserted) == 4  # an inserted layer precedes what it feeds


COUNTS = """import numpy as np
from tensorflow import keras
survey = np.random.rand(500, 14)
churn = np.random.randint(0, 2, 500)
net = keras.Sequential()
net.add(keras.layers.Dense(32, input_dim=survey.shape[0], activation="relu"))
net.add(keras.layers.Dense(1, activation="sigmoid"))
net.compile("adam", "binary_crossentropy")
net.fit(survey, churn)
"""


def test_an_input_size_that_counts_the_samples_counts_the_features() -> None:
    msg = "expected axis -1 of input shape to have value 500, but received input with shape (None, 14)"
    fix = _fixes(COUNTS, msg, 9, {3: [_arr("survey", 500, 14)]})[0]
    assert "input_dim=survey.shape[-1]" in fix.new_text and fix.applicability is SAFE
    literal = COUNTS.replace("input_dim=survey.shape[0]", "input_dim=500")
    assert "input_dim=14" in _fixes(literal, msg, 9, {3: [_arr("survey", 500, 14)]})[0].new_text
    other = COUNTS.replace("input_dim=survey.shape[0]", "input_dim=40")
    assert not [
        f
        for f in _fixes(other, msg, 9, {3: [_arr("survey", 500, 14)]})
        if f.origin == "rule:ops.feature-count"
    ]


def test_one_sample_written_as_a_list_becomes_a_batch_of_one() -> None:
    text = """import numpy as np
from tensorflow import keras
clf = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(3)])
print(clf.predict([5.1, 3.5, 1.4, 0.2]))
"""
    fix = _fixes(text, "Invalid input shape for input [5.1 3.5 1.4 0.2]", 4)[0]
    assert "clf.predict(np.array([[5.1, 3.5, 1.4, 0.2]]))" in fix.new_text
    three = text.replace("[5.1, 3.5, 1.4, 0.2]", "[5.1, 3.5, 1.4]")
    assert _fixes(three, "Invalid input shape", 4) == []  # not the declared input's length


def test_a_keras1_positional_kernel_becomes_a_tuple_when_the_maps_shrink_to_nothing() -> None:
    text = """from keras.models import Sequential
from keras.layers import Conv2D, Flatten, Dense
m = Sequential()
m.add(Conv2D(32, 3, 3, activation="relu", input_shape=(28, 28, 1)))
m.add(Conv2D(64, 3, 3, activation="relu"))
m.add(Conv2D(64, 3, 3))
m.add(Flatten())
m.add(Dense(10))
"""
    msg = "Computed output size would be zero or negative: input_shape=(None, 3, 3, 64)"
    fix = _fixes(text, msg, 6)[0]
    assert "Conv2D(32, (3, 3), activation=" in fix.new_text
    assert "m.add(Conv2D(64, (3, 3)))" in fix.new_text and fix.applicability is UNSAFE
    assert _fixes(text, "expected ndim=4, found ndim=3", 6) == []  # no shrinking: no claim


RATINGS = """import numpy as np
from tensorflow.keras import layers, Model
n_shops, n_items = 12, 20
shop = np.random.randint(1, n_shops + 1, 900)
item = np.random.randint(1, n_items + 1, 900)
score = np.random.rand(900)
s_in, i_in = layers.Input((1,)), layers.Input((1,))
s_vec = layers.Flatten()(layers.Embedding(n_shops, 4)(s_in))
i_vec = layers.Flatten()(layers.Embedding(n_items, 4)(i_in))
model = Model([s_in, i_in], layers.Dot(axes=1)([s_vec, i_vec]))
model.compile("adam", "mse")
model.fit([shop, item], score)
"""


def test_every_embedding_whose_ids_reach_its_size_is_sized_in_one_edit() -> None:
    msg = "indices[7,0] = 12 is not in [0, 12) [Op:GatherV2]"
    trace = {
        3: [ValueFact("n_shops", "int", value=12), ValueFact("n_items", "int", value=20)],
        4: [_ids("shop", 900, 1, 12)],
        5: [_ids("item", 900, 1, 20)],
    }
    fix = _fixes(RATINGS, msg, 12, trace, kind="InvalidArgumentError")[0]
    assert "Embedding(n_shops + 1, 4)" in fix.new_text
    assert "Embedding(n_items + 1, 4)" in fix.new_text  # it would fail on the next batch


VOCAB = """import numpy as np
from tensorflow import keras
words = [f"w{i}" for i in range(300)]
vocab_size = len(words)
x = np.random.randint(1, 301, (64, 10))
y = np.random.randint(1, 301, 64)
model = keras.Sequential([
    keras.layers.Embedding(vocab_size, 16),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(vocab_size, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(x, y)
"""


def test_a_vocabulary_size_read_only_by_layers_grows_where_it_is_computed() -> None:
    msg = "indices[3,1] = 300 is not in [0, 300) [Op:GatherV2]"
    trace = {4: [ValueFact("vocab_size", "int", value=300)], 5: [_ids("x", 64, 1, 300)]}
    fix = _fixes(VOCAB, msg, 13, trace, kind="InvalidArgumentError")[0]
    # the Embedding and the head over the same ids both take the one more row
    assert "vocab_size = len(words) + 1\n" in fix.new_text
    assert "Embedding(vocab_size, 16)" in fix.new_text
    # where the ids are made from the count, the count stays and the layer grows
    made = VOCAB.replace(
        "np.random.randint(1, 301, (64, 10))", "np.random.randint(1, vocab_size + 1, (64, 10))"
    )
    fix = _fixes(made, msg, 13, trace, kind="InvalidArgumentError")[0]
    assert "vocab_size = len(words)\n" in fix.new_text
    assert "Embedding(vocab_size + 1, 16)" in fix.new_text
