"""Two list items added in two steps, the second like the first: "after the line
`layers.Dense(32, activation="relu"),` add: `layers.Dropout(0.3),`" and then "after
`layers.Dense(16, activation="relu"),` add another one with a smaller rate:
`layers.Dropout(0.2),`". Each goes after the item its sentence quotes (with the quote's
trailing comma), and the second is added beside the first, not written over it. A line
that gives an existing one a new argument ("add the argument ..., i.e.:") still changes it.
A helper "right after `build_model()`" goes after that function, not after the line that
calls it.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def build_model(n_features):
    model = keras.Sequential([
        keras.Input(shape=(n_features,)),
        layers.Dense(32, activation="relu"),
        layers.Dense(16, activation="relu"),
        layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


model = build_model(12)
model.fit(np.random.rand(64, 12), np.random.randint(0, 2, 64), epochs=1, verbose=0)
"""


def test_a_second_item_like_the_first_is_added_beside_it() -> None:
    answer = (
        'In your `build_model` function, after the line `layers.Dense(32, activation="relu"),` '
        "add:\n\n```python\n        layers.Dropout(0.3),\n```\n\n"
        'and after `layers.Dense(16, activation="relu"),` add another one with a smaller '
        "rate:\n\n```python\n        layers.Dropout(0.2),\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        '        layers.Dense(32, activation="relu"),\n'
        "        layers.Dropout(0.3),\n"
        '        layers.Dense(16, activation="relu"),\n'
        "        layers.Dropout(0.2),\n"
        '        layers.Dense(1, activation="sigmoid"),\n'
    ) in result.new_text


def test_a_line_given_a_new_argument_is_still_changed_in_place() -> None:
    answer = (
        "On the second dense layer, add the argument "
        "`kernel_regularizer=keras.regularizers.l2(1e-4)`, that is:\n\n```python\n"
        '        layers.Dense(16, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),\n'
        "```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text.count("layers.Dense(16") == 1
    assert 'layers.Dense(16, activation="relu", kernel_regularizer=' in result.new_text


def test_a_helper_said_to_go_right_after_a_function_called_by_name_goes_after_it() -> None:
    answer = (
        "Add this helper right after `build_model()`:\n\n```python\n"
        "def make_callbacks():\n"
        "    return [keras.callbacks.EarlyStopping(patience=2)]\n```\n\n"
        "Then pass it to `fit`:\n\n```python\n"
        "model.fit(np.random.rand(64, 12), np.random.randint(0, 2, 64), epochs=1, verbose=0,\n"
        "          callbacks=make_callbacks())\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert (
        text.index("    return model\n")
        < text.index("def make_callbacks")
        < text.index("model = build_model(12)")
    )
