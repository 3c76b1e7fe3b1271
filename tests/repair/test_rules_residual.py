"""A sum of two branches whose channel counts differ: the side that hard-codes its count
takes the other side's, also when the other side is the block's input (no layer of the
script sets its count; the error does).

Each script is written here with the message the installed Keras gives for it.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import RULES, candidate_fixes
from gptfix.values import ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, message: str, line: int):
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): {}})
    rules = {"shape.residual-channels": RULES["shape.residual-channels"]}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


INPUT_SUM = """import keras
from keras import layers

img = keras.Input((24, 24, 1))
feat = layers.Conv2D(8, 3, padding="same", activation="relu")(img)
merged = layers.Add()([img, feat])
model = keras.Model(img, layers.Flatten()(merged))
"""
MSG = "Inputs have incompatible shapes. Received shapes (24, 24, 1) and (24, 24, 8)"


def test_a_layer_summed_with_the_input_takes_the_inputs_channel_count() -> None:
    (fix,) = _fixes(INPUT_SUM, MSG, 6)
    assert 'feat = layers.Conv2D(1, 3, padding="same", activation="relu")(img)' in fix.new_text
    assert fix.applicability is Applicability.UNSAFE  # a choice between the two sides


BLOCK = """import keras
from keras import layers


def block(x, filters):
    y = layers.Conv2D(filters, 3, padding="same")(x)
    y = layers.Conv2D(16, 3, padding="same")(y)
    return y + x


inp = keras.Input((16, 16, 32))
out = block(inp, 32)
"""


def test_a_hard_coded_count_takes_the_count_of_the_blocks_input() -> None:
    msg = (
        "Dimensions must be equal, but are 16 and 32 for '{{node add}} = AddV2' with input "
        "shapes: [?,16,16,16], [?,16,16,32]."
    )
    (fix,) = _fixes(BLOCK, msg, 8)
    assert 'y = layers.Conv2D(32, 3, padding="same")(y)\n    return y + x' in fix.new_text
