"""A float where an int is wanted, and names a from-import would bind: before/after edits.

The scripts are modelled on public threads (a true division passed as a unit or epoch
count; a pasted CNN whose layer classes were never imported); the expected edit is the
repair those threads accepted.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, kind: str, message: str, line: int, trace=None, *origins: str):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    wanted = origins or ("rule:ops.float-to-int", "rule:ops.missing-from-import")
    return [
        f
        for f in candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)
        if f.origin in wanted
    ]


UNITS = """from keras.layers import Dense, Input
nb_actions = 1
x = Input((32,))
x = Dense(((nb_actions * nb_actions + nb_actions) / 2))(x)
"""


def test_a_division_of_ints_passed_as_units_becomes_floor_division() -> None:
    trace = {2: [ValueFact("nb_actions", "int", value=1)]}
    msg = "Received an invalid value for `units`, expected a positive integer. Received: units=1.0"
    (fix,) = _fixes(UNITS, "ValueError", msg, 4, trace)
    assert "Dense(((nb_actions * nb_actions + nb_actions) // 2))(x)" in fix.new_text


EPOCHS = """def pretrain(model, x, epochs):
    model.fit(x, x, batch_size=8, epochs=epochs / 3)
"""


def test_a_division_of_a_parameter_is_wrapped_in_int() -> None:
    msg = "'float' object cannot be interpreted as an integer"
    (fix,) = _fixes(EPOCHS, "TypeError", msg, 2)
    assert "epochs=int(epochs / 3))" in fix.new_text


HALF = """import numpy as np
n = 10
half = n / 2
z = np.zeros((half, 3))
"""


def test_a_name_that_held_a_float_is_made_an_int_where_it_is_divided() -> None:
    trace = {2: [ValueFact("n", "int", value=10)], 3: [ValueFact("half", "float")]}
    msg = "'float' object cannot be interpreted as an integer"
    (fix,) = _fixes(HALF, "TypeError", msg, 4, trace)
    assert "half = n // 2\n" in fix.new_text and "np.zeros((half, 3))" in fix.new_text


def test_an_int_already_made_is_left_alone() -> None:
    text = EPOCHS.replace("epochs / 3", "int(epochs / 3)")
    assert _fixes(text, "TypeError", "'float' object cannot be interpreted as an integer", 2) == []


def test_no_division_no_edit_and_no_int_error_no_edit() -> None:
    assert _fixes(UNITS, "ValueError", "Input 0 is incompatible with the layer", 4) == []


CNN = """import numpy as np
from keras.layers import Activation, Dense, Flatten
from keras.models import Sequential
model = Sequential()
model.add(Conv2D(64, (3, 3), input_shape=(50, 50, 1)))
model.add(MaxPooling2D(pool_size=(2, 2)))
model.add(Flatten())
model.add(Dense(1))
"""


def test_layer_classes_never_imported_join_the_scripts_layers_import() -> None:
    (fix,) = _fixes(CNN, "NameError", "name 'Conv2D' is not defined", 5)
    assert (
        "from keras.layers import Activation, Conv2D, Dense, Flatten, MaxPooling2D\n"
        in fix.new_text
    )


def test_a_name_the_module_does_not_export_is_not_imported() -> None:
    text = CNN.replace("Conv2D(", "ConvTwoD(")
    assert _fixes(text, "NameError", "name 'ConvTwoD' is not defined", 5) == []


LABELS = """import numpy as np
from keras import layers, models
x = np.random.rand(40, 5)
y = [int(v) for v in np.random.randint(0, 2, 40)]
model = models.Sequential([layers.Input((5,)), layers.Dense(1)])
model.compile(loss="mse")
model.fit(x, y, validation_split=0.1)
"""
SPLIT_ERROR = "Argument `validation_split` is only supported for tensors or NumPy arrays."


def _list_fixes(text: str, local_y: dict):
    failure = Failure("ValueError", SPLIT_ERROR, location=Location(str(PATH), 7, 1))
    failure.facts["locals"] = {
        "x": {"type": "numpy.ndarray", "shape": [40, 5]},
        "y": local_y,
    }
    fixes = candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)
    return [f for f in fixes if f.origin == "rule:ops.list-to-array"]


def test_labels_held_as_a_python_list_are_passed_as_an_array() -> None:
    (fix,) = _list_fixes(LABELS, {"type": "list", "len": 40, "repr": "[1, 0, 0, 1, ...]"})
    assert "model.fit(x, np.array(y), validation_split=0.1)" in fix.new_text


def test_a_list_of_arrays_for_a_multi_input_model_is_left_alone() -> None:
    local = {"type": "list", "len": 2, "repr": "[array([[0.1, 0.2], ...]), ...]"}
    assert _list_fixes(LABELS, local) == []


LAMBDA = """import numpy as np
from keras import backend as K
from keras.layers import Conv1D, Input, Lambda
features = Input((24,))
expanded = Lambda(lambda x: K.expand_dims(x, axis=-1))(features)
h = Conv1D(4, 3)(expanded)
"""


def test_backend_functions_inside_a_lambda_move_to_keras_ops() -> None:
    from gptfix.repair import RULES

    msg = (
        "We could not automatically infer the shape of the Lambda's output. Please specify "
        "the `output_shape` argument for this Lambda layer."
    )
    failure = Failure("NotImplementedError", msg, location=Location(str(PATH), 5, 1))
    fixes = [
        f
        for f in candidate_fixes(Script(PATH, LAMBDA), failure, rules=RULES)
        if f.origin == "rule:api.backend-to-ops"
    ]
    (fix,) = fixes
    assert "Lambda(lambda x: keras.ops.expand_dims(x, axis=-1))(features)" in fix.new_text
    assert "import keras\n" in fix.new_text


STEPS = """import numpy as np
from keras.layers import Activation, Dense
from keras.models import Sequential
model = Sequential()
model.add(Dense(2, input_shape=(None, 2)))
model.add(Activation("softmax"))
model.compile(loss="sparse_categorical_crossentropy", optimizer="rmsprop")
inp = np.random.rand(128, 1, 2).astype("float32")
out = np.eye(2)[np.random.randint(0, 2, (128, 1))]
model.fit(inp, out, epochs=3, batch_size=16)
"""


def test_one_hot_targets_per_step_with_a_sparse_loss_switch_to_categorical() -> None:
    from gptfix.repair import RULES

    msg = (
        "Argument `output` must have rank (ndim) `target.ndim - 1`. "
        "Received: target.shape=(16, 1, 2), output.shape=(16, 1, 2)"
    )
    failure = Failure("ValueError", msg, location=Location(str(PATH), 10, 1))
    fixes = candidate_fixes(Script(PATH, STEPS), failure, rules=RULES)
    (fix,) = [f for f in fixes if f.origin == "rule:loss.label-encoding"]
    assert 'compile(loss="categorical_crossentropy"' in fix.new_text


ECG = """import numpy as np
ids = np.random.randint(0, 4, (240, 1)).astype(float)
labels = np.eye(4)[ids.astype(int)]
y_train = labels[:192, :]
model.fit(x_train, y_train, epochs=2)
"""
RANK = (
    "Arguments `target` and `output` must have the same rank (ndim). "
    "Received: target.shape=(32, 1, 4), output.shape=(32, 4)"
)


def test_one_hot_labels_indexed_by_an_id_column_are_indexed_by_flat_ids() -> None:
    trace = {
        2: [ValueFact("ids", "ndarray", [240, 1], "float64")],
        3: [ValueFact("labels", "ndarray", [240, 1, 4], "float64")],
    }
    (fix,) = _fixes(ECG, "ValueError", RANK, 5, trace, "rule:ops.flatten-onehot-ids")
    assert "labels = np.eye(4)[ids.astype(int).ravel()]\n" in fix.new_text


def test_one_hot_labels_already_flat_are_left_alone() -> None:
    trace = {3: [ValueFact("labels", "ndarray", [240, 4], "float64")]}
    assert _fixes(ECG, "ValueError", RANK, 5, trace, "rule:ops.flatten-onehot-ids") == []


BLOCKS = """from keras import layers, models
model = models.Sequential()
model.add(layers.Conv2D(16, (3, 3), activation="relu", input_shape=(28, 28, 1)))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(32, (3, 3), activation="relu"))
model.add(layers.MaxPooling2D((2, 2)))
model.add(layers.Conv2D(64, (3, 3), padding="valid"))
"""
NEGATIVE = (
    "Computed output size would be zero or negative. Received `inputs shape=(None, 1, 1, 64)`,"
    " `kernel shape=(3, 3, 64, 128)`, `strides=(1, 1)`, `padding=valid`."
)


def test_convolutions_that_shrink_the_maps_to_nothing_keep_their_size() -> None:
    (fix,) = _fixes(BLOCKS, "ValueError", NEGATIVE, 5, None, "rule:ops.same-padding")
    assert (
        'layers.Conv2D(16, (3, 3), activation="relu", input_shape=(28, 28, 1), padding="same")'
        in fix.new_text
    )
    assert 'layers.Conv2D(32, (3, 3), activation="relu", padding="same")' in fix.new_text
    assert 'layers.Conv2D(64, (3, 3), padding="valid")' in fix.new_text  # the user's own choice


def test_a_float_count_is_fixed_in_a_real_run(tmp_path: Path) -> None:
    from repair_support import fix_json

    script = tmp_path / "train.py"
    script.write_text("steps = 10\nfor i in range(steps / 2):\n    print(i)\n", encoding="utf-8")
    proc, data = fix_json(script)
    assert proc.returncode == 0, proc.stderr
    assert "range(steps // 2)" in script.read_text(encoding="utf-8")


FEEDER = """import math
import numpy as np
import keras


