"""Keras 2 arguments Keras 3 takes in another shape: ``batch_input_shape=`` on a model's
first layer (now ``Input(batch_shape=...)`` before it) and a single metric object given as
``metrics=`` (now a list).

Each case is a small program written here with the message the installed Keras gives
for it; the expected edit is the one the threads' answers make.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script, ValueTrace
from gptfix.repair import RULES, candidate_fixes

PATH = Path("/project/train.py")


def _fixes(text: str, message: str, line: int, origin: str):
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): {}})
    rules = {k: r for k, r in RULES.items() if f"rule:{k}" == origin}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


ADDED = """import numpy as np
from keras.models import Sequential
from keras.layers import GRU, Dense

seq = np.random.rand(30, 5, 3).astype("float32")
net = Sequential()
net.add(GRU(8, batch_input_shape=(1, seq.shape[1], seq.shape[2]), stateful=True))
net.add(Dense(1))
"""
BATCH_MSG = "Unrecognized keyword arguments passed to GRU: {'batch_input_shape': (1, 5, 3)}"


def test_batch_input_shape_moves_to_an_input_added_before_the_layer() -> None:
    (fix,) = _fixes(ADDED, BATCH_MSG, 7, "rule:api.batch-input-shape")
    assert "from keras.layers import GRU, Dense, Input\n" in fix.new_text
    assert (
        "net.add(Input(batch_shape=(1, seq.shape[1], seq.shape[2])))\n"
        "net.add(GRU(8, stateful=True))\n"
    ) in fix.new_text
    assert fix.applicability is Applicability.SAFE


LISTED = """import tensorflow as tf

model = tf.keras.Sequential([
    tf.keras.layers.LSTM(16, batch_input_shape=(4, 10, 2), return_sequences=False),
    tf.keras.layers.Dense(1),
])
"""


def test_batch_input_shape_in_a_layer_list_becomes_the_lists_first_item() -> None:
    msg = BATCH_MSG.replace("GRU", "LSTM")
    (fix,) = _fixes(LISTED, msg, 4, "rule:api.batch-input-shape")
    assert (
        "    tf.keras.Input(batch_shape=(4, 10, 2)), tf.keras.layers.LSTM(16, "
        "return_sequences=False),\n"
    ) in fix.new_text


METRIC = """import keras


def setup(net, rate):
    net.compile(
        optimizer=keras.optimizers.SGD(rate),
        loss="binary_crossentropy",
        metrics=keras.metrics.AUC(name="auc"),
    )
"""
METRIC_MSG = (
    "Expected `metrics` argument to be a list, tuple, or dict. Received instead: "
    "metrics=<AUC name=auc> of type <class 'keras.src.metrics.confusion_metrics.AUC'>"
)


def test_one_metric_object_becomes_a_list_of_it() -> None:
    (fix,) = _fixes(METRIC, METRIC_MSG, 5, "rule:api.listed-argument")
    assert '        metrics=[keras.metrics.AUC(name="auc")],\n' in fix.new_text
    assert fix.applicability is Applicability.SAFE


def test_a_list_already_given_is_not_this_fault() -> None:
    text = METRIC.replace('metrics=keras.metrics.AUC(name="auc")', 'metrics=["auc"]')
    assert _fixes(text, METRIC_MSG, 5, "rule:api.listed-argument") == []
