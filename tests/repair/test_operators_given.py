"""Operators for data or tensors given where Keras wants something else: a list of
per-sample arrays read as many inputs, a Keras layer given its input at construction, a
sequence output where there is one label per sequence, variable-length sequences fed
unbatched.

Each case is a script written here, the message Keras 3 gives for it and the facts the
failing run records (the frame's locals, the value trace); the expected edit is the one
a user would make.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gptfix.model import Applicability, Failure, Fix, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.repair.rules import RULES
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(
    text: str,
    message: str,
    line: int,
    local_vars: dict[str, Any] | None = None,
    trace: dict[int, list[ValueFact]] | None = None,
    rules: Any = OPERATORS,
) -> list[Fix]:
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    failure.facts["locals"] = local_vars or {}
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


def _by(fixes: list[Fix], origin: str) -> list[Fix]:
    return [f for f in fixes if f.origin == f"rule:{origin}"]


ROWS = """import numpy
import keras

readings = [numpy.random.rand(7) for _ in range(90)]
targets = numpy.random.rand(90, 1)
net = keras.Sequential([keras.Input((7,)), keras.layers.Dense(1)])
net.compile("sgd", "mse")
net.fit(x=readings, y=targets, epochs=1)
net.predict(readings)
"""
READINGS = {"type": "list", "len": 90, "repr": "[array([0.51, 0.08, ...]), array([0.7, ...]), ...]"}


def test_a_list_of_per_sample_arrays_read_as_many_inputs_is_stacked_where_it_is_fed() -> None:
    sizes = ", ".join(["7"] * 90)
    msg = f"Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: {sizes}\n'y' sizes: 90"
    (fix,) = _by(_fixes(ROWS, msg, 8, {"readings": READINGS}), "ops.stack-samples")
    assert "net.fit(x=numpy.stack(readings), y=targets, epochs=1)" in fix.new_text
    assert "net.predict(readings)" in fix.new_text  # only the failing call
    assert "import numpy as np" not in fix.new_text  # the script's own spelling
    assert any("list of 90 arrays" in e for e in fix.evidence)


def test_a_list_given_to_predict_is_stacked_when_one_sample_arrived_as_the_input() -> None:
    msg = "Invalid input shape for input Tensor(...). Expected shape (None, 7), but input has incompatible shape (7,)"
    (fix,) = _by(_fixes(ROWS, msg, 9, {"readings": READINGS}), "ops.stack-samples")
    assert fix.new_text.rstrip().endswith("net.predict(numpy.stack(readings))")


def test_a_list_of_arrays_is_left_alone_when_the_message_does_not_count_it() -> None:
    msg = "Data cardinality is ambiguous. 'x' sizes: 90, 90\n'y' sizes: 80"  # two inputs
    assert not _by(_fixes(ROWS, msg, 8, {"readings": READINGS}), "ops.stack-samples")


TOWER = """import tensorflow as tf

def tower(t):
    t = tf.keras.layers.Conv1D(8, 3)(t)
    t = tf.keras.layers.AveragePooling1D(t, padding="same")
    return tf.keras.layers.Flatten()(t)

src = tf.keras.Input((40, 2))
head = tf.keras.layers.Dense(1)(tower(src))
"""


def test_a_keras_layer_given_a_tensor_at_construction_is_constructed_then_called() -> None:
    msg = "A symbolic KerasTensor cannot be used as a boolean."
    local = {"t": {"type": "keras.KerasTensor", "shape": [None, 38, 8]}}
    (fix,) = _by(_fixes(TOWER, msg, 5, local), "ops.keras-layer-called")
    assert 't = tf.keras.layers.AveragePooling1D(padding="same")(t)' in fix.new_text
    assert "[None, 38, 8]" in fix.evidence[0]


def test_a_layer_given_an_array_is_not_rewritten() -> None:
    msg = "The `data_format` argument must be one of {...}. Received: data_format=[[0.1]] Tensor"
    local = {"t": {"type": "numpy.ndarray", "shape": [4, 2]}}
    assert not _by(_fixes(TOWER, msg, 5, local), "ops.keras-layer-called")


TAGGER = """import numpy as np
from tensorflow import keras

