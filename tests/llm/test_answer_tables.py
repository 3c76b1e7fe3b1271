"""Changes laid out as a Markdown table: "| Line | Old | New |" with a row
"| `model.compile(...)` | `loss="a"` | `loss="b"` |" is "in `model.compile(...)`, change
`loss="a"` to `loss="b"`", in English, German and Chinese headers; a table whose columns are
no old and new code (a glossary) changes nothing.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

y = keras.utils.to_categorical(np.random.randint(0, 3, 32), 3)
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(np.random.rand(32, 5), y, epochs=1, verbose=0)
"""

ROW = '| `model.compile(...)` | `loss="sparse_categorical_crossentropy"` | `loss="categorical_crossentropy"` |'


def test_an_old_new_table_row_is_the_change_it_says() -> None:
    for head in ("| Line | Old | New |", "| Stelle | Alt | Neu |", "| 位置 | 修改前 | 修改后 |"):
        answer = (
            "The labels are one-hot, so the loss must be the categorical one:\n\n"
            f"{head}\n|---|---|---|\n{ROW}\n\nNothing else changes.\n"
        )
        result = apply_answer(SCRIPT, answer)
        assert result.ok and result.new_text is not None, (head, result.refusal)
        assert result.new_text == SCRIPT.replace(
            'loss="sparse_categorical_crossentropy"', 'loss="categorical_crossentropy"'
        ), head


def test_a_table_of_other_columns_changes_nothing() -> None:
    answer = (
        "What the two losses expect:\n\n| Loss | Labels |\n|---|---|\n"
        "| `sparse_categorical_crossentropy` | `[2, 0, 1]` |\n"
        "| `categorical_crossentropy` | `[[0, 0, 1], ...]` |\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is None or result.new_text == SCRIPT
