"""Rules for Keras 3 drift and a missing loss, on scripts and messages written here.

Each case is a small program spelled unlike any benchmark program (other names, other
structure) and the message the installed Keras/Python gives for it; the expected edit is
the one a user would make. No training runs here: the rules read the message, the
script and the failure's recorded facts (the Merge cases ask the installed Keras which
layers it exports, hence their ``tf`` mark).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import RULES, candidate_fixes
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, kind: str, message: str, line: int, origin: str, **facts: object):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    trace = facts.pop("trace", None)
    failure.trace = ValueTrace({str(PATH): trace or {}})  # type: ignore[dict-item]
    failure.facts.update(facts)
    rules = {k: r for k, r in RULES.items() if f"rule:{k}" == origin}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


BLOCK = """import keras


class Gate(keras.layers.Layer):
    def __init__(me, width, **kw):
        super(Gate, me).__init__(me, **kw)
        me.width = width

    def build(me, shape):
        super().build(shape)
"""


def test_the_self_passed_again_to_a_bound_parent_init_is_dropped() -> None:
    msg = (
        "Layer.__init__() takes 1 positional argument but 2 positional arguments"
        " (and 1 keyword-only argument) were given"
    )
    (fix,) = _fixes(BLOCK, "TypeError", msg, 6, "rule:api.super-self")
    assert "        super(Gate, me).__init__(**kw)\n" in fix.new_text
    assert fix.applicability is Applicability.SAFE
    assert "`me`" in fix.title


def test_a_parent_init_called_unbound_keeps_its_self() -> None:
    text = BLOCK.replace(
        "super(Gate, me).__init__(me, **kw)", "keras.layers.Layer.__init__(me, **kw)"
    )
    msg = "Layer.__init__() takes 1 positional argument but 2 were given"
    assert _fixes(text, "TypeError", msg, 6, "rule:api.super-self") == []


EXPORT = """import numpy as np
from keras import layers, models

net = models.Sequential([layers.Input((4,)), layers.Dense(1)])
for run in range(2):
    net.save(f"runs/run{run}.keras")
"""


def test_saving_into_a_missing_folder_creates_it_first() -> None:
    msg = "[Errno 2] No such file or directory: 'runs/run0.keras'"
    (fix,) = _fixes(EXPORT, "FileNotFoundError", msg, 6, "rule:files.missing-dir")
    assert "    os.makedirs('runs', exist_ok=True)\n    net.save(" in fix.new_text
    assert fix.new_text.count("import os\n") == 1
    assert "runs" in fix.title


def test_reading_a_missing_file_is_not_a_folder_to_create() -> None:
    text = EXPORT.replace(
        'net.save(f"runs/run{run}.keras")', 'net = models.load_model(f"runs/run{run}.keras")'
    )
    msg = "[Errno 2] No such file or directory: 'runs/run0.keras'"
    assert _fixes(text, "FileNotFoundError", msg, 6, "rule:files.missing-dir") == []


SERVE = """import tensorflow as tf

head = tf.keras.Sequential([tf.keras.Input((3,)), tf.keras.layers.Dense(2)])
export_dir = "serving/head"
head.save(export_dir, save_format="tf")
head.save('head_weights', save_format='h5', include_optimizer=False)
"""
NO_FORMAT = "The `save_format` argument is deprecated in Keras 3. Please remove this argument and pass a file path with either `.keras` or `.h5` extension.Received: save_format=tf"


def test_a_savedmodel_save_becomes_an_export_and_an_h5_save_says_it_by_extension() -> None:
    (fix,) = _fixes(SERVE, "ValueError", NO_FORMAT, 5, "rule:files.save-format")
    assert "\nhead.export(export_dir)\n" in fix.new_text
    assert fix.applicability is not Applicability.SAFE  # load_model no longer reads it
    msg = NO_FORMAT.replace("save_format=tf", "save_format=h5")
    (fix,) = _fixes(SERVE, "ValueError", msg, 6, "rule:files.save-format")
    assert "head.save('head_weights.h5', include_optimizer=False)" in fix.new_text


TAGGER = """import tensorflow as tf