clips = np.random.rand(50, 30, 5)
kinds = keras.utils.to_categorical(np.random.randint(0, 4, 50), 4)
clf = keras.Sequential([
    keras.Input((30, 5)),
    keras.layers.GRU(16, return_sequences=True, dropout=0.1),
    keras.layers.TimeDistributed(keras.layers.Dense(4, activation="softmax")),
])
clf.compile("adam", "categorical_crossentropy")
clf.fit(clips, kinds)
"""
RANK = "Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(32, 4), output.shape=(32, 30, 4)"


def test_one_label_per_sequence_makes_the_last_recurrent_layer_return_its_last_state() -> None:
    trace = {4: [ValueFact("clips", "ndarray", [50, 30, 5], "float64")]}
    (fix,) = _by(_fixes(TAGGER, RANK, 12, trace=trace), "ops.last-state")
    assert "keras.layers.GRU(16, dropout=0.1)," in fix.new_text
    assert '    keras.layers.Dense(4, activation="softmax"),\n' in fix.new_text
    assert "TimeDistributed" not in fix.new_text


def test_a_regression_loss_s_incompatible_shapes_say_the_same() -> None:
    # mean squared error on a (32, 30, 4) output against (32, 4) targets, eager smoke run
    text = TAGGER.replace('"categorical_crossentropy"', '"mse"')
    msg = "Incompatible shapes: [32,4] vs. [32,30,4] [Op:Sub] name:"
    trace = {4: [ValueFact("clips", "ndarray", [50, 30, 5], "float64")]}
    (fix,) = _by(_fixes(text, msg, 12, trace=trace), "ops.last-state")
    assert "keras.layers.GRU(16, dropout=0.1)," in fix.new_text
    other = "Incompatible shapes: [16,4] vs. [32,30,4] [Op:Sub] name:"  # not one batch
    assert not _by(_fixes(text, other, 12, trace=trace), "ops.last-state")


def test_an_extra_axis_that_is_not_the_data_s_steps_is_left_alone() -> None:
    trace = {4: [ValueFact("clips", "ndarray", [50, 12, 5], "float64")]}
    assert not _by(_fixes(TAGGER, RANK, 12, trace=trace), "ops.last-state")


PIPE = """import tensorflow as tf

def sentences():
    yield [1, 2, 3], 0

spec = (tf.TensorSpec((None,), tf.int32), tf.TensorSpec((), tf.int32))
stream = tf.data.Dataset.from_generator(sentences, output_signature=spec).shuffle(10)
model = tf.keras.Sequential([tf.keras.layers.Embedding(50, 4), tf.keras.layers.GlobalMaxPooling1D()])
model.fit(stream, epochs=1)
"""


def test_variable_length_elements_fed_unbatched_get_padded_batches() -> None:
    msg = "Input 0 of layer 'global_max_pooling1d' is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (3, 4)"
    spec = "(TensorSpec(shape=(None,), dtype=int32), TensorSpec(shape=(), dtype=int32))"
    local = {"stream": {"type": "tensorflow._ShuffleDataset", "element_spec": spec}}
    only = {"data.unbatched-dataset": RULES["data.unbatched-dataset"]}
    fixes = _fixes(PIPE, msg, 9, local, rules=only)
    (fix,) = _by(fixes, "data.unbatched-dataset")
    assert ".shuffle(10).padded_batch(32)" in fix.new_text
    assert any("varying length" in e for e in fix.evidence)


BATCHED = """import tensorflow as tf

def sentences():
    yield [1, 2, 3], 0

spec = (tf.TensorSpec((None,), tf.int32), tf.TensorSpec((), tf.int32))
stream = tf.data.Dataset.from_generator(sentences, output_signature=spec)
stream = stream.batch(8).prefetch(2)
model = tf.keras.Sequential([tf.keras.layers.Embedding(50, 4), tf.keras.layers.GlobalMaxPooling1D()])
model.fit(stream, epochs=1)
"""


def test_batches_of_elements_of_different_lengths_are_padded() -> None:
    msg = (
        "Graph execution error:\n\nCannot batch tensors with different shapes in component 0. "
        "First element had shape [3] and element 1 had shape [5]."
    )
    only = {"data.ragged-batch": RULES["data.ragged-batch"]}
    (fix,) = _by(_fixes(BATCHED, msg, 10, rules=only), "data.ragged-batch")
    assert "stream = stream.padded_batch(8).prefetch(2)\n" in fix.new_text
    assert "[3] and [5]" in fix.evidence[0]


GATED = """import tensorflow as tf
from tensorflow.keras import layers, Model, Input

