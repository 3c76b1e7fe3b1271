"""Answers that lost their Markdown write calls bare inside sentences: "in
keras.optimizers.Adam(lr=0.001) change lr by learning_rate, the code become
keras.optimizers.Adam(learning_rate=0.001)". Such a call reads as the inline code it is,
and "`X` becomes `Y`" / "in `X` change ..., the code becomes `Y`" are changes of `X`.
Words with brackets ("the example(s) below") are not code.

The answers and the script were written for these tests.
"""

from __future__ import annotations

from gptfix.llm import apply_answer
from gptfix.llm.bare_lines import quote_bare_calls

SCRIPT = """import numpy as np
from tensorflow import keras

x = np.random.rand(32, 4).astype("float32")
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(
    optimizer=keras.optimizers.SGD(lr=0.01, momentum=0.9),
    loss="mse",
)
model.fit(x, y, epochs=1, verbose=0)
"""

NEW = "optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),"


def test_bare_calls_in_a_sentence_are_quoted() -> None:
    text = "in keras.optimizers.SGD(lr=0.01) change lr, it gives Dense(units=3)then it runs"
    assert quote_bare_calls(text) == (
        "in `keras.optimizers.SGD(lr=0.01)` change lr, it gives `Dense(units=3)`then it runs"
    )
    assert quote_bare_calls("See the example(s) below and print(x) too.") == (
        "See the example(s) below and print(x) too."
    )
    code_line = "model.fit(x, y, epochs=3)"  # a line of code by itself: left to the code reader
    assert quote_bare_calls(code_line) == code_line


def test_no_markdown_change_then_the_code_becomes() -> None:
    answer = (
        "in keras.optimizers.SGD(lr=0.01, momentum=0.9) change lr by learning_rate, the code "
        "become  keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)this is just an example"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert f"    {NEW}" in result.new_text.split("\n")


def test_quoted_x_becomes_y() -> None:
    answer = (
        "Keras 3 removed `lr`: `keras.optimizers.SGD(lr=0.01, momentum=0.9)` becomes "
        "`keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)`."
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert f"    {NEW}" in result.new_text.split("\n")