n_tags = 7
tokens = tf.keras.Input(shape=(None,), dtype="int32")
h = tf.keras.layers.Embedding(500, 16)(tokens)
h = tf.keras.layers.LSTM(24, return_sequences=True)(h)
scores = tf.keras.layers.Dense(n_tags)(h)
tagger = tf.keras.Model(tokens, scores)
tagger.compile("sgd", metrics=["accuracy"])
tagger.fit(pairs, epochs=3)
"""
NO_LOSS = "No loss to compute. Provide a `loss` argument in `compile()`."


def test_a_missing_loss_on_logits_and_integer_tags_is_sparse_from_logits() -> None:
    spec = "(TensorSpec(shape=(8, 20), dtype=int32), TensorSpec(shape=(8, 20), dtype=int64))"
    locals_ = {"pairs": {"type": "tensorflow._BatchDataset", "element_spec": spec}}
    (fix,) = _fixes(TAGGER, "ValueError", NO_LOSS, 10, "rule:loss.missing", locals=locals_)
    want = 'compile("sgd", metrics=["accuracy"], loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))'
    assert want in fix.new_text
    assert fix.applicability is Applicability.UNSAFE


RATER = """import numpy as np
import keras

scores = np.random.rand(90, 1).astype("float32")
feats = np.random.rand(90, 6).astype("float32")
rater = keras.Sequential([keras.Input((6,)), keras.layers.Dense(8), keras.layers.Dense(1, activation="sigmoid")])
rater.compile(optimizer="adam")
rater.fit(feats, scores)
"""


def test_a_missing_loss_on_one_sigmoid_unit_is_binary_crossentropy() -> None:
    trace = {4: [ValueFact("scores", "ndarray", [90, 1], "float32")]}
    (fix,) = _fixes(RATER, "ValueError", NO_LOSS, 8, "rule:loss.missing", trace=trace)
    assert "rater.compile(optimizer=\"adam\", loss='binary_crossentropy')" in fix.new_text


def test_a_missing_loss_without_label_facts_proposes_nothing() -> None:
    assert _fixes(RATER, "ValueError", NO_LOSS, 8, "rule:loss.missing") == []


TOWERS = """from keras.layers import Dense, Input, Merge
from keras.models import Model

left = Input((5,))
right = Input((5,))
joined = Merge(mode="sum", name="joined")([Dense(4)(left), Dense(4)(right)])
stacked = Merge(mode="concat", concat_axis=-1)([joined, Dense(4)(left)])
out = Dense(1)(stacked)
"""
GONE = "cannot import name 'Merge' from 'keras.layers' (/env/keras/layers/__init__.py)"


@pytest.mark.tf  # asks the installed Keras whether the new layers exist
def test_keras1_merge_modes_become_their_keras2_layers() -> None:
    (fix,) = _fixes(TOWERS, "ImportError", GONE, 1, "rule:api.merge-removed")
    assert fix.new_text.startswith("from keras.layers import Dense, Input, Add, Concatenate\n")
    assert 'joined = Add(name="joined")([' in fix.new_text
    assert "stacked = Concatenate(axis=-1)([joined" in fix.new_text
    assert fix.applicability is Applicability.SAFE


@pytest.mark.tf  # asks the installed Keras whether the new layers exist
def test_a_merge_mode_without_an_equivalent_is_only_suggested() -> None:
    text = TOWERS.replace('mode="sum", name="joined"', 'mode="cos", dot_axes=1')
    (fix,) = _fixes(text, "ImportError", GONE, 1, "rule:api.merge-removed")
    assert "Dot(axes=1, normalize=True)" in fix.new_text
    assert fix.applicability is Applicability.SUGGESTION


def test_a_merge_of_whole_models_gets_no_rewrite() -> None:
    text = TOWERS.replace('Merge(mode="sum", name="joined")(', 'Merge([left, right], mode="sum")(')
    assert _fixes(text, "ImportError", GONE, 1, "rule:api.merge-removed") == []


CKPT = """import keras

