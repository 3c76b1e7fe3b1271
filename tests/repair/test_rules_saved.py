"""A saved model loaded without the script's custom objects gets them in ``custom_objects``.

Modelled on the "Could not locate class" / "Unknown layer" threads (a custom layer or loss
trained, saved, and loaded back in the same script); the expected edit is their answers'.
"""

from __future__ import annotations

import ast
from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes

PATH = Path("/project/train.py")

SCRIPT = """import numpy as np
import keras
from keras import layers


class Scale(layers.Layer):
    def call(self, x):
        return x * 2.0


class Helper:
    pass


def my_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred))


model = keras.Sequential([keras.Input((4,)), layers.Dense(8), Scale(), layers.Dense(1)])
model.compile(optimizer="adam", loss=my_loss)
model.save("m.keras")
restored = keras.models.load_model("m.keras")
"""
KERAS3 = (
    "Could not locate class 'Scale'. Make sure custom classes and functions are decorated "
    "with `@keras.saving.register_keras_serializable()`."
)


def _fixes(text: str, message: str, line: int = 22, kind: str = "TypeError"):
    failure = Failure(kind, message, location=Location(str(PATH), line, 1))
    return [
        f
        for f in candidate_fixes(Script(PATH, text), failure)
        if f.origin == "rule:api.custom-objects"
    ]


def test_the_loader_gets_every_custom_object_the_script_defines() -> None:
    (fix,) = _fixes(SCRIPT, KERAS3)
    assert (
        'load_model("m.keras", custom_objects={"Scale": Scale, "my_loss": my_loss})' in fix.new_text
    )
    assert "Helper" not in fix.new_text.splitlines()[-1]  # not a Keras object
    assert fix.applicability is Applicability.SAFE
    ast.parse(fix.new_text)


def test_the_legacy_loaders_message_and_an_existing_dict() -> None:
    text = SCRIPT.replace(
        'load_model("m.keras")', 'load_model("m.h5", custom_objects={"Scale": Scale})'
    )
    (fix,) = _fixes(text, "Unknown loss function: 'my_loss'. Please ensure ...", kind="ValueError")
    assert 'custom_objects={"Scale": Scale, "my_loss": my_loss})' in fix.new_text


def test_a_name_the_script_does_not_define_is_not_guessed() -> None:
    message = KERAS3.replace("'Scale'", "'AttentionBlock'")
    assert _fixes(SCRIPT, message) == []
