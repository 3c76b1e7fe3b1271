"""API drift and value-range repairs end to end: the real CLI, real TensorFlow runs.

Each script here crashes on the installed Keras 3 the way scripts written for older
versions (or with data one step off) do: a name passed where the signature now takes a
shape, a module import that is gone, object arrays, labels that start past 0, an
embedding one row short of ids made from the same count. They run through
``gptfix run --smoke --fix --yes --json`` two at a time in a module-scoped fixture; each
test checks the verified edit a user would see in their file.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest
from repair_support import FixRun, applied_rounds, fix_runs

pytestmark = pytest.mark.tf

SCRIPTS = {
    # Keras 2's add_weight(name, shape, ...): Keras 3 takes the shape first
    "weights": """import numpy as np
import keras


class Scale(keras.layers.Layer):
    def build(self, input_shape):
        self.gain = self.add_weight("gain", shape=(input_shape[-1],), initializer="ones")
        self.shift = self.add_weight("shift", shape=(input_shape[-1],), initializer="zeros")

    def call(self, x):
        return x * self.gain + self.shift


x = np.random.rand(64, 6).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((6,)), Scale(), keras.layers.Dense(1)])
model.compile("adam", "mse")
model.fit(x, y, epochs=1, batch_size=16)
""",
    # a layer's name given where the installed signature has its units first
    "units": """import numpy as np
from tensorflow import keras

x = np.random.rand(64, 5).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([
    keras.Input((5,)),
    keras.layers.Dense("hidden", units=8, activation="relu"),
    keras.layers.Dense(1),
])
model.compile("adam", "mse")
model.fit(x, y, epochs=1, batch_size=16)
""",
    # the removed module is imported but never read
    "unused_module": """import numpy as np
from keras import layers, models
from keras.utils import np_utils

x = np.random.rand(50, 4).astype("float32")
y = (x.sum(axis=1) > 2).astype("float32")
model = models.Sequential([layers.Input((4,)), layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy")
model.fit(x, y, epochs=1, batch_size=10)
""",
    # a mixed-type table: features, targets and the validation split are object arrays
    "objects": """import numpy as np
import keras

rng = np.random.default_rng(0)
sheet = np.empty((90, 5), dtype=object)
sheet[:, :3] = rng.random((90, 3))
sheet[:, 3] = rng.integers(0, 2, 90)
sheet[:, 4] = 1 - sheet[:, 3]
fit_x, hold_x = sheet[:70, :3], sheet[70:, :3]
fit_y = sheet[:70, 3:]
hold_y = sheet[70:, 3:]
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
model.fit(fit_x, fit_y, validation_data=(hold_x, hold_y), epochs=1, batch_size=10)
""",
    # flags beside floats in one table: an object array made into windowed datasets by a
    # helper (the training set fails first; the validation set is made the same way)
    "windows": """import numpy as np
import tensorflow as tf


def table(columns):
    out = np.empty((len(columns[0]), len(columns)), dtype=object)
    for j, column in enumerate(columns):
        out[:, j] = column
    return out


level = np.random.rand(200)
flags = level > 0.5
train = tf.keras.utils.timeseries_dataset_from_array(
    table([level[:150], flags[:150]]), targets=level[8:150], sequence_length=8, batch_size=16
)
valid = tf.keras.utils.timeseries_dataset_from_array(
    table([level[150:], flags[150:]]), targets=level[158:], sequence_length=8, batch_size=16
)
model = tf.keras.Sequential([tf.keras.Input((8, 2)), tf.keras.layers.SimpleRNN(4), tf.keras.layers.Dense(1)])
model.compile("adam", "mse")
model.fit(train, validation_data=valid, epochs=1)
""",
    # grades 'A'..'J' kept as character codes 65..74: 75 one-hot columns for 10 classes
    "grades": """import numpy as np
from tensorflow import keras

grades = np.array(list("ABCDEFGHIJ") * 12)
feats = np.random.rand(len(grades), 8).astype("float32")
codes = np.array([ord(g) for g in grades])
target = keras.utils.to_categorical(codes)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(10, activation="softmax")])
model.compile("adam", "categorical_crossentropy")
model.fit(feats, target, epochs=1, batch_size=24)
""",
    # ids 1..n_items made from the same count that sizes the Embedding
    "items": """import numpy as np
import keras

