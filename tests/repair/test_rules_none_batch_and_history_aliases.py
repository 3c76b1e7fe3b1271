"""Three shapes of the fifteenth real-world set's threads, in scripts written here: an
``InputLayer`` declared with ``None`` where the batch goes (``(None, X.shape[1])``), the
history of a model compiled with a metric function (``metrics.binary_accuracy``) read
through an alias of ``history.history`` as ``'acc'``, and a metric's ``reset_states()``,
which Keras 3 spells ``reset_state()``.
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
    kind: str,
    message: str,
    line: int,
    origin: str,
    trace: dict[int, list[ValueFact]] | None = None,
    local_vars: dict[str, Any] | None = None,
) -> list[Fix]:
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.facts["locals"] = local_vars or {}
    failure.trace = ValueTrace({str(PATH): trace or {}})
    rules = {k: r for k, r in {**RULES, **OPERATORS}.items()}
    return [
        f
        for f in candidate_fixes(Script(PATH, text), failure, rules=rules)
        if f.origin == f"rule:{origin}"
    ]


BAG = """import numpy as np
from keras import Sequential
from keras.layers import Dense, InputLayer

bags = np.random.randint(0, 2, (30, 12)).astype("float32")
tags = np.eye(3)[np.random.randint(0, 3, 30)]
net = Sequential()
net.add(InputLayer(input_shape=(None, bags.shape[1])))
net.add(Dense(16, activation="relu"))
net.add(Dense(3, activation="softmax"))
net.compile(loss="categorical_crossentropy", optimizer="adam")
net.fit(bags, tags, epochs=1, batch_size=5)
"""


def test_none_written_where_the_batch_goes_is_dropped_from_the_declaration() -> None:
    msg = (
        "Invalid input shape for input [[0. 1.]] with name 'keras_tensor' and path ''. "
        "Expected shape (None, None, 12), but input has incompatible shape (5, 12)"
    )
    trace = {5: [ValueFact("bags", "ndarray", [30, 12], "float32")]}
    (fix,) = _fixes(BAG, "ValueError", msg, 12, "ops.batch-axis", trace=trace)
    assert "net.add(InputLayer(input_shape=(bags.shape[1],)))" in fix.new_text
    assert fix.applicability is Applicability.SAFE


def test_a_declared_sequence_axis_with_a_length_is_left_alone() -> None:
    text = BAG.replace("(None, bags.shape[1])", "(4, bags.shape[1])")
    msg = (
        "Invalid input shape for input [[0. 1.]] with name 'keras_tensor' and path ''. "
        "Expected shape (None, 4, 12), but input has incompatible shape (5, 12)"
    )
    trace = {5: [ValueFact("bags", "ndarray", [30, 12], "float32")]}
    assert _fixes(text, "ValueError", msg, 12, "ops.batch-axis", trace=trace) == []


REVIEWS = """import numpy as np
import keras
from keras import metrics

x = np.random.rand(40, 8).astype("float32")
y = (x[:, 0] > 0.5).astype("float32")
first = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
first.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
first.fit(x, y, epochs=1, verbose=0)

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=[metrics.binary_accuracy])
history = model.fit(x, y, validation_split=0.25, epochs=2, verbose=0)
logs = history.history
acc = history.history["acc"]
val_acc = logs["val_acc"]
print(acc, val_acc)
"""


def test_history_keys_come_from_the_compile_above_and_its_metric_function() -> None:
    (fix,) = _fixes(REVIEWS, "KeyError", "'acc'", 15, "history.metric-key")
    assert 'acc = history.history["binary_accuracy"]' in fix.new_text
    assert 'val_acc = logs["val_binary_accuracy"]' in fix.new_text


TRACKED = """import numpy as np
import keras

x = np.random.rand(16, 3).astype("float32")
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
opt = keras.optimizers.Adam()
mean_loss = keras.metrics.Mean(name="loss")
for epoch in range(2):
    with __import__("tensorflow").GradientTape() as tape:
        loss = keras.ops.mean(model(x) ** 2)
    opt.apply(tape.gradient(loss, model.trainable_variables), model.trainable_variables)
    mean_loss.update_state(loss)
    print(epoch, float(mean_loss.result()))
    mean_loss.reset_states()
"""


def test_a_metric_s_reset_states_is_reset_state() -> None:
    msg = "'Mean' object has no attribute 'reset_states'"
    (fix,) = _fixes(TRACKED, "AttributeError", msg, 14, "api.removed-method")
    assert "    mean_loss.reset_state()\n" in fix.new_text
