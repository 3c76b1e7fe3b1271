"""A custom layer whose ``__init__`` never calls the parent's: the call goes first in that
``__init__`` (after its docstring), with the ``**kwargs`` it takes; a class that calls a
parent ``__init__`` already, or another class than the one the message names, is left
alone. The fixed program runs.

Each case is a small program written here with the message Keras 3 gives for it.
"""

from __future__ import annotations

from pathlib import Path

from repair_support import assert_runs, rule_fixes

LAYER = '''import numpy as np
import keras


class Scale(keras.layers.Layer):
    def __init__(self, factor, **kwargs):
        """Multiply by a constant."""
        self.factor = factor

    def call(self, x):
        return x * self.factor


inputs = keras.Input((4,))
model = keras.Model(inputs, keras.layers.Dense(1)(Scale(2.0)(inputs)))
model.compile(optimizer="adam", loss="mse")
model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=1, verbose=0)
'''

MSG = (
    "In layer 'Scale', you forgot to call `super().__init__()` as the first statement in "
    "the `__init__()` method. Go add it!"
)


def test_the_parent_init_is_called_first_with_the_kwargs(tmp_path: Path) -> None:
    (fix,) = rule_fixes(LAYER, "RuntimeError", MSG, 15, "api.super-init-missing")
    text = fix.new_text
    assert '        """Multiply by a constant."""\n        super().__init__(**kwargs)\n' in text
    assert text.count("super().__init__") == 1
    assert_runs(tmp_path, text)


def test_a_class_that_calls_a_parent_init_or_another_class_is_left_alone() -> None:
    calls = LAYER.replace(
        "        self.factor = factor\n",
        "        keras.layers.Layer.__init__(self)\n        self.factor = factor\n",
    )
    assert rule_fixes(calls, "RuntimeError", MSG, 15, "api.super-init-missing") == []
    other = MSG.replace("'Scale'", "'Other'")
    assert rule_fixes(LAYER, "RuntimeError", other, 15, "api.super-init-missing") == []