n_items = 40
ids = np.random.randint(1, n_items + 1, (128, 5))
ids[0, 0] = n_items
score = np.random.rand(128, 1).astype("float32")
model = keras.Sequential([
    keras.Input((5,)),
    keras.layers.Embedding(n_items, 8),
    keras.layers.GlobalAveragePooling1D(),
    keras.layers.Dense(1),
])
model.compile("adam", "mse")
model.fit(ids, score, epochs=1, batch_size=32)
""",
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, FixRun]:
    return fix_runs(tmp_path_factory.mktemp("drift"), SCRIPTS)


def _fixed(runs: dict[str, Any], name: str, origin: str) -> tuple[str, str]:
    """The script's text after the loop, which must run now (the one fix applied is
    ``origin``'s), and what the loop told the user on stderr (the proposal, its evidence)."""
    script, proc, data = runs[name]
    assert proc.returncode == 0, proc.stderr[-2000:]
    (fix,) = applied_rounds(data)
    assert fix["origin"] == origin and fix["verified"], fix
    return script.read_text(encoding="utf-8"), proc.stderr


def _call_at(text: str, line: int) -> ast.Call:
    return next(
        n for n in ast.walk(ast.parse(text)) if isinstance(n, ast.Call) and n.lineno == line
    )


def test_a_name_passed_where_keras_3_takes_the_shape_becomes_name_keyword(
    runs: dict[str, Any],
) -> None:
    text, told = _fixed(runs, "weights", "rule:api.positional-to-keyword")
    # both calls are fixed in one edit; shapes and initializers stay as written
    for line, name in ((7, "gain"), (8, "shift")):
        call = _call_at(text, line)
        assert not call.args
        kws = {k.arg: ast.unparse(k.value) for k in call.keywords}
        assert kws == {
            "shape": "(input_shape[-1],)",
            "initializer": "'ones'" if name == "gain" else "'zeros'",
            "name": repr(name),
        }
    assert "evidence: the installed `add_weight` takes `name` only by keyword" in told


def test_a_string_landing_on_a_parameter_also_given_by_keyword_is_the_name(
    runs: dict[str, Any],
) -> None:
    text, told = _fixed(runs, "units", "rule:api.positional-to-keyword")
    assert 'keras.layers.Dense(units=8, activation="relu", name="hidden"),' in text
    # the name is inferred from the literal, not named by the error: not offered as safe
    assert "[rule:api.positional-to-keyword, unsafe]" in told


def test_an_unused_import_of_a_removed_module_is_dropped(runs: dict[str, Any]) -> None:
    text, _told = _fixed(runs, "unused_module", "rule:api.moved-import")
    assert "np_utils" not in text
    assert text.startswith("import numpy as np\nfrom keras import layers, models\n\nx = ")


def test_object_arrays_are_converted_where_they_are_made_validation_too(
    runs: dict[str, Any],
) -> None:
    text, _told = _fixed(runs, "objects", "rule:dtype.object-array")
    lines = text.splitlines()
    cast = 'np.asarray({}).astype("float32")'
    assert (
        lines[8]
        == f"fit_x, hold_x = {cast.format('sheet[:70, :3]')}, {cast.format('sheet[70:, :3]')}"
    )
    assert lines[9] == f"fit_y = {cast.format('sheet[:70, 3:]')}"
    assert lines[10] == f"hold_y = {cast.format('sheet[70:, 3:]')}"
    assert lines[-1] == SCRIPTS["objects"].splitlines()[-1]  # the fit call is unchanged


def test_object_arrays_made_into_datasets_by_a_helper_are_converted_at_every_such_call(
    runs: dict[str, Any],
) -> None:
    text, _told = _fixed(runs, "windows", "rule:dtype.object-array")
    assert 'np.asarray(table([level[:150], flags[:150]])).astype("float32")' in text
    assert 'np.asarray(table([level[150:], flags[150:]])).astype("float32")' in text
    assert "out = np.empty((len(columns[0]), len(columns)), dtype=object)" in text  # helper kept


def test_labels_starting_past_zero_are_shifted_by_their_minimum_where_made(
    runs: dict[str, Any],
) -> None:
    text, told = _fixed(runs, "grades", "rule:ops.shift-labels")
    assert "codes = np.array([ord(g) for g in grades]) - 65\n" in text
    assert "keras.layers.Dense(10, " in text  # the head is what the labels were meant for
    assert "evidence: `codes` ran 65..74 in the run" in told


def test_an_embedding_count_the_ids_are_made_from_grows_at_the_layer(
    runs: dict[str, Any],
) -> None:
    text, _told = _fixed(runs, "items", "rule:ops.size-to-range")
    assert "keras.layers.Embedding(n_items + 1, 8)," in text
    # the count also makes the ids: changing it would move the ids along with the size
    assert "n_items = 40\n" in text
