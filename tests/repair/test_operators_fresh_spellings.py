"""Operators reaching a cause one step removed from where they used to look: a head
sized by a config name bound to a literal, a merge layer given its list of inputs at
construction, labels one axis short of the predictions a metric compares them with.

Each script is written here in its own spelling, with the message Keras 3 gives for it
and the facts the failing run records (the frame's locals, the value trace).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gptfix.model import Applicability, Failure, Fix, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueFact, ValueTrace

PATH = Path("/project/train.py")


def _fixes(
    text: str,
    message: str,
    line: int,
    trace: dict[int, list[ValueFact]] | None = None,
    local_vars: dict[str, Any] | None = None,
    kind: str = "ValueError",
) -> list[Fix]:
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    failure.facts["locals"] = local_vars or {}
    failure.trace = ValueTrace({str(PATH): trace or {}})
    return candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)


def _by(fixes: list[Fix], origin: str) -> list[Fix]:
    return [f for f in fixes if f.origin == f"rule:{origin}"]


def _arr(name: str, *shape: int | None) -> ValueFact:
    return ValueFact(name, "ndarray", list(shape), "float32")


SPECIES = """import numpy
from tensorflow import keras

def make_net():
    n_species = 9
    net = keras.Sequential([keras.Input((16,)), keras.layers.Dense(n_species, "softmax")])
    net.compile("rmsprop", "categorical_crossentropy")
    return net

traits = numpy.random.rand(200, 16)
kinds = keras.utils.to_categorical(numpy.random.randint(0, 4, 200))
make_net().fit(traits, kinds, epochs=2)
"""
WIDTHS = "Arguments `target` and `output` must have the same shape. Received: target.shape=(None, 4), output.shape=(None, 9)"


def test_a_head_sized_by_a_name_bound_to_a_literal_gets_the_labels_width_at_the_binding() -> None:
    trace = {11: [_arr("kinds", 200, 4)]}
    (fix,) = _by(_fixes(SPECIES, WIDTHS, 12, trace), "ops.head-width")
    assert "    n_species = 4\n" in fix.new_text
    assert 'keras.layers.Dense(n_species, "softmax")' in fix.new_text  # the head reads it
    assert fix.applicability is Applicability.UNSAFE  # the run verifies it
    # labels whose width the run did not see as the target's: no evidence, no fix
    assert not _by(_fixes(SPECIES, WIDTHS, 12, {11: [_arr("kinds", 200, 5)]}), "ops.head-width")
    # a count that is not a literal binding (read from elsewhere) is left alone
    computed = SPECIES.replace("n_species = 9", "n_species = len(str(123456789))")
    assert not _by(_fixes(computed, WIDTHS, 12, trace), "ops.head-width")


BRANCHES = """from tensorflow.keras import Input, Model
from tensorflow.keras.layers import Add, Conv1D

wave = Input((64, 1))
left = Conv1D(4, 3, padding="same")(wave)
right = Conv1D(4, 5, padding="same")(wave)
both = Add([left, right], name="merge")
Model(wave, both).summary()
"""
KT = {"type": "keras.KerasTensor", "shape": [None, 64, 4]}


def test_a_merge_layer_given_its_list_of_inputs_at_construction_is_constructed_then_called() -> (
    None
):
    msg = "Add.__init__() got multiple values for argument 'name'"
    local = {"left": KT, "right": KT}
    (fix,) = _by(
        _fixes(BRANCHES, msg, 7, local_vars=local, kind="TypeError"), "ops.keras-layer-called"
    )
    assert 'both = Add(name="merge")([left, right])' in fix.new_text
    assert "`left` held a tensor of shape [None, 64, 4]" in fix.evidence[0]
    # one element of the list is no tensor (an array): not a layer's inputs
    arrays = {"left": KT, "right": {"type": "numpy.ndarray", "shape": [64, 4]}}
    assert not _by(
        _fixes(BRANCHES, msg, 7, local_vars=arrays, kind="TypeError"), "ops.keras-layer-called"
    )


CHURN = """import numpy as onp
import keras

usage = onp.random.rand(300, 8)
left = onp.asarray([float(v > 0.5) for v in onp.random.rand(300)])
clf = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
clf.compile("adam", "binary_crossentropy", metrics=[keras.metrics.F1Score()])
clf.fit(usage, left, epochs=2)
"""
F1 = "FBetaScore expects 2D inputs with shape (batch_size, output_dim). Received input shapes: y_pred.shape=(None, 1) and y_true.shape=(None,)."


def test_labels_one_axis_short_of_the_predictions_get_it_where_they_are_made() -> None:
    (fix,) = _by(_fixes(CHURN, F1, 8, {5: [_arr("left", 300)]}), "ops.label-axis")
    lines = fix.new_text.splitlines()
    assert lines[5].startswith("left = left.reshape(-1, 1)")  # right after line 5 made it
    assert lines[-1] == "clf.fit(usage, left, epochs=2)"
    # predictions of several columns: a reshape to one column is no fix
    wide = F1.replace("y_pred.shape=(None, 1)", "y_pred.shape=(None, 3)")
    assert not _by(_fixes(CHURN, wide, 8, {5: [_arr("left", 300)]}), "ops.label-axis")
    # labels the run saw with two axes already are not the short ones
    assert not _by(_fixes(CHURN, F1, 8, {5: [_arr("left", 300, 1)]}), "ops.label-axis")


STREAM = """import numpy
import keras

frames = numpy.random.rand(50, 12, 8)
tags = numpy.random.rand(50, 2)

def one_at_a_time():
    k = 0
    while True:
        yield frames[k % 50], tags[k % 50]
        k += 1

m = keras.Sequential([keras.Input((12, 8)), keras.layers.Flatten(), keras.layers.Dense(2)])
m.compile("adam", "mse")
m.fit(one_at_a_time(), steps_per_epoch=50, epochs=1)
"""


def test_a_generator_yielding_one_sample_at_a_time_gets_the_batch_axis_at_the_yield() -> None:
    msg = "Invalid input shape for input Tensor(...). Expected shape (None, 12, 8), but input has incompatible shape (None, 8)"
    (fix,) = _by(_fixes(STREAM, msg, 15), "ops.sample-axis")
    assert (
        "yield numpy.expand_dims(frames[k % 50], axis=0), numpy.expand_dims(tags[k % 50], axis=0)"
        in fix.new_text
    )
    # the input arrived with the model's rank: no sample lacks its batch axis
    ranked = msg.replace("incompatible shape (None, 8)", "incompatible shape (None, 12, 9)")
    assert not _by(_fixes(STREAM, ranked, 15), "ops.sample-axis")
