"""A validation value read from a training run that had none: ``fit`` gets validation data.

Modelled on the common "KeyError: 'val_loss'" threads (a checkpoint file name or a history
plot reading ``val_`` keys while ``fit`` was given no validation data); the expected edit
is the one their answers give: the script's own held-out split, else ``validation_split``.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")
CKPT_KEY = (
    '\'Failed to format this callback filepath: "m-{epoch:02d}-{val_loss:.3f}.keras". '
    "Reason: \\'val_loss\\''"
)


def _fixes(text: str, message: str, line: int, trace: dict[int, list[ValueFact]] | None = None):
    failure = Failure("KeyError", message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return [f for f in candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)]


HELD_OUT = """import numpy as np
import keras
x_train = np.random.rand(200, 8)
y_train = np.random.randint(0, 2, 200)
x_valid = np.random.rand(40, 8)
y_valid = np.random.randint(0, 2, 40)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
ckpt = keras.callbacks.ModelCheckpoint("m-{epoch:02d}-{val_loss:.3f}.keras")
model.fit(x_train, y_train,
          epochs=2, callbacks=[ckpt])
"""


def test_a_checkpoint_named_by_val_loss_validates_on_the_scripts_held_out_split() -> None:
    (fix,) = _fixes(HELD_OUT, CKPT_KEY, 10)
    assert "callbacks=[ckpt], validation_data=(x_valid, y_valid))" in fix.new_text
    assert fix.applicability is Applicability.SAFE
    assert any("val_loss" in e for e in fix.evidence)


def test_a_fit_that_already_validates_is_left_alone() -> None:
    text = HELD_OUT.replace("epochs=2,", "epochs=2, validation_split=0.1,")
    assert _fixes(text, CKPT_KEY, 10) == []


HISTORY = """import numpy as np
import keras
X = np.random.rand(200, 8)
y = np.random.randint(0, 2, 200)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
first = model.fit(X, y, epochs=1)
history = model.fit(X, y, epochs=2)
print(max(history.history["val_accuracy"]))
"""


def test_a_history_read_holds_out_part_of_the_arrays_of_the_fit_that_made_it() -> None:
    trace = {3: [ValueFact("X", "ndarray", [200, 8], "float64")]}
    (fix,) = _fixes(HISTORY, "'val_accuracy'", 9, trace)
    assert "history = model.fit(X, y, epochs=2, validation_split=0.2)" in fix.new_text
    assert "first = model.fit(X, y, epochs=1)\n" in fix.new_text  # not the other fit
    assert fix.applicability is Applicability.UNSAFE  # it trains on fewer samples


def test_without_arrays_the_run_saw_nothing_is_held_out() -> None:
    assert _fixes(HISTORY, "'val_accuracy'", 9) == []


def test_a_key_other_than_a_validation_key_is_not_this_fault() -> None:
    trace = {3: [ValueFact("X", "ndarray", [200, 8], "float64")]}
    assert not any(
        f.origin == "rule:ops.validation-missing"
        for f in _fixes(HISTORY.replace("val_accuracy", "acc"), "'acc'", 9, trace)
    )


DATASETS = """import numpy as np
import tensorflow as tf
import keras
train_ds = tf.data.Dataset.from_tensor_slices((np.zeros((64, 8)), np.zeros(64))).batch(8)
val_ds = tf.data.Dataset.from_tensor_slices((np.zeros((16, 8)), np.zeros(16))).batch(8)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(train_ds, epochs=2, callbacks=[keras.callbacks.ModelCheckpoint("m-{val_loss:.3f}.keras")])
"""


def test_a_dataset_fit_validates_on_the_scripts_validation_dataset() -> None:
    (fix,) = _fixes(DATASETS, CKPT_KEY, 8)
    assert 'ModelCheckpoint("m-{val_loss:.3f}.keras")], validation_data=val_ds)' in fix.new_text
