"""Rules for names and keywords Keras/TF removed, on scripts and messages written here.

Each case is a small program spelled unlike any benchmark program and the message the
installed Keras/TensorFlow gives for it; the expected edit is the one a user would make.
No training runs here: the rules read the message and the script (the cases marked
``tf`` ask the installed libraries, in a probe subprocess, where the replacement lives).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import RULES, candidate_fixes
from gptfix.values import ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, kind: str, message: str, line: int, origin: str):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): {}})
    rules = {k: r for k, r in RULES.items() if f"rule:{k}" == origin}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


TAGGER = """import numpy as np
from tensorflow.keras.layers import Dense, CuDNNGRU, Input
from tensorflow.keras.models import Sequential

tagger = Sequential([Input((12, 3)), CuDNNGRU(16, return_sequences=True), CuDNNGRU(8), Dense(2)])
"""


@pytest.mark.tf  # asks the installed Keras where GRU lives
def test_a_removed_cudnn_layer_import_becomes_the_plain_layer_and_its_uses_follow() -> None:
    msg = "cannot import name 'CuDNNGRU' from 'tensorflow.keras.layers'"
    (fix,) = _fixes(TAGGER, "ImportError", msg, 2, "rule:api.moved-import")
    assert "from tensorflow.keras.layers import Dense, GRU, Input\n" in fix.new_text
    assert "GRU(16, return_sequences=True), GRU(8), Dense(2)" in fix.new_text
    assert "CuDNN" not in fix.new_text
    assert fix.applicability is Applicability.SAFE


SEEDED = """from tensorflow import set_random_seed, constant

set_random_seed(7)
total = constant(3.0) * 2
"""


@pytest.mark.tf  # asks the installed TensorFlow where set_seed lives
def test_a_tf1_seed_function_imported_by_name_is_imported_from_its_tf2_home() -> None:
    msg = "cannot import name 'set_random_seed' from 'tensorflow'"
    (fix,) = _fixes(SEEDED, "ImportError", msg, 1, "rule:api.moved-import")
    assert fix.new_text.startswith(
        "from tensorflow.random import set_seed\nfrom tensorflow import constant\n"
    )
    assert "\nset_seed(7)\n" in fix.new_text


@pytest.mark.tf  # asks the installed TensorFlow whether tf.random.set_seed exists
def test_a_tf1_seed_function_called_on_the_module_moves_to_tf_random() -> None:
    text = "import tensorflow as T\n\nT.set_random_seed(11)\n"
    msg = "module 'tensorflow' has no attribute 'set_random_seed'"
    fixes = _fixes(text, "AttributeError", msg, 3, "rule:api.moved-attribute")
    assert fixes[0].new_text == "import tensorflow as T\n\nT.random.set_seed(11)\n"


AUTOENC = """import keras

code_in = keras.Input((32,))
code_out = keras.layers.Dense(32)(keras.layers.Dense(4)(code_in))
net = keras.Model(output=code_out, input=code_in, name="ae")
"""


def test_keras1_model_keywords_are_both_renamed_in_one_edit() -> None:
    msg = (
        "Unrecognized keyword arguments passed to Model: "
        "{'output': <KerasTensor shape=(None, 32)>, 'input': <KerasTensor shape=(None, 32)>}"
    )
    (fix,) = _fixes(AUTOENC, "ValueError", msg, 5, "rule:api.renamed-keyword")
    assert 'keras.Model(outputs=code_out, inputs=code_in, name="ae")' in fix.new_text
    assert fix.applicability is Applicability.SAFE


def test_an_input_keyword_of_another_callee_is_not_renamed_to_inputs() -> None:
    text = "from keras import layers\n\nlayer = layers.Embedding(10, 4, input=3)\n"
    msg = "Unrecognized keyword arguments passed to Embedding: {'input': 3}"
    fixes = _fixes(text, "ValueError", msg, 3, "rule:api.renamed-keyword")
    assert all("inputs=" not in f.new_text for f in fixes)


SAVER = """import keras

clf = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
clf.compile("sgd", "categorical_crossentropy", metrics=["accuracy"])
run = 3
keep = keras.callbacks.ModelCheckpoint(
    f"ckpt/run{run}-{{epoch}}-{{val_acc:.3f}}.keras", monitor="val_loss"
)
"""


def test_a_checkpoint_name_formatted_with_an_unlogged_metric_uses_the_logged_one() -> None:
    msg = (
        '\'Failed to format this callback filepath: "ckpt/run3-{epoch}-{val_acc:.3f}.keras". '
        "Reason: \\'val_acc\\''"
    )
    (fix,) = _fixes(SAVER, "KeyError", msg, 9, "rule:history.filepath-key")
    assert 'f"ckpt/run{run}-{{epoch}}-{{val_accuracy:.3f}}.keras"' in fix.new_text
    assert "'{val_accuracy}'" in fix.title


def test_a_checkpoint_name_with_a_logged_key_is_left_alone() -> None:
    text = SAVER.replace("val_acc:", "val_loss:")
    msg = "'Failed to format this callback filepath: \"x\". Reason: \\'val_loss\\''"
    assert _fixes(text, "KeyError", msg, 9, "rule:history.filepath-key") == []


KERAS1 = """import numpy as np
from keras.models import Sequential
from keras.layers import Conv2D, Dense, Flatten, Input
from keras.optimizers import SGD

net = Sequential([Input((8, 8, 1)), Conv2D(4, 3, border_mode="same"), Flatten(),
                  Dense(8, init="uniform", W_regularizer=None), Dense(1)])
net.compile(optimizer=SGD(lr=0.1), loss="mse")
net.fit(np.zeros((4, 8, 8, 1)), np.zeros(4), nb_epoch=2, batch_size=2)
"""


@pytest.mark.tf  # asks the installed Keras which keywords each callee takes
def test_the_keras1_keywords_of_every_call_are_renamed_in_the_one_edit() -> None:
    msg = "Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same'}"
    (fix,) = _fixes(KERAS1, "ValueError", msg, 6, "rule:api.renamed-keyword")
    assert 'Conv2D(4, 3, padding="same")' in fix.new_text
    assert 'Dense(8, kernel_initializer="uniform", kernel_regularizer=None)' in fix.new_text
    assert "SGD(learning_rate=0.1)" in fix.new_text
    assert "nb_epoch=2, batch_size=2)" not in fix.new_text
    assert "epochs=2, batch_size=2)" in fix.new_text
    assert fix.applicability is Applicability.SAFE
