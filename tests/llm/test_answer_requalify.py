"""A call shown with its arguments elided, reached through another module: ``from keras
import utils`` / ``utils.to_categorical(...)`` for a script that calls
``np_utils.to_categorical(y, 3)`` after ``from keras.utils import np_utils``.

The script's calls keep their arguments and take the answer's way to the function; the
script's import that only those calls read goes, the answer's import in its place. A call
the script makes in two different ways is not guessed at.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

OLD_UTILS = """import numpy as np
from keras.models import Sequential
from keras.utils import np_utils
from keras.layers import Dense

y = np.random.randint(0, 3, 32)
y_train = np_utils.to_categorical(y, 3)
y_test = np_utils.to_categorical(y[:8], 3)
model = Sequential([Dense(3, activation="softmax")])
"""


def test_calls_reached_through_the_module_the_answer_imports() -> None:
    answer = (
        "In the public API you cannot access np_utils. Access the utilities via the utils "
        "module, e.g.\n\n```\nfrom keras import utils\n\nutils.to_categorical(...)\n```\n"
    )
    result = apply_answer(OLD_UTILS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "y_train = utils.to_categorical(y, 3)" in new
    assert "y_test = utils.to_categorical(y[:8], 3)" in new
    assert "np_utils" not in new
    assert new.index("from keras import utils") < new.index("from keras.layers import Dense")


def test_a_function_called_two_ways_is_not_guessed() -> None:
    script = OLD_UTILS.replace(
        "y_test = np_utils.to_categorical(y[:8], 3)",
        "import keras\ny_test = keras.utils.to_categorical(y[:8], 3)",
    )
    answer = (
        "Use the utils module:\n\n```\nfrom keras import utils\n\nutils.to_categorical(...)\n```\n"
    )
    result = apply_answer(script, answer)
    assert not (result.ok and result.new_text and "utils.to_categorical(y, 3)" in result.new_text)
