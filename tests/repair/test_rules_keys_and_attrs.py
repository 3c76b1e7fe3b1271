"""Keys, keywords and attributes a script reads that training or the installed Keras no
longer has: a callback's ``logs.get('acc')``, ``fit(test_data=...)``, Keras 2's
``tensor._keras_shape``, and two outputs fed one (n, 2) label array.

Each case is a script written here after the shape of public threads; the expected edit
is the one their answers gave. The keyword cases ask the installed Keras (``tf``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

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


STOPPER = """import keras


class Enough(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        if logs.get("acc") > 0.9 and logs["acc"] < 1.0:
            self.model.stop_training = True


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x, y, callbacks=[Enough()])
"""


def test_a_callback_reading_acc_reads_the_key_training_logs() -> None:
    msg = "'>' not supported between instances of 'NoneType' and 'float'"
    (fix,) = _fixes(STOPPER, "TypeError", msg, 6, "history.logs-key")
    assert 'if logs.get("accuracy") > 0.9 and logs["accuracy"] < 1.0:' in fix.new_text
    assert fix.applicability is Applicability.SAFE


def test_a_key_training_does_log_is_left_alone() -> None:
    text = STOPPER.replace('"acc"', '"accuracy"')
    msg = "'>' not supported between instances of 'NoneType' and 'float'"
    assert _fixes(text, "TypeError", msg, 6, "history.logs-key") == []


HOMEWORK = """import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy", metrics=["accuracy"])
history = model.fit(train_gen, epochs=10, test_data=test_gen)
"""


@pytest.mark.tf  # asks the installed Keras what fit accepts
def test_fit_s_test_data_is_its_validation_data() -> None:
    msg = "TensorFlowTrainer.fit() got an unexpected keyword argument 'test_data'"
    (fix,) = _fixes(HOMEWORK, "TypeError", msg, 5, "api.renamed-keyword")
    assert "model.fit(train_gen, epochs=10, validation_data=test_gen)" in fix.new_text


@pytest.mark.tf
def test_an_unknown_keyword_carrying_the_scripts_data_is_only_a_suggestion_to_drop() -> None:
    text = HOMEWORK.replace("test_data=test_gen", "holdout_batches=test_gen")
    msg = "TensorFlowTrainer.fit() got an unexpected keyword argument 'holdout_batches'"
    fixes = _fixes(text, "TypeError", msg, 5, "api.renamed-keyword")
    assert fixes and all(f.applicability is Applicability.SUGGESTION for f in fixes)


BLOCK = """import keras
from keras import layers


def block(init, filters):
    x = layers.Conv2D(filters, 1)(init)
    if init._keras_shape[-1] != filters:
        init = layers.Conv2D(filters, 1)(init)
    return layers.add([init, x])
"""


def test_keras2_s_private_shape_attribute_is_the_tensor_s_shape() -> None:
    msg = "'KerasTensor' object has no attribute '_keras_shape'"
    (fix,) = _fixes(BLOCK, "AttributeError", msg, 7, "api.removed-method")
    assert "if init.shape[-1] != filters:" in fix.new_text
    assert "`._keras_shape` with `.shape`" in fix.title


TWO = """import numpy as np
import keras

x = np.random.rand(50, 8)
both = np.random.rand(50, 2)
inp = keras.Input((8,))
h = keras.layers.Dense(16)(inp)
out_a = keras.layers.Dense(1, name="a")(h)
out_b = keras.layers.Dense(1, name="b")(h)
model = keras.Model(inp, [out_a, out_b])
model.compile("adam", ["mse", "mse"])
model.fit(x, both, epochs=2)
"""


def test_two_one_unit_outputs_get_one_label_column_each() -> None:
    trace = {
        5: [ValueFact("both", "ndarray", [50, 2], "float64")],
        8: [ValueFact("out_a", "KerasTensor", [None, 1], "float32")],
        9: [ValueFact("out_b", "KerasTensor", [None, 1], "float32")],
    }
    msg = "y_true and y_pred have different structures."
    (fix,) = _fixes(TWO, "ValueError", msg, 12, "ops.split-labels", trace)
    assert "model.fit(x, (both[:, 0], both[:, 1]), epochs=2)" in fix.new_text


LOCALISER = """import numpy as np
import keras

size = 12
theta = keras.layers.Dense(6, weights=[np.zeros((size, 6)), np.array([1, 0, 0, 0, 1, 0])])
"""


@pytest.mark.tf  # asks the installed Keras what Dense accepts
def test_keras2_initial_weights_become_constant_initializers() -> None:
    msg = "Unrecognized keyword arguments passed to Dense: {'weights': [array([[0., 0.]])]}"
    (fix,) = _fixes(LOCALISER, "ValueError", msg, 5, "api.weights-initializers")
    assert (
        "keras.layers.Dense(6, kernel_initializer=keras.initializers.Constant(np.zeros((size, 6))), "
        "bias_initializer=keras.initializers.Constant(np.array([1, 0, 0, 0, 1, 0])))"
        in fix.new_text
    )
    assert fix.applicability is Applicability.SAFE
