"""A concatenation along an axis its inputs agree on (channels-first code on channels-last
data) moves to the one axis the error's shapes differ on, at every concatenation written
on that axis; Keras 1's ``set_image_dim_ordering('tf'/'th')`` becomes
``set_image_data_format('channels_last'/'channels_first')``.

Each case is a small program written here with the message the installed Keras gives
for it; the expected edit is the one the threads' answers make.
"""

from __future__ import annotations

from repair_support import rule_fixes

from gptfix.model import Applicability

STEM = """from keras.layers import Input, Conv2D, MaxPooling2D, concatenate

ip = Input((75, 75, 3))
c = Conv2D(64, 3, strides=2)(ip)
a = MaxPooling2D(3, strides=2)(c)
b = Conv2D(96, 3, strides=2)(c)
m = concatenate([a, b], axis=1)
d = Conv2D(32, 1)(m)
m2 = concatenate([m, d], axis=1)
rows = concatenate([m2, m2], axis=2)
"""
CONCAT_MSG = (
    "A `Concatenate` layer requires inputs with matching shapes except for the concatenation "
    "axis. Received: input_shape=[(None, 17, 17, 64), (None, 17, 17, 96)]"
)


def test_a_concatenation_moves_to_the_axis_its_inputs_differ_on_everywhere_it_is_written() -> None:
    (fix,) = rule_fixes(STEM, "ValueError", CONCAT_MSG, 7, "shape.concat-axis")
    assert "m = concatenate([a, b], axis=-1)\n" in fix.new_text
    assert "m2 = concatenate([m, d], axis=-1)\n" in fix.new_text
    assert "rows = concatenate([m2, m2], axis=2)\n" in fix.new_text  # another axis: kept
    assert fix.applicability is Applicability.SAFE


def test_shapes_that_differ_on_two_axes_give_no_fix() -> None:
    msg = CONCAT_MSG.replace("(None, 17, 17, 96)", "(None, 15, 17, 96)")
    assert rule_fixes(STEM, "ValueError", msg, 7, "shape.concat-axis") == []


ORDERING = """import numpy as np
from keras import backend as K
from keras.models import Sequential
from keras.layers import Dense

K.set_image_dim_ordering('th')
net = Sequential([Dense(1)])
"""


def test_keras1_dim_ordering_becomes_the_data_format_it_names() -> None:
    msg = "module 'keras.backend' has no attribute 'set_image_dim_ordering'"
    (fix,) = rule_fixes(ORDERING, "AttributeError", msg, 6, "api.image-dim-ordering")
    assert "K.set_image_data_format('channels_first')\n" in fix.new_text
    assert "set_image_dim_ordering" not in fix.new_text