class Batches(keras.utils.PyDataset):
    def __init__(self, rows, per_batch):
        super().__init__()
        self.rows, self.per_batch = rows, per_batch

    def __len__(self):
        return np.floor(self.rows.shape[0] / self.per_batch)

    def __getitem__(self, i):
        return self.rows[i * self.per_batch:(i + 1) * self.per_batch]


feeder = Batches(np.zeros((50, 4)), 8)
net.fit(feeder, epochs=1)
"""


def test_a_length_method_rounding_a_division_with_numpy_is_made_an_int() -> None:
    """``len()`` runs ``__len__`` out of the traceback: the instance passed on leads there."""
    trace = {18: [ValueFact("feeder", "Batches")]}
    msg = "'numpy.float64' object cannot be interpreted as an integer"
    (fix,) = _fixes(FEEDER, "TypeError", msg, 19, trace)
    assert "return int(np.floor(self.rows.shape[0] / self.per_batch))\n" in fix.new_text
    assert "__len__" in " ".join(fix.evidence)


def test_a_length_method_found_without_a_trace_from_the_constructor_call() -> None:
    msg = "'numpy.float64' object cannot be interpreted as an integer"
    (fix,) = _fixes(FEEDER, "TypeError", msg, 19)
    assert "int(np.floor(self.rows.shape[0] / self.per_batch))" in fix.new_text


def test_a_length_rounded_by_math_is_already_an_int() -> None:
    text = FEEDER.replace("np.floor(", "math.floor(")
    assert _fixes(text, "TypeError", "'float' object cannot be interpreted as an integer", 19) == []


STEP_COUNT = """n_rows = 640
chunk = 48
per_epoch = n_rows / chunk
net.fit(stream(), steps_per_epoch=per_epoch, epochs=2)
"""


def test_a_step_count_divided_from_ints_becomes_floor_division_where_it_is_made() -> None:
    trace = {
        1: [ValueFact("n_rows", "int", value=640)],
        2: [ValueFact("chunk", "int", value=48)],
        3: [ValueFact("per_epoch", "float")],
    }
    msg = "'float' object cannot be interpreted as an integer"
    (fix,) = _fixes(STEP_COUNT, "TypeError", msg, 4, trace)
    assert "per_epoch = n_rows // chunk\n" in fix.new_text
