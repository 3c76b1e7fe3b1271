"""Layers and models called the Keras 2 way on Keras 3: ``add`` on a functional model
(the functional model through what it adds, several ``add`` calls in a row included), and a
custom layer given plain values by position (given by the names its ``call`` uses).

Each case is a small program written here with the message the installed Keras gives
for it; the expected edit is the one the threads' answers make.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script, ValueTrace
from gptfix.repair import RULES, candidate_fixes

PATH = Path("/project/train.py")


def _fixes(text: str, kind: str, message: str, line: int, origin: str):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): {}})
    rules = {k: r for k, r in RULES.items() if f"rule:{k}" == origin}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


FINETUNE = """from keras.applications import MobileNetV2
from keras.models import Sequential
from keras.layers import Dense, Flatten

base = MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None)
head = Sequential([Flatten(), Dense(4, activation="softmax")])
base.add(head)
base.add(Dense(4, activation="softmax"))
base.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


def test_add_on_a_functional_model_builds_the_model_through_what_it_adds() -> None:
    msg = "'Functional' object has no attribute 'add'"
    (fix,) = _fixes(FINETUNE, "AttributeError", msg, 7, "rule:api.functional-add")
    assert (
        'base = Model(inputs=base.input, outputs=Dense(4, activation="softmax")(head(base.output)))\n'
        in fix.new_text
    )
    assert "base.add(" not in fix.new_text
    assert "from keras.models import Model" in fix.new_text
    assert fix.applicability is Applicability.SAFE


GRID = """import keras
from keras import layers, ops


class ToGrid(layers.Layer):
    def call(self, x, rows, cols):
        return ops.reshape(x, (-1, rows, cols, ops.shape(x)[-1]))


inputs = keras.Input((16, 8))
to_grid = ToGrid()
grid = to_grid(inputs, 4, 4)
"""


def test_plain_values_given_by_position_go_by_the_names_call_uses() -> None:
    msg = (
        "Only input tensors may be passed as positional arguments. The following argument "
        "value should be passed as a keyword argument: 4 (of type <class 'int'>)"
    )
    (fix,) = _fixes(GRID, "ValueError", msg, 12, "rule:api.layer-call-keywords")
    assert "grid = to_grid(inputs, rows=4, cols=4)\n" in fix.new_text
    assert fix.applicability is Applicability.SAFE
