"""A loss named in prose as the one to use, with no code block: quoted, in bold, or bare
when the name can only be a loss. It replaces the value of the script's one ``loss=``.

- "use `sparse_categorical_crossentropy` as the loss", "therefore I use
  **sparse_categorical_crossentropy**", "Switch the loss to ...", "把损失函数改成 `...`".
- Not when the sentence describes the user's code ("You use categorical_crossentropy with
  integer labels"), turns it down ("don't use"), makes it a condition ("only if"), or names
  a short alias that is also a metric without saying it is the loss ("compare runs using
  `mae`").

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 4, 64)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["mae"])
model.fit(x, y, epochs=1, verbose=0)
"""


@pytest.mark.parametrize(
    "answer",
    [
        "Your labels are integers 0..3, so use `sparse_categorical_crossentropy` as the loss.",
        "I had the same error with 4 categories coded 0 1 2 3, therefore I use "
        "**sparse_categorical_crossentropy**",
        "Switch the loss to `sparse_categorical_crossentropy`; your labels are not one-hot.",
        "标签是整数，把损失函数改成 `sparse_categorical_crossentropy`。",
        "Integer labels need sparse_categorical_crossentropy, so use sparse_categorical_crossentropy here.",
    ],
)
def test_a_loss_asked_for_in_words_replaces_the_scripts_loss(answer: str) -> None:
    result = apply_answer(SCRIPT, answer + "\n")
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss="sparse_categorical_crossentropy"' in result.new_text
    assert 'metrics=["mae"]' in result.new_text


@pytest.mark.parametrize(
    "answer",
    [
        "You use categorical_crossentropy with integer labels, and that does not work.",
        "Don't use `sparse_categorical_crossentropy` here, your labels will be one-hot later.",
        "Use `binary_crossentropy` only if you have two classes.",
        "Note the loss now includes the penalty, so compare runs using `mae` rather than `loss`.",
    ],
)
def test_a_loss_named_without_asking_for_it_changes_nothing(answer: str) -> None:
    result = apply_answer(SCRIPT, answer + "\n")
    assert not result.ok and result.new_text is None
