"""The root-cause line: where the value that crashed was made, when upstream of the crash."""

from __future__ import annotations

from gptfix.model import Failure, Location
from gptfix.tracebacks import to_diagnosis
from gptfix.tracebacks.rootcause import root_cause

SCRIPT = """import numpy as np
from tensorflow import keras

def load(n):
    X = np.random.rand(n, 28, 28)
    y = np.random.randint(0, 10, n)
    return X, y

def split(X, y):
    return X[:80], y[:80], X[80:], y[80:]

X, y = load(100)
X = X / 255.0
X = X.reshape(-1, 28 * 28)
X_train, y_train, X_test, y_test = split(X, y)
model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(8, 3)])
model.fit(X_train, y_train)
"""


def _failure(text: str, line: int, kind: str = "ValueError") -> Failure:
    return Failure(kind, "Input 0 of layer is incompatible", location=Location("s.py", line, 1))


def test_data_reshaped_upstream_through_a_helper_is_the_root_cause() -> None:
    fit_line = SCRIPT.splitlines().index("model.fit(X_train, y_train)") + 1
    found = root_cause(_failure(SCRIPT, fit_line), SCRIPT, "s.py")
    assert found is not None
    assert found.location.line == SCRIPT.splitlines().index("X = X.reshape(-1, 28 * 28)") + 1
    assert "reshape" in found.reason
    assert any("return X[:80]" in step for step in found.steps)  # followed through split()


def test_labels_unpacked_from_the_features_point_at_the_unpacking() -> None:
    text = SCRIPT.replace("X_train, y_train, X_test, y_test", "X_train, X_test, y_train, y_test")
    fit_line = text.splitlines().index("model.fit(X_train, y_train)") + 1
    found = root_cause(_failure(text, fit_line), text, "s.py")
    assert found is not None
    assert found.location.line == fit_line - 2
    assert "y_train" in found.reason and "features" in found.reason


def test_no_root_cause_without_evidence_or_for_a_name_error() -> None:
    text = SCRIPT.replace("X = X.reshape(-1, 28 * 28)\n", "")
    fit_line = text.splitlines().index("model.fit(X_train, y_train)") + 1
    assert root_cause(_failure(text, fit_line), text, "s.py") is None
    assert root_cause(_failure(SCRIPT, 17, "NameError"), SCRIPT, "s.py") is None


def test_the_diagnosis_names_the_root_cause_line() -> None:
    fit_line = SCRIPT.splitlines().index("model.fit(X_train, y_train)") + 1
    failure = _failure(SCRIPT, fit_line)
    failure.root_cause = root_cause(failure, SCRIPT, "s.py")
    diag = to_diagnosis(failure, SCRIPT)
    assert diag.root_cause is not None and diag.root_cause.location.line == 14
    assert "root cause: line 14" in diag.message
    assert failure.to_json()["root_cause"]["location"]["line"] == 14


def test_a_rank_error_at_a_layer_names_the_layer_that_made_its_input() -> None:
    text = (
        "from keras.layers import LSTM, Input\n"
        "inputs = Input(shape=(10, 8))\n"
        "x1 = LSTM(50)(inputs)\n"
        "x2 = LSTM(50)(x1)\n"
    )
    failure = Failure(
        "ValueError",
        "Input 0 of layer 'lstm_1' is incompatible with the layer: expected ndim=3, found ndim=2",
        location=Location("s.py", 4, 1),
    )
    found = root_cause(failure, text, "s.py")
    assert found is not None and found.location.line == 3


def test_operands_of_different_sizes_unpacked_together_point_at_the_unpacking() -> None:
    text = (
        "from sklearn.model_selection import train_test_split\n"
        "X_train, y_train, X_test, y_test = train_test_split(X, y)\n"
        "model.fit(X_train, y_train)\n"
    )
    failure = Failure(
        "ValueError", "Data cardinality is ambiguous: x sizes: 158 y sizes: 40",
        location=Location("s.py", 3, 1),
    )  # fmt: skip
    found = root_cause(failure, text, "s.py")
    assert found is not None and found.location.line == 2


MIXED = """import tensorflow as tf

class Boxes(tf.keras.layers.Layer):
    def call(self, raw):
        cells = tf.constant([[3, 4], [5, 6]])
        cells = tf.tile(cells, [4, 1])
        sizes = tf.exp(raw)
        return sizes * cells
"""


def test_an_int_float_clash_is_rooted_where_the_integer_operand_was_made() -> None:
    msg = "Input 'y' of 'Mul' Op has type int32 that does not match type float32 of argument 'x'."
    failure = Failure("TypeError", msg, location=Location("s.py", 8, 1))
    found = root_cause(failure, MIXED, "s.py")
    assert found is not None and found.location.line == 5  # made here, tiled at line 6
    float_side = msg.replace("type int32 that", "type float32 that").replace(
        "type float32 of", "type float64 of"
    )
    failure.message = float_side  # no integer operand: no claim
    assert root_cause(failure, MIXED, "s.py") is None


DECLARED = """from tensorflow import keras
frame = (64, 64, 3)
shape_in = (1,) + frame
net = keras.Sequential()
net.add(keras.layers.Conv2D(4, 3, input_shape=shape_in))
"""


def test_a_layer_declared_by_a_shape_made_elsewhere_is_rooted_there() -> None:
    msg = "Kernel shape must have the same length as input, but received ... input of shape (None, 1, 64, 64, 3)."
    failure = Failure("ValueError", msg, location=Location("s.py", 5, 1))
    found = root_cause(failure, DECLARED, "s.py")
    assert found is not None and found.location.line == 3


OBJECTS = """import numpy as np
rows = np.empty((50, 3), dtype=object)
for i in range(50):
    rows[i] = [1, 2, 3]
rows = rows.reshape(-1, 3)[:40]
model.fit(rows, np.zeros(40))
"""


def test_an_object_array_is_rooted_where_it_was_made_object() -> None:
    failure = Failure("ValueError", "Invalid dtype: object", location=Location("s.py", 6, 1))
    found = root_cause(failure, OBJECTS, "s.py")
    assert found is not None and found.location.line == 2
    # not a shape failure: the reshape at line 5 is no root cause of it
    failure.message = "Invalid dtype: float128"
    assert root_cause(failure, OBJECTS, "s.py") is None


SHADOWED = """import numpy as np
from tensorflow import keras
h = np.random.rand(200, 8)
t = np.random.rand(200, 1)
inp = keras.Input((8,))
h = keras.layers.Dense(16)(inp)
h = keras.layers.Dense(1)(h)
model = keras.Model(inp, h)
model.fit(h, t)
"""


def test_data_whose_name_the_model_s_tensors_took_is_rooted_where_they_took_it() -> None:
    failure = Failure("TypeError", "int() argument must be ...", location=Location("s.py", 9, 1))
    found = root_cause(failure, SHADOWED, "s.py")
    assert found is not None and found.location.line == 6
    unshadowed = SHADOWED.replace("model.fit(h, t)", "model.fit(np.ones((2, 8)), t)")
    assert root_cause(failure, unshadowed, "s.py") is None
