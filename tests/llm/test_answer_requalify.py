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


UNUSED_UTILS = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense
from keras.utils import np_utils

x = np.random.rand(64, 4)
y = (x[:, 0] > 0.5).astype("float32")
model = Sequential([Dense(1, activation="sigmoid")])
"""


def test_placeholder_pair_for_calls_with_other_arguments() -> None:
    # the answer's `y` is a placeholder: the script's calls keep their own arguments
    answer = (
        "`np_utils` is gone in Keras 3. Import the function itself:\n\n"
        "```python\nfrom keras.utils import to_categorical\n```\n\n"
        "and replace `np_utils.to_categorical(y)` with `to_categorical(y)`.\n"
    )
    result = apply_answer(OLD_UTILS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "y_train = to_categorical(y, 3)" in new
    assert "y_test = to_categorical(y[:8], 3)" in new
    assert "np_utils" not in new
    # the answer's import takes the place of the line it replaces
    assert new.index("from keras.utils import to_categorical") < new.index("from keras.layers")


def test_pair_for_a_call_the_script_never_makes_drops_the_unread_import() -> None:
    answer = (
        "You should use:\nfrom tensorflow.keras.utils import to_categorical\n"
        "Then replace:\nnp_utils.to_categorical(y)\nwith:\nto_categorical(y)\n"
    )
    result = apply_answer(UNUSED_UTILS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "np_utils" not in new
    assert "from tensorflow.keras.utils import to_categorical" in new
    assert "model = Sequential([Dense(1" in new


def test_an_import_still_read_elsewhere_stays() -> None:
    script = UNUSED_UTILS + "x = np_utils.normalize(x)\n"
    answer = "Replace `np_utils.to_categorical(y)` with `to_categorical(y)`.\n"
    result = apply_answer(script, answer)
    assert not (result.ok and result.new_text and "np_utils import" not in result.new_text)


def test_a_pair_that_changes_the_arguments_is_no_respelling() -> None:
    answer = (
        "Then replace:\n\n```python\nnp_utils.to_categorical(y)\n```\n\nwith:\n\n"
        "```python\nto_categorical(y, num_classes=2)\n```\n"
    )
    result = apply_answer(UNUSED_UTILS, answer)
    assert not (result.ok and result.new_text and "np_utils" not in result.new_text)