a = Input((8,))
b = Input((8,))
gate = tf.multiply(a, tf.sigmoid(b))
head = layers.Dense(1)(gate)
model = Model([a, b], head)
"""
SYMBOLIC = "A KerasTensor cannot be used as input to a TensorFlow function. A KerasTensor is a symbolic placeholder"


def test_a_tensorflow_function_on_two_symbolic_tensors_becomes_a_layer_of_both() -> None:
    local = {
        n: {"type": "keras.src.backend.common.keras_tensor.KerasTensor", "shape": [None, 8]}
        for n in "ab"
    }
    (fix,) = _by(_fixes(GATED, SYMBOLIC, 6, local), "ops.tf-op-in-layer")
    assert "class MultiplyLayer(layers.Layer):\n    def call(self, a, b):\n" in fix.new_text
    assert (
        "        return tf.multiply(a, tf.sigmoid(b))\ngate = MultiplyLayer()(a, b)\n"
        in fix.new_text
    )


def test_a_tensorflow_function_on_arrays_is_left_alone() -> None:
    local = {n: {"type": "numpy.ndarray", "shape": [4, 8]} for n in "ab"}
    assert not _by(_fixes(GATED, SYMBOLIC, 6, local), "ops.tf-op-in-layer")


PAIRS = """import numpy as np
import keras


def pairs(n):
    while True:
        left, right = np.random.rand(n, 5), np.random.rand(n, 2)
        yield [left, right], np.random.rand(n)


a, b = keras.Input((5,)), keras.Input((2,))
siamese = keras.Model([a, b], keras.layers.Dense(1)(keras.layers.Concatenate()([a, b])))
siamese.compile("adam", "mse")
siamese.fit(pairs(16), steps_per_epoch=4, epochs=2)
"""
UNDESCRIBED = "TypeError: `output_signature` must contain objects that are subclass of `tf.TypeSpec` but found <class 'list'> which is not."


def test_a_generator_yielding_its_inputs_as_a_list_yields_a_tuple() -> None:
    (fix,) = _by(_fixes(PAIRS, UNDESCRIBED, 14), "ops.tuple-inputs")
    assert "        yield (left, right), np.random.rand(n)\n" in fix.new_text
    assert "`pairs` (line 5)" in fix.evidence[0]


def test_a_list_given_to_a_function_that_is_not_the_batch_source_is_left_alone() -> None:
    other = PAIRS.replace("siamese.fit(pairs(16)", "siamese.fit(np.random.rand(64, 5)")
    assert not _by(_fixes(other, UNDESCRIBED, 14), "ops.tuple-inputs")


TEXTS = """import numpy as np
import tensorflow as tf

vec = tf.keras.layers.TextVectorization(max_tokens=50)
vec.adapt(["a good film", "a bad film"])
clf = tf.keras.Sequential([vec, tf.keras.layers.Embedding(50, 4), tf.keras.layers.GlobalAveragePooling1D()])
print(clf.predict(["what a film"]))
"""


def test_texts_written_as_a_list_in_place_are_passed_as_an_object_array() -> None:
    msg = "Unrecognized data type: x=['what a film'] (of type <class 'list'>)"
    (fix,) = _by(_fixes(TEXTS, msg, 7), "ops.list-to-array")
    assert 'print(clf.predict(np.array(["what a film"], dtype=object)))' in fix.new_text


TABLE = """import numpy as np
from tensorflow.keras import layers

vocab_size = 5000
table = np.ones((vocab_size + 2, 16))
for k in range(vocab_size):
    table[k] *= k
embed = layers.Embedding(input_dim=vocab_size, output_dim=16, weights=[table], trainable=False)
"""
ROWS_OFF = "Layer embedding weight shape (5000, 16) is not compatible with provided weight shape (5002, 16)."


def test_initial_weights_one_size_off_are_built_at_the_layer_s_declared_size() -> None:
    (fix,) = _by(_fixes(TABLE, ROWS_OFF, 8), "ops.weights-fit-layer")
    assert "table = np.ones((vocab_size, 16))\n" in fix.new_text
    assert "layers.Embedding(input_dim=vocab_size, output_dim=16, weights=[table]" in fix.new_text
    assert fix.applicability is not Applicability.SAFE


def test_initial_weights_of_a_literal_size_are_left_to_the_author() -> None:
    literal = TABLE.replace("np.ones((vocab_size + 2, 16))", "np.ones((5002, 16))")
    assert not _by(_fixes(literal, ROWS_OFF, 8), "ops.weights-fit-layer")


BRANCHES = """import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Add, Dense, Dropout

left = Sequential()
left.add(Dense(8, input_shape=(6,)))
right = Sequential()
right.add(Dense(8, input_shape=(3,)))

