"""Which layer goes before a Dense head fed a sequence: a recurrent layer's states over a
known number of steps are flattened (their order kept); a bag of embedded tokens pooled."""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Failure, Fix, Location, Script
from gptfix.repair import RULES, candidate_fixes

PATH = Path("/project/train.py")
TAGGER = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

net = keras.Sequential()
net.add(layers.GRU(16, input_shape=(12, 4), return_sequences=True))
net.add(layers.Dense(5, activation="softmax"))
net.compile(loss="categorical_crossentropy", optimizer="adam")
net.fit(np.random.rand(40, 12, 4), np.eye(5)[np.random.randint(0, 5, 40)], epochs=1)
"""
RANK = "Arguments `target` and `output` must have the same rank (ndim). Received: target.shape=(None, 5), output.shape=(None, 12, 5)"


def _flatten_fixes(text: str, message: str) -> list[Fix]:
    failure = Failure("ValueError", message, location=Location(str(PATH), 9, 1))
    rules = {"shape.missing-flatten": RULES["shape.missing-flatten"]}
    return candidate_fixes(Script(PATH, text), failure, rules=rules)


def test_recurrent_states_over_known_steps_are_flattened_first() -> None:
    first, second = _flatten_fixes(TAGGER, RANK)
    assert "layers.Flatten()" in first.new_text and "GlobalAveragePooling1D" in second.new_text


def test_embedded_tokens_are_pooled_first() -> None:
    bag = TAGGER.replace(
        "layers.GRU(16, input_shape=(12, 4), return_sequences=True)", "layers.Embedding(50, 16)"
    )
    first = _flatten_fixes(bag, RANK)[0]
    assert "GlobalAveragePooling1D" in first.new_text


def test_a_long_wide_sequence_is_pooled_rather_than_flattened_into_a_huge_head() -> None:
    wide = TAGGER.replace(
        "layers.GRU(16, input_shape=(12, 4), return_sequences=True)",
        "layers.Bidirectional(layers.LSTM(100, return_sequences=True), input_shape=(128, 4))",
    )
    message = RANK.replace("(None, 12, 5)", "(None, 128, 5)")
    first = _flatten_fixes(wide, message)[0]
    assert "GlobalAveragePooling1D" in first.new_text