saver = keras.callbacks.ModelCheckpoint(
    "ckpt/w.weights.h5", save_weights_only=True, period={period}
)
"""
CKPT_MSG = "Unrecognized keyword arguments passed to ModelCheckpoint: {'period': %s}"


def test_a_checkpoint_every_epoch_keeps_its_meaning_as_save_freq_epoch() -> None:
    (fix,) = _fixes(CKPT.format(period=1), "TypeError", CKPT_MSG % 1, 3, "rule:api.renamed-keyword")
    assert 'save_weights_only=True, save_freq="epoch"\n' in fix.new_text
    assert "period" not in fix.new_text
    assert fix.applicability is Applicability.SAFE


def test_a_checkpoint_every_few_epochs_is_never_renamed_to_count_batches() -> None:
    (fix,) = _fixes(CKPT.format(period=5), "TypeError", CKPT_MSG % 5, 3, "rule:api.renamed-keyword")
    assert "save_freq=5" not in fix.new_text  # five batches, not five epochs
    assert 'save_freq="epoch"' in fix.new_text
    assert fix.applicability is Applicability.SUGGESTION
    assert "not every 5" in fix.title


CKPT_FIT = """import numpy as np
import keras

features = np.random.rand(300, 8)
targets = np.random.rand(300)
bs = 20
saver = keras.callbacks.ModelCheckpoint(
    "ckpt/w.weights.h5", save_weights_only=True, period=5
)
net = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
net.compile(loss="mse")
net.fit(features, targets, epochs=10, batch_size=bs, callbacks=[saver])
"""


def test_a_checkpoint_every_few_epochs_counts_the_batches_of_those_epochs() -> None:
    msg = CKPT_MSG % 5
    (fix,) = _fixes(CKPT_FIT, "TypeError", msg, 8, "rule:api.renamed-keyword")
    assert "save_weights_only=True, save_freq=5 * -(-len(features) // bs)\n" in fix.new_text
    assert fix.applicability is Applicability.SAFE
    ns: dict[str, object] = {"features": [0] * 300, "bs": 20}
    assert eval("5 * -(-len(features) // bs)", ns) == 75  # 15 batches an epoch, 5 epochs


def test_without_a_batch_size_the_fit_default_of_32_counts() -> None:
    text = CKPT_FIT.replace(", batch_size=bs", "")
    (fix,) = _fixes(text, "TypeError", CKPT_MSG % 5, 8, "rule:api.renamed-keyword")
    assert "save_freq=5 * -(-len(features) // 32)" in fix.new_text


def test_a_batch_size_bound_after_the_callback_is_not_read_before_it() -> None:
    text = CKPT_FIT.replace("bs = 20\n", "").replace("net.compile", "bs = 20\nnet.compile")
    (fix,) = _fixes(text, "TypeError", CKPT_MSG % 5, 7, "rule:api.renamed-keyword")
    assert 'save_freq="epoch"' in fix.new_text
    assert fix.applicability is Applicability.SUGGESTION


KERAS1_FIT = """import numpy as np
import keras

net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
net.compile(loss="mse")
net.fit(np.ones((8, 4)), np.ones(8), epochs=1, show_accuracy=True)
score = net.evaluate(np.ones((8, 4)), np.ones(8), show_accuracy=True)
"""


@pytest.mark.tf
def test_a_keras1_keyword_goes_from_every_training_call_that_passes_it() -> None:
    msg = "TensorFlowTrainer.fit() got an unexpected keyword argument 'show_accuracy'"
    (fix,) = _fixes(KERAS1_FIT, "TypeError", msg, 6, "rule:api.renamed-keyword")
    assert "show_accuracy" not in fix.new_text and "in 2 calls" in fix.title


LATE_PAREN = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense, Input
from keras.optimizers import Adam

net = Sequential([Input((3,)), Dense(2, activation="softmax")])
net.compile(loss="sparse_categorical_crossentropy", optimizer=Adam(learning_rate=0.01, metrics=["accuracy"]))
"""


@pytest.mark.tf
def test_a_keyword_inside_the_wrong_parenthesis_moves_to_the_call_around_it() -> None:
    msg = "Argument(s) not recognized: {'metrics': ['accuracy']}"
    (fix,) = _fixes(LATE_PAREN, "ValueError", msg, 7, "rule:api.renamed-keyword")
    assert 'optimizer=Adam(learning_rate=0.01), metrics=["accuracy"])' in fix.new_text
