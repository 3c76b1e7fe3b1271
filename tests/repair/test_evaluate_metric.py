"""A metric read from ``evaluate`` that the model was never compiled with."""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Fix, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.rules.evaluate import RULES

PATH = Path("/project/train.py")

SCRIPT = """import numpy as np
import keras

clf = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
clf.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
clf.fit(np.random.rand(40, 8), np.random.randint(0, 3, 40), epochs=1)
results = clf.evaluate(np.random.rand(10, 8), np.random.randint(0, 3, 10))
print(f"test loss {results[0]:.3f}, test {results[1]:.3f}")
"""
MESSAGE = "'float' object is not subscriptable"


def _fixes(text: str, line: int) -> list[Fix]:
    failure = Failure("TypeError", MESSAGE, location=Location(str(PATH), line, 1))
    return candidate_fixes(Script(PATH, text), failure, rules={r.id: r for r in RULES})


def test_the_second_value_of_evaluate_read_without_metrics_compiles_accuracy() -> None:
    (fix,) = _fixes(SCRIPT, 8)
    assert 'loss="sparse_categorical_crossentropy", metrics=["accuracy"])' in fix.new_text
    assert fix.applicability is not Applicability.SAFE  # which metric is a guess


def test_a_regression_that_does_not_say_accuracy_is_left_to_the_author() -> None:
    text = SCRIPT.replace('"sparse_categorical_crossentropy"', '"mse"')
    assert not _fixes(text, 8)
    compiled = SCRIPT.replace('crossentropy")', 'crossentropy", metrics=["mae"])')
    assert not _fixes(compiled, 8)  # a metric is compiled: something else is wrong
