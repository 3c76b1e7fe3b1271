"""A string identifier Keras could not interpret (a misspelt activation, metric, loss) and a
callback handed to ``compile`` as a metric.

Each case is a script written here and the message Keras 3 gives for it; the names the
installed Keras accepts come from the test interpreter (a real probe subprocess).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gptfix.model import Failure, Fix, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.rules.identifiers import RULES

PATH = Path("/project/train.py")
ONLY = {r.id: r for r in RULES}

NET = """import numpy as np
from tensorflow import keras

net = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1, activation='sigmiod')])
net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuarcy"])
net.fit(np.random.rand(30, 6), np.random.randint(0, 2, 30), epochs=1)
"""


def _fixes(text: str, message: str, line: int) -> list[Fix]:
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    return candidate_fixes(Script(PATH, text), failure, rules=ONLY)


@pytest.mark.tf
def test_a_misspelt_activation_takes_the_closest_name_keras_has() -> None:
    msg = "Could not interpret activation function identifier: sigmiod"
    (fix,) = _fixes(NET, msg, 4)
    assert "keras.layers.Dense(1, activation='sigmoid')" in fix.new_text  # its own quotes
    assert 'metrics=["accuarcy"]' in fix.new_text  # one failure, one change


@pytest.mark.tf
def test_a_misspelt_metric_name_is_respelt_and_a_different_word_is_not() -> None:
    (fix,) = _fixes(NET, "Could not interpret metric identifier: accuarcy", 6)
    assert 'metrics=["accuracy"]' in fix.new_text
    other = NET.replace('"accuarcy"', '"balanced_score"')
    assert not _fixes(other, "Could not interpret metric identifier: balanced_score", 6)


LOGGED = """import numpy as np
import keras


class EpochLog(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        print(epoch, logs)


clf = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="softmax")])
clf.compile(
    metrics=[EpochLog(), "accuracy"],
    loss="sparse_categorical_crossentropy",
)
stop = keras.callbacks.EarlyStopping(patience=2)
clf.fit(np.random.rand(20, 3), np.random.randint(0, 2, 20), callbacks=[stop], epochs=2)
"""


def test_a_callback_given_as_a_metric_joins_the_fit_s_callbacks() -> None:
    msg = "Could not interpret metric identifier: <__main__.EpochLog object at 0x7f3a2c1d0>"
    (fix,) = _fixes(LOGGED, msg, 15)
    assert '    metrics=["accuracy"],\n' in fix.new_text
    assert "callbacks=[stop, EpochLog()], epochs=2)" in fix.new_text


def test_an_object_that_is_not_a_callback_is_left_alone() -> None:
    text = LOGGED.replace("keras.callbacks.Callback", "object")
    msg = "Could not interpret metric identifier: <__main__.EpochLog object at 0x7f3a2c1d0>"
    assert not _fixes(text, msg, 15)


HOLDER = """import numpy as np
import keras


class Tracker:
    def __init__(self, run):
        self.run = run
        self.hook = TrackHook()


class TrackHook(keras.callbacks.Callback):
    pass


tracker = Tracker("run-1")
net = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
net.compile(loss="mse")
net.fit(np.ones((4, 2)), np.ones(4), callbacks=[tracker])
"""


def test_an_object_holding_a_callback_is_replaced_by_that_callback() -> None:
    msg = "AttributeError: 'Tracker' object has no attribute 'set_model'"
    (fix,) = _fixes(HOLDER, msg, 18)
    assert "callbacks=[tracker.hook])" in fix.new_text
