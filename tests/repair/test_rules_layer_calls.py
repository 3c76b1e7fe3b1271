"""Layers and models called the Keras 2 way on Keras 3: ``add`` on a functional model
(the functional model through what it adds, several ``add`` calls in a row included), and a
custom layer given plain values by position (given by the names its ``call`` uses); a
subclassed model whose ``call`` lists its inputs as several arguments (``call(self, text,
prefix, training)`` while ``fit`` feeds one tuple: one ``inputs`` argument, unpacked); a
custom class whose ``__init__`` rejects a key of its own saved config (``**kwargs``, passed
on to ``super().__init__``); a Dense head on data with more than one axis per sample:
``Flatten`` first when it reads the data as fed, pooling first over embedded tokens that
only the run's trace shows (layers made once and applied by name).

Each case is a small program written here with the message the installed Keras gives
for it; the expected edit is the one the threads' answers make.
"""

from __future__ import annotations

from repair_support import RULE_PATH, rule_fixes

from gptfix.model import Applicability
from gptfix.values import ValueFact, ValueTrace

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
    (fix,) = rule_fixes(FINETUNE, "AttributeError", msg, 7, "api.functional-add")
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
    (fix,) = rule_fixes(GRID, "ValueError", msg, 12, "api.layer-call-keywords")
    assert "grid = to_grid(inputs, rows=4, cols=4)\n" in fix.new_text
    assert fix.applicability is Applicability.SAFE


CLIP = """import keras


class Clip(keras.constraints.Constraint):
    def __init__(self, c=2):
        super().__init__()
        self.c = c

    def get_config(self):
        return {"name": self.__class__.__name__, "c": self.c}


net = keras.models.load_model("net.keras", custom_objects={"Clip": Clip})
"""


def test_a_class_rejecting_a_key_of_its_own_config_takes_kwargs() -> None:
    msg = "Clip.__init__() got an unexpected keyword argument 'name'"
    (fix,) = rule_fixes(CLIP, "TypeError", msg, 13, "api.init-kwargs")
    assert (
        "    def __init__(self, c=2, **kwargs):\n        super().__init__(**kwargs)\n"
        in fix.new_text
    )
    assert fix.applicability is Applicability.SAFE


RAW = """import keras

inputs = keras.Input((28, 28))
x = keras.layers.Dense(64, activation="relu")(inputs)
outputs = keras.layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""
RANK_MSG = (
    "Argument `output` must have rank (ndim) `target.ndim - 1`. Received: "
    "target.shape=(32,), output.shape=(32, 28, 10)"
)


def test_a_dense_head_on_the_data_as_fed_gets_flatten_first() -> None:
    fixes = rule_fixes(RAW, "ValueError", RANK_MSG, 6, "shape.missing-flatten")
    assert "x = keras.layers.Dense(64" in fixes[0].new_text
    assert "keras.layers.Flatten()(inputs)" in fixes[0].new_text


NAMED = """import keras

embedding = keras.layers.Embedding(1000, 16)
inputs = keras.Input((15,), dtype="int32")
x = embedding(inputs)
outputs = keras.layers.Dense(1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
"""


def test_a_dense_head_on_tokens_the_trace_shows_gets_pooling_first() -> None:
    msg = (
        "Arguments `target` and `output` must have the same rank (ndim). Received: "
        "target.shape=(32,), output.shape=(32, 15, 1)"
    )
    fact = ValueFact("x", "KerasTensor", shape=[None, 15, 16], dtype="float32")
    trace = ValueTrace({str(RULE_PATH): {5: [fact]}})
    fixes = rule_fixes(NAMED, "ValueError", msg, 7, "shape.missing-flatten", trace)
    assert "keras.layers.GlobalAveragePooling1D()(x)" in fixes[0].new_text


SEQ2SEQ = """import numpy as np
import tensorflow as tf


class Translator(tf.keras.Model):
    def __init__(self):
        super().__init__()
        self.embed = tf.keras.layers.Embedding(50, 8)
        self.out = tf.keras.layers.Dense(50)

    def call(self, source, target, training, source_mask):
        \"\"\"Encode ``source``, read ``target``.\"\"\"
        both = tf.concat([self.embed(source), self.embed(target)], axis=1)
        return self.out(both * source_mask[..., None])


src = np.random.randint(0, 50, (32, 6))
tgt = np.random.randint(0, 50, (32, 6))
mask = np.ones((32, 12), "float32")
model = Translator()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit((src, tgt, mask), np.random.randint(0, 50, (32, 12)), epochs=1)
"""


def test_a_model_call_listing_its_inputs_takes_one_tuple_and_unpacks_it() -> None:
    msg = "missing a required argument: 'target'"
    (fix,) = rule_fixes(SEQ2SEQ, "TypeError", msg, 22, "api.model-call-inputs")
    new = fix.new_text or ""
    assert "    def call(self, inputs, training=False):\n" in new
    # the docstring stays first; the inputs are unpacked in the order call listed them
    assert (
        'Encode ``source``, read ``target``."""\n        source, target, source_mask = inputs\n'
        in new
    )
    assert fix.applicability is Applicability.SAFE


def test_a_model_call_is_left_alone_when_the_data_fed_does_not_match_its_inputs() -> None:
    msg = "missing a required argument: 'target'"
    two = SEQ2SEQ.replace("model.fit((src, tgt, mask),", "model.fit((src, tgt),")
    assert rule_fixes(two, "TypeError", msg, 22, "api.model-call-inputs") == []
