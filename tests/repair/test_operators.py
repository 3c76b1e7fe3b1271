"""Generate-and-validate operators: candidates at the provenance sites, only on evidence.

Each case is a script written here (modelled on public Stack Overflow / GitHub threads),
the error message the run gives and the value trace such a run records; the expected
edit is the repair those threads accepted.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, message: str, line: int, trace: dict[int, list[ValueFact]] | None = None):
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)


def _arr(name: str, *shape: int, **kw: int) -> ValueFact:
    return ValueFact(name, "ndarray", list(shape), "float32", **kw)


SPLIT = """import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras
X = np.random.rand(100, 4)
y = np.random.rand(100)
X_train, y_train, X_test, y_test = train_test_split(X, y, test_size=0.2)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.fit(X_train, y_train)
"""


def test_split_results_are_unpacked_in_the_order_train_test_split_returns() -> None:
    (fix,) = _fixes(SPLIT, "Data cardinality is ambiguous", 8)
    assert "X_train, X_test, y_train, y_test = train_test_split(X, y" in fix.new_text
    assert fix.applicability is Applicability.SAFE and fix.evidence


def test_the_right_order_is_left_alone() -> None:
    text = SPLIT.replace("X_train, y_train, X_test, y_test", "X_train, X_test, y_train, y_test")
    assert _fixes(text, "Data cardinality is ambiguous", 8) == []


GRID = """import numpy as np
from tensorflow import keras
grids = [np.random.rand(21, 21) for _ in range(300)]
x_train = np.array(grids)
y_train = np.random.rand(300)
model = keras.Sequential([keras.layers.Conv2D(8, 3, input_shape=(21, 21, 1)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.fit(x_train, y_train)
"""


def test_data_missing_the_declared_channel_gets_it_where_it_is_made() -> None:
    msg = "Input 0 of layer 'conv2d' is incompatible with the layer: expected ndim=4, found ndim=3"
    (fix,) = _fixes(GRID, msg, 7, {4: [_arr("x_train", 300, 21, 21)]})
    lines = fix.new_text.splitlines()
    assert lines[4].startswith("x_train = x_train[..., None]")  # right after line 4
    assert "input_shape=(21, 21, 1)" in fix.new_text  # the model is not bent to the data


def test_no_axis_without_the_run_s_shapes_or_when_dimensions_disagree() -> None:
    msg = "expected ndim=4, found ndim=3"
    assert _fixes(GRID, msg, 7) == []  # no trace: no evidence which side is wrong
    assert _fixes(GRID, msg, 7, {4: [_arr("x_train", 300, 20, 21)]}) == []


def test_channels_first_declaration_moves_the_channel_last_and_the_data_gets_it() -> None:
    text = GRID.replace("input_shape=(21, 21, 1)", "input_shape=(1, 21, 21)")
    (fix,) = _fixes(text, "expected ndim=4, found ndim=3", 7, {4: [_arr("x_train", 300, 21, 21)]})
    assert "input_shape=(21, 21, 1)" in fix.new_text
    assert "x_train = x_train[..., None]" in fix.new_text


STACKED = """import numpy as np
from tensorflow.keras.layers import LSTM, Dense, Dropout, Input
from tensorflow.keras.models import Model
X = np.random.rand(64, 10, 8)
inputs = Input(shape=(10, 8))
x1 = LSTM(50, dropout=0.3)(inputs)
x1 = Dropout(0.2)(x1)
x2 = LSTM(50)(x1)
model = Model(inputs, Dense(1)(x2))
"""


def test_a_recurrent_layer_feeding_another_returns_its_sequence() -> None:
    msg = "Input 0 of layer 'lstm_1' is incompatible with the layer: expected ndim=3, found ndim=2"
    (fix,) = _fixes(STACKED, msg, 8, {4: [_arr("X", 64, 10, 8)]})
    assert "x1 = LSTM(50, dropout=0.3, return_sequences=True)(inputs)" in fix.new_text
    assert "x2 = LSTM(50)(x1)" in fix.new_text  # the last one still returns its last state


EMBED = """import numpy as np
from tensorflow.keras.layers import Embedding, Input, Flatten, Dense
from tensorflow.keras.models import Model
word_index = {str(i): i + 1 for i in range(1640)}
vocab_size = len(word_index)
ids = np.random.randint(1, vocab_size + 1, (50, 5))
inp = Input((5,))
h = Embedding(vocab_size, 8)(inp)
model = Model(inp, Dense(vocab_size, activation="softmax")(Flatten()(h)))
"""


def test_a_size_one_short_of_the_largest_id_gets_one_more_where_it_is_made() -> None:
    msg = "indices[3,1] = 1640 is not in [0, 1640)"
    trace = {5: [ValueFact("vocab_size", "int", value=1640)]}
    own_ids = EMBED.replace("np.random.randint(1, vocab_size + 1,", "np.random.randint(1, 1641,")
    (fix,) = _fixes(own_ids, msg, 9, trace)
    assert "vocab_size = len(word_index) + 1" in fix.new_text
    assert "Embedding(vocab_size, 8)" in fix.new_text  # one edit at the source sizes both


def test_a_size_the_ids_are_drawn_from_grows_at_the_layer_not_at_its_source() -> None:
    # the ids are made from vocab_size too: one more at the source makes larger ids as well
    msg = "indices[3,1] = 1640 is not in [0, 1640)"
    trace = {5: [ValueFact("vocab_size", "int", value=1640)]}
    (fix,) = _fixes(EMBED, msg, 9, trace)
    assert "vocab_size = len(word_index)\n" in fix.new_text
    assert "Embedding(vocab_size + 1, 8)" in fix.new_text


def test_a_literal_head_gets_the_binding_that_holds_the_range() -> None:
    text = EMBED.replace(
        'Dense(vocab_size, activation="softmax")', 'Dense(256, activation="softmax")'
    )
    msg = "Received a label value of 1500 which is outside the valid range of [0, 256)"
    trace = {5: [ValueFact("vocab_size", "int", value=1640)]}
    fixes = _fixes(text, msg, 9, trace)
    assert any('Dense(vocab_size, activation="softmax")' in f.new_text for f in fixes)


SHADOW = """import numpy as np
import tensorflow as tf
x = np.random.rand(500, 20).astype("float32")
y = np.random.randint(0, 2, size=(500, 1))
inputs = tf.keras.Input(shape=(20,))
x = tf.keras.layers.Dense(64)(inputs)
outputs = tf.keras.layers.Dense(1)(x)
model = tf.keras.Model(inputs=inputs, outputs=outputs)
model.fit(x, y, validation_split=0.2)
"""


def test_training_array_rebound_to_model_tensors_gets_its_own_name() -> None:
    msg = "Argument `validation_split` is only supported for tensors or NumPy arrays. Found incompatible type in the input: KerasTensor"
    fixes = [f for f in _fixes(SHADOW, msg, 9) if "shadowed" in f.origin]
    (fix,) = fixes
    assert 'x_train = np.random.rand(500, 20).astype("float32")' in fix.new_text
    assert "model.fit(x_train, y, validation_split=0.2)" in fix.new_text
    assert "x = tf.keras.layers.Dense(64)(inputs)" in fix.new_text


RESHAPE = """import numpy as np
from keras.layers import Conv2D, Dense, Flatten, Reshape
from keras.models import Sequential
X = np.random.rand(240, 2679).astype("float32")
model = Sequential()
model.add(Reshape((57, 47), input_shape=(2679,)))
model.add(Conv2D(10, (5, 5), padding="same"))
model.add(Flatten())
model.add(Dense(40))
"""


def test_a_reshape_target_gets_the_channel_the_next_convolution_needs() -> None:
    msg = "Input 0 of layer 'conv2d' is incompatible with the layer: expected ndim=4, found ndim=3"
    (fix,) = _fixes(RESHAPE, msg, 7)
    assert "model.add(Reshape((57, 47, 1), input_shape=(2679,)))" in fix.new_text


def test_closest_spelling_is_never_another_word() -> None:
    from gptfix.repair.rules.api_attrs import is_typo

    assert not is_typo("assign", "sign")  # tf.assign is not tf.sign
    assert not is_typo("reduce_sum", "reduce_mean")
    assert is_typo("predict_clases", "predict_classes")
    assert is_typo("Sequental", "Sequential")


RATINGS = """import numpy as np
from keras.layers import Dot, Embedding, Flatten, Input
from keras.models import Model
n_users, n_books = 500, 800
user_id = np.random.randint(1, n_users + 1, 5000)
book_id = np.random.randint(1, n_books + 1, 5000)
book_input = Input(shape=[1])
book_vec = Flatten()(Embedding(n_books, 5)(book_input))
user_input = Input(shape=[1])
user_vec = Flatten()(Embedding(n_users, 5)(user_input))
model = Model([user_input, book_input], Dot(axes=1)([book_vec, user_vec]))
model.fit([user_id, book_id], np.ones(5000))
"""


def test_ids_as_large_as_their_embedding_are_a_failure_before_the_full_run_hits_it() -> None:
    from gptfix.repair.latent import latent_failure

    ints = lambda n, top: ValueFact(n, "ndarray", [5000], "int64", min=1, max=top)  # noqa: E731
    trace = ValueTrace(
        {
            str(PATH): {
                4: [ValueFact("n_users", "int", value=500), ValueFact("n_books", "int", value=800)],
                5: [ints("user_id", 500)],
                6: [ints("book_id", 800)],
            }
        }
    )
    script = Script(PATH, RATINGS)
    failure = latent_failure(script, trace)
    assert failure is not None and failure.location is not None
    assert failure.location.line == 8  # the first Embedding whose ids reach its size
    (fix,) = candidate_fixes(script, failure, rules=OPERATORS)
    assert "Embedding(n_books + 1, 5)" in fix.new_text
    assert "Embedding(n_users + 1, 5)" in fix.new_text
    trace.lines[str(PATH)][5] = [ints("user_id", 499)]
    trace.lines[str(PATH)][6] = [ints("book_id", 799)]
    assert latent_failure(script, trace) is None  # ids 0-based: nothing to predict


DATASET = """import numpy as np
import tensorflow as tf
images = np.random.rand(640, 32, 32, 3).astype("float32")
labels = np.random.randint(0, 5, 640)
dataset = tf.data.Dataset.from_tensor_slices((images, labels))
dataset = dataset.shuffle(640, seed=7).batch(32)
model = tf.keras.Sequential([tf.keras.layers.Flatten(), tf.keras.layers.Dense(5)])
history = model.fit(dataset, epochs=2, validation_split=0.2)
"""


def test_validation_split_with_a_dataset_holds_out_fixed_batches() -> None:
    msg = "Argument `validation_split` is only supported for tensors or NumPy arrays. Found incompatible type in the input: _BatchDataset"
    (fix,) = _fixes(DATASET, msg, 8)
    assert (
        "model.fit(dataset.skip(val_batches), epochs=2, validation_data=dataset.take(val_batches))"
        in fix.new_text
    )
    assert "shuffle(640, seed=7, reshuffle_each_iteration=False)" in fix.new_text
    assert fix.applicability is Applicability.UNSAFE


def test_the_script_s_own_validation_dataset_is_used_when_there_is_one() -> None:
    text = DATASET.replace("model = tf", "val_ds = dataset.take(2)\nmodel = tf")
    msg = "Argument `validation_split` is only supported for tensors or NumPy arrays."
    (fix,) = _fixes(text, msg, 9)
    assert "model.fit(dataset, epochs=2, validation_data=val_ds)" in fix.new_text


CONV1D = """import numpy as np
from tensorflow.keras.layers import Conv1D, Dense, Flatten, Input
from tensorflow.keras.models import Model
series = np.random.rand(2000).astype("float32")
windows = np.stack([series[i:i + 30] for i in range(1500)])
y_train = series[30:1530]
series_input = Input(shape=(windows.shape[1],))
x = Conv1D(32, 5)(series_input)
model = Model(series_input, Dense(1)(Flatten()(x)))
model.fit(windows, y_train)
"""


def test_windows_fed_to_conv1d_get_a_feature_axis_on_both_sides() -> None:
    msg = "Input 0 of layer 'conv1d' is incompatible with the layer: expected min_ndim=3, found ndim=2"
    (fix,) = _fixes(CONV1D, msg, 8, {5: [_arr("windows", 1500, 30)]})
    assert "windows = windows[..., None]" in fix.new_text.splitlines()[5]
    assert "Input(shape=(windows.shape[1], 1))" in fix.new_text


def test_global_pooling_that_would_leave_one_feature_is_only_a_suggestion() -> None:
    from gptfix.repair.rules import RULES

    text = (
        "from keras import layers, models\n"
        "model = models.Sequential([layers.Input((30, 4)), layers.Conv1D(1, 3), layers.Dense(9)])\n"
        "model.fit(x, y)\n"
    )
    failure = Failure(
        "ValueError",
        "Arguments `target` and `output` must have the same rank (ndim). Received: "
        "target.shape=(None, 9), output.shape=(None, 28, 9)",
        location=Location(str(PATH), 3, 1),
    )
    rules = {k: v for k, v in RULES.items() if k == "shape.missing-flatten"}
    fixes = candidate_fixes(Script(PATH, text), failure, rules=rules)
    assert "Flatten()" in fixes[0].new_text and fixes[0].applicability is Applicability.SAFE
    pooled = [f for f in fixes if "GlobalAveragePooling1D" in f.new_text]
    assert all(f.applicability is Applicability.SUGGESTION for f in pooled)


def test_one_sample_without_batch_and_channel_axes_gets_both() -> None:
    text = GRID.replace("x_train = np.array(grids)", "x_train = np.random.rand(21, 21)")
    msg = "Input 0 of layer 'conv2d' is incompatible with the layer: expected ndim=4, found ndim=2"
    (fix,) = _fixes(text, msg, 7, {4: [_arr("x_train", 21, 21)]})
    assert fix.new_text.splitlines()[4].startswith("x_train = x_train[None, ..., None]")


CALLBACK = """import numpy as np
from tensorflow import keras

class Score(keras.callbacks.Callback):
    def __init__(self, x_val, y_val):
        super().__init__()
        self.x_val = x_val
        self.y_val = y_val

    def on_epoch_end(self, epoch, logs=None):
        pred = self.model.predict(self.x_val)
        print(np.mean(np.argmax(pred, -1) == y_valid))
"""


def test_a_name_a_method_reads_that_its_class_keeps_on_self() -> None:
    failure = Failure(
        "NameError", "name 'y_valid' is not defined", location=Location(str(PATH), 12, 1)
    )
    (fix,) = candidate_fixes(Script(PATH, CALLBACK), failure, rules=OPERATORS)
    assert "== self.y_val))" in fix.new_text


def test_one_sample_read_as_rows_by_fit_gets_its_batch_axis() -> None:
    text = GRID.replace("x_train = np.array(grids)", "x_train = np.random.rand(21, 21)")
    msg = "Data cardinality is ambiguous. 'x' sizes: 21 'y' sizes: 1"
    (fix,) = _fixes(text, msg, 7, {4: [_arr("x_train", 21, 21)]})
    assert "x_train = x_train[None, ..., None]" in fix.new_text
    others = _fixes(SPLIT, msg, 8, {6: [_arr("X_train", 80, 4)]})
    assert [f.origin for f in others] == ["rule:ops.unpack-order"]  # rows, not one sample


DERIVED = """import numpy as np
import tensorflow as tf
X = np.random.random(200)
sign = (-np.ones((200,))) ** np.random.randint(2, size=200)
Y = np.sqrt(X) * sign
print(X.shape, len(X))
model = tf.keras.Sequential([tf.keras.layers.Dense(10), tf.keras.layers.Dense(1)])
model.compile(loss="mse")
model.fit(X, Y)
"""


def test_an_axis_added_to_data_leaves_the_values_computed_from_it_as_they_were() -> None:
    # an axis right after `X = ...` would make `Y = np.sqrt(X) * sign` broadcast to (200, 200)
    msg = (
        "Input 0 with name 'None' of layer 'dense' is incompatible with the layer: "
        "expected min_ndim=2, found ndim=1. Full shape received: (5,)"
    )
    fixes = _fixes(DERIVED, msg, 9, {3: [_arr("X", 200)], 9: [_arr("X", 200)]})
    assert fixes
    lines = fixes[0].new_text.splitlines()
    added = lines.index("X = X[..., None]  # gptfix: the last axis")
    # after the last statement computing from X's values; a read of its layout only
    # (`X.shape`, `len(X)`) does not move it further
    assert added == lines.index("Y = np.sqrt(X) * sign") + 1
