"""A failing value whose real source the author commented out: the comment is restored.

Modelled on threads where the answer was "you commented out the lines that load it":
the live code makes a stand-in (an empty slice, ``None``) and a variable naming the real
source is bound and never read. Comments that are prose, examples that read nothing
unused, or code in another function are left alone.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Applicability, Failure, Location, Script
from gptfix.repair import candidate_fixes
from gptfix.repair.operators import OPERATORS
from gptfix.values import ValueTrace

PATH = Path("/project/train.py")


def _fixes(text: str, line: int, message: str = "ValueError: empty validation data"):
    failure = Failure("ValueError", message, location=Location(str(PATH), line, 1))
    failure.trace = ValueTrace({str(PATH): {}})
    return [
        f
        for f in candidate_fixes(Script(PATH, text), failure, rules=OPERATORS)
        if f.origin == "rule:ops.commented-code"
    ]


SCRIPT = """import numpy as np
import keras


def train(epochs):
    holdout_file = "holdout.npz"
    X = np.random.rand(100, 4)
    y = X.sum(axis=1)
    # Keep a slice for validation.
    X_val, y_val = X[100:], y[100:]
    #data = np.load(holdout_file)
    #X_val, y_val = data["x"], data["y"]
    #if len(X_val) > 50:
    #    X_val, y_val = X_val[:50], y_val[:50]
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    # model.fit(X, y, epochs=100)
    model.fit(X, y, epochs=epochs,
              validation_data=(X_val, y_val))


train(2)
"""


def test_the_commented_lines_that_make_the_failing_value_are_restored() -> None:
    (fix,) = _fixes(SCRIPT, 18)
    assert '    data = np.load(holdout_file)\n    X_val, y_val = data["x"], data["y"]\n' in (
        fix.new_text
    )
    assert "    if len(X_val) > 50:\n        X_val, y_val = X_val[:50], y_val[:50]\n" in (
        fix.new_text
    )
    assert "    # Keep a slice for validation.\n" in fix.new_text  # prose stays a comment
    assert "    # model.fit(X, y, epochs=100)\n" in fix.new_text  # so does the other example
    assert fix.applicability is Applicability.SAFE
    assert any("holdout_file" in e for e in fix.evidence)


def test_commented_code_that_reads_nothing_left_unused_is_only_an_example() -> None:
    text = SCRIPT.replace('    holdout_file = "holdout.npz"\n', "").replace(
        "np.load(holdout_file)", 'np.load("holdout.npz")'
    )
    assert _fixes(text, 18) == []


def test_commented_code_that_makes_nothing_the_failure_reads_is_left_alone() -> None:
    text = SCRIPT.replace(
        "validation_data=(X_val, y_val))", "validation_split=0.2)\nprint(len(X_val))"
    )
    assert _fixes(text, 18) == []


def test_commented_code_in_another_function_is_left_alone() -> None:
    text = SCRIPT.replace(
        "    X_val, y_val = X[100:], y[100:]\n",
        "    X_val, y_val = X[100:], y[100:]\n    return\n\n\ndef other():\n"
        '    holdout_file = "holdout.npz"\n',
    )
    assert _fixes(text, 24) == []
