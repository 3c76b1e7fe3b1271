"""Keras 1/2 arguments Keras 3 takes in another shape: ``batch_input_shape=`` on a model's
first layer (now ``Input(batch_shape=...)`` before it), a single metric object given as
``metrics=`` (now a list), Keras 1's ``output_dim=``/``init=`` (now ``units=``/
``kernel_initializer=``) and an activation layer's class named as an activation (now that
layer after the one that named it).

Each case is a small program written here with the message the installed Keras gives
for it; the expected edit is the one the threads' answers make.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import RULES, candidate_fixes
from gptfix.values import ValueFact, ValueTrace

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
        "    tf.keras.layers.Input(batch_shape=(4, 10, 2)), tf.keras.layers.LSTM(16, "
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


KERAS1 = """from keras.models import Sequential
from keras.layers import Dense

net = Sequential()
net.add(Dense(output_dim=16, init="glorot_uniform", activation="relu", input_dim=8))
net.add(Dense(output_dim=1, init="glorot_uniform", activation="sigmoid"))
"""


def test_keras1_keywords_of_a_required_argument_are_renamed_on_every_such_call() -> None:
    msg = "Dense.__init__() missing 1 required positional argument: 'units'"
    (fix,) = _fixes(KERAS1, msg, 5, "rule:api.keras1-required")
    assert fix.new_text.count("Dense(units=") == 2
    assert fix.new_text.count('kernel_initializer="glorot_uniform"') == 2
    assert "output_dim" not in fix.new_text and "init=" not in fix.new_text.replace("_init", "")


ACTS = """import keras
from keras import layers

inp = keras.Input((10,))
h = layers.Dense(32, activation="LeakyReLU")(inp)
out = layers.Dense(1)(h)
stack = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="ELU"), layers.Dense(1)])
"""


def test_activation_layer_classes_become_layers_after_their_layer() -> None:
    msg = "Could not interpret activation function identifier: LeakyReLU"
    (fix,) = _fixes(ACTS, msg, 5, "rule:api.activation-layer")
    assert "h = layers.Dense(32)(inp)\nh = layers.LeakyReLU()(h)\n" in fix.new_text
    assert "layers.Dense(8), layers.ELU(), layers.Dense(1)" in fix.new_text
    assert fix.applicability is Applicability.SAFE


def test_an_activation_name_that_is_no_layer_class_is_not_this_fault() -> None:
    msg = "Could not interpret activation function identifier: swishy"
    text = ACTS.replace('"LeakyReLU"', '"swishy"')
    assert _fixes(text, msg, 5, "rule:api.activation-layer") == []


POSITIONAL = """import numpy as np
from tensorflow import keras

pics = np.random.rand(90, 16, 16)
codes = np.random.randint(0, 3, 90)
clf = keras.models.Sequential([
    keras.layers.Flatten(90, 16, 16),
    keras.layers.Dense(3),
])
clf.compile(loss="sparse_categorical_crossentropy")
clf.fit(pics, codes, epochs=1)
"""


def test_a_first_layer_given_the_datas_shape_as_numbers_gets_an_input() -> None:
    msg = "Flatten.__init__() takes from 1 to 2 positional arguments but 4 were given"
    trace = {4: [ValueFact("pics", "ndarray", [90, 16, 16], "float64")]}
    failure = Failure("TypeError", msg, location=Location(str(PATH), 7, 1))
    failure.trace = ValueTrace({str(PATH): trace})
    rules = {"api.positional-shape": RULES["api.positional-shape"]}
    (fix,) = candidate_fixes(Script(PATH, POSITIONAL), failure, rules=rules)
    assert "    keras.layers.Input(shape=(16, 16)), keras.layers.Flatten(),\n" in fix.new_text
    # numbers that do not end with the data's per-sample shape are no shape of it
    other = POSITIONAL.replace("Flatten(90, 16, 16)", "Flatten(90, 4, 64)")
    assert candidate_fixes(Script(PATH, other), failure, rules=rules) == []