joined = Sequential()
joined.add(Add([left, right]))
joined.add(Dropout(0.1))
joined.add(Dense(1))
joined.compile(loss="mse", optimizer="adam")
joined.fit([np.random.rand(20, 6), np.random.rand(20, 3)], np.random.rand(20), epochs=1)
"""


def test_a_merge_layer_given_two_models_in_a_sequential_becomes_a_functional_model() -> None:
    msg = "TypeError: Merge.__init__() takes 1 positional argument but 2 were given"
    (fix,) = _by(_fixes(BRANCHES, msg, 11), "ops.merge-models")
    assert (
        "merged = Add()([left.outputs[0], right.outputs[0]])\n"
        "merged = Dropout(0.1)(merged)\n"
        "merged = Dense(1)(merged)\n"
        "joined = Model([left.inputs[0], right.inputs[0]], merged)\n"
        'joined.compile(loss="mse"'
    ) in fix.new_text
    assert "joined = Sequential()" not in fix.new_text
    assert "from tensorflow.keras.models import Model\n" in fix.new_text


def test_a_merge_layer_given_tensors_is_not_rewritten_here() -> None:
    tensors = BRANCHES.replace("Add([left, right])", "Add()([left.output, right.output])")
    assert not _by(_fixes(tensors, "some other failure", 11), "ops.merge-models")


DENOISER = """import tensorflow as tf
import keras


class Denoiser(keras.Model):
    def __init__(self, net):
        super().__init__()
        self.net = net

    def train_step(self, batch):
        noisy, clean = batch
        with tf.GradientTape() as g:
            out = self.net(noisy)
            loss = tf.reduce_mean(tf.square(out - clean))
        self.optimizer.apply(g.gradient(loss, self.trainable_variables), self.trainable_variables)
        return {"loss": loss}
"""


def test_a_model_with_only_a_train_step_gets_a_test_step_without_the_update() -> None:
    msg = "Exception encountered when calling Denoiser.call(). Model Denoiser does not have a `call()` method implemented."
    (fix,) = _by(_fixes(DENOISER, msg, 17), "ops.test-step")
    assert (
        '        return {"loss": loss}\n\n'
        "    def test_step(self, batch):\n"
        "        noisy, clean = batch\n"
        "        out = self.net(noisy)\n"
        "        loss = tf.reduce_mean(tf.square(out - clean))\n"
        '        return {"loss": loss}\n'
    ) in fix.new_text
    assert fix.new_text.count("optimizer.apply") == 1


SEGMENTER = """import numpy as np
import keras

inp = keras.Input(shape=(None, None, 3))
seg = keras.Model(inp, keras.layers.Conv2D(1, 1, activation="sigmoid")(inp))
photo = np.random.rand(48, 64, 3)
mask = seg.predict(photo)
"""


def test_one_named_image_for_a_model_of_any_size_gets_its_batch_axis() -> None:
    trace = {6: [ValueFact("photo", "ndarray", [48, 64, 3], "float64")]}
    msg = "Invalid input shape for input [[[0.5 0.1 0.2] ...]]"
    (fix,) = _by(_fixes(SEGMENTER, msg, 7, trace=trace), "ops.sample-axis")
    assert "mask = seg.predict(np.expand_dims(photo, axis=0))" in fix.new_text
    batch = {6: [ValueFact("photo", "ndarray", [5, 48, 64, 3], "float64")]}
    assert not _by(_fixes(SEGMENTER, msg, 7, trace=batch), "ops.sample-axis")


SPLITS = """import numpy as np
import keras

X_tr, X_val = np.random.rand(300, 8), np.random.rand(60, 8)
Y_tr, Y_val = np.random.rand(300), np.random.rand(60)
reg = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
reg.compile(loss="mse")
reg.fit(X_val, Y_tr, epochs=2)
"""
MIXED = "Data cardinality is ambiguous. Make sure all arrays contain the same number of samples.'x' sizes: 60\\n'y' sizes: 300"


def test_features_and_labels_of_two_splits_are_fed_from_one() -> None:
    trace = {
        3: [
            ValueFact("X_tr", "ndarray", [300, 8], "float64"),
            ValueFact("X_val", "ndarray", [60, 8], "float64"),
        ],
        4: [
            ValueFact("Y_tr", "ndarray", [300], "float64"),
            ValueFact("Y_val", "ndarray", [60], "float64"),
        ],
    }
    (fix,) = _by(_fixes(SPLITS, MIXED, 8, trace=trace), "ops.same-split")
    assert "reg.fit(X_tr, Y_tr, epochs=2)" in fix.new_text  # fit keeps the training split


def test_names_that_say_no_split_are_left_alone() -> None:
    text = (
        SPLITS.replace("reg.fit(X_val, Y_tr", "reg.fit(features, target")
        .replace("X_tr, X_val =", "features, X_val =")
        .replace("Y_tr, Y_val =", "target, Y_val =")
    )
    assert not _by(_fixes(text, MIXED, 8), "ops.same-split")


COUNTED = """import numpy as np
from keras import layers, models

