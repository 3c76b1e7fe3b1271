"""A model object given where a functional graph wants its tensors: the model's output is
passed instead (``base.output``; ``A.outputs`` for a model built with two outputs), only
for names the program model knows to hold a model, only as a layer's or model's input.

Each case is a small program written here with the message the installed Keras gives
for it; the expected edit is the one the threads' answers make.
"""

from __future__ import annotations

from repair_support import rule_fixes

BACKBONE = """import keras
from keras import layers

base = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None)
x = layers.GlobalAveragePooling2D()(base)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(base.input, outputs)
"""

MSG = (
    "Only input tensors may be passed as positional arguments. The following argument value "
    "should be passed as a keyword argument: <Functional name=mobilenetv2_1.00_32, built=True>"
)


def test_a_backbone_given_to_a_layer_passes_its_output() -> None:
    (fix,) = rule_fixes(BACKBONE, "ValueError", MSG, 5, "api.model-as-tensor")
    assert "x = layers.GlobalAveragePooling2D()(base.output)\n" in fix.new_text
    assert "keras.Model(base.input, outputs)" in fix.new_text


TWO_HEADS = """import keras

a_in = keras.Input((4,))
h = keras.layers.Dense(5)(a_in)
encoder = keras.Model(a_in, [keras.layers.Dense(4)(h), keras.layers.Dense(4)(h)])
b_in = [keras.Input((4,)), keras.Input((4,))]
joined = keras.layers.Dense(5)(keras.layers.Concatenate()(b_in))
decoder = keras.Model(b_in, joined)
both = keras.Model(a_in, decoder(encoder))
"""


def test_a_model_with_two_outputs_given_to_a_model_passes_its_outputs() -> None:
    msg = 'Layer "functional_1" expects 2 named input(s), but it received 1 input tensors.'
    (fix,) = rule_fixes(TWO_HEADS, "ValueError", msg, 9, "api.model-as-tensor")
    assert "both = keras.Model(a_in, decoder(encoder.outputs))\n" in fix.new_text


def test_a_tensor_or_a_model_given_by_keyword_is_left_alone() -> None:
    tensor = BACKBONE.replace("(base)\n", "(base.output)\n")
    assert rule_fixes(tensor, "ValueError", MSG, 5, "api.model-as-tensor") == []
    keyword = TWO_HEADS.replace("decoder(encoder)", "decoder(inputs=encoder)")
    assert rule_fixes(keyword, "ValueError", "expects 2 input(s)", 9, "api.model-as-tensor") == []