scans = np.random.rand(40, 16, 16, 1)
net = models.Sequential()
net.add(layers.Conv2D(8, 3, input_shape=(5120, 16, 16, 1)))
net.add(layers.Flatten())
net.add(layers.Dense(1))
net.compile(loss="mse")
net.fit(scans, np.random.rand(40), epochs=1)
"""


def test_an_input_shape_that_counts_the_author_s_samples_loses_that_count() -> None:
    msg = "Kernel shape must have the same length as input, but received kernel of shape (3, 3, 1, 8) and input of shape (None, 5120, 16, 16, 1)."
    trace = {4: [ValueFact("scans", "ndarray", [40, 16, 16, 1], "float64")]}
    (fix,) = _by(_fixes(COUNTED, msg, 6, trace=trace), "ops.batch-axis")
    assert "input_shape=(16, 16, 1)))" in fix.new_text


THROUGH_A_PARAMETER = """import numpy as np
from keras import layers, models


def make(input_shape):
    net = models.Sequential()
    net.add(layers.Dense(16, activation="relu", input_shape=(input_shape)))
    net.add(layers.Dense(1))
    net.compile(loss="mse")
    return net


signals = np.random.rand(50, 12).astype("float32")
input_shape = signals.shape
net = make(input_shape)
net.fit(signals, np.random.rand(50), epochs=1)
"""


def test_a_whole_data_shape_that_reaches_input_shape_through_a_parameter_loses_its_rows() -> None:
    msg = (
        "Exception encountered when calling Sequential.call(). Invalid input shape for input "
        'Tensor("data:0", shape=(None, 12), dtype=float32). Expected shape (None, 50, 12), '
        "but input has incompatible shape (None, 12)"
    )
    trace = {13: [ValueFact("signals", "ndarray", [50, 12], "float32")]}
    (fix,) = _by(_fixes(THROUGH_A_PARAMETER, msg, 16, trace=trace), "ops.batch-axis")
    assert "input_shape=(input_shape[1:])))" in fix.new_text
    assert "input_shape = signals.shape\n" in fix.new_text  # the caller is left as it was


PLANES = """import numpy as np
import keras

tiles = np.random.rand(60, 3, 32, 32)
labels = np.random.randint(0, 2, 60)
inp = keras.Input(shape=(3, 32, 32))
h = keras.layers.Conv2D(8, 5)(inp)
h = keras.layers.Conv2D(8, 5)(h)
net = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(h)))
net.compile(loss="mse")
net.fit(tiles, labels, epochs=1)
"""


def test_channels_first_images_declared_so_move_their_channels_last() -> None:
    msg = "Computed output size would be zero or negative. Received `inputs shape=(None, -1, 28, 8)`, `kernel shape=(5, 5, 8, 8)`"
    trace = {4: [ValueFact("tiles", "ndarray", [60, 3, 32, 32], "float64")]}
    (fix,) = _by(_fixes(PLANES, msg, 8, trace=trace), "ops.channel-axis")
    assert "tiles = np.moveaxis(tiles, 1, -1)" in fix.new_text
    assert "keras.Input(shape=(32, 32, 3))" in fix.new_text


NESTED = """import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Add, Dense

left = Sequential()
left.add(Dense(4, input_shape=(3,)))
right = Sequential()
right.add(Dense(4, input_shape=(5,)))
extra = Sequential()
extra.add(Dense(4, input_shape=(2,)))
pair = Add([left, right])
joined = Add([pair, extra])
joined.compile(optimizer="sgd", loss="mse")
joined.fit([np.ones((8, 3)), np.ones((8, 5)), np.ones((8, 2))], np.ones((8, 4)), epochs=1)
"""


def test_merge_layers_given_models_and_trained_as_one_become_a_functional_model() -> None:
    msg = "AttributeError: 'Add' object has no attribute 'compile'"
    (fix,) = _by(_fixes(NESTED, msg, 13), "ops.merge-models")
    assert "pair = Add()([left.outputs[0], right.outputs[0]])\n" in fix.new_text
    assert (
        "joined = Model([left.inputs[0], right.inputs[0], extra.inputs[0]], "
        "Add()([pair, extra.outputs[0]]))\n"
    ) in fix.new_text
    assert "from tensorflow.keras.models import Model" in fix.new_text
    # a merge nothing trains as a model is left alone
    untrained = NESTED.split("joined.compile")[0] + "print(joined)\n"
    assert not _by(_fixes(untrained, msg, 13), "ops.merge-models")
