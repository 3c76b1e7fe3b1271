"""Three readings of the prose around a block.

- "once you raise `EPOCHS` to 50+ they will ...": a condition and an open range, no change.
- "gardez `loss="mse"` tel quel" (French: "keep `loss="mse"` as it is") after a block that
  writes another loss: the answer contradicts itself and is refused; a block that leaves
  the loss alone is applied.
- "Replace the `table = np.empty(...)` block (the `np.empty` line and the three
  `table[:, i] = ...` lines) with:" over one statement that builds ``table`` whole: the
  three in-place writes go with it; when the sentence counts otherwise, or quotes nothing
  of them, they stay.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

FIT = """import numpy as np
from tensorflow import keras

EPOCHS = 2
x = np.random.rand(64, 4).astype("float32")
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=EPOCHS, verbose=0)
"""

CALLBACKS = """Add early stopping:

```python
stop = keras.callbacks.EarlyStopping(patience=3)
model.fit(x, y, epochs=EPOCHS, callbacks=[stop], verbose=0)
```
"""


def test_once_you_raise_to_fifty_plus_is_no_change() -> None:
    answer = (
        CALLBACKS + "\nWith 2 epochs it will not trigger, but once you raise `EPOCHS` to 50+ "
        "it will keep the run from overfitting. Everything else stays the same.\n"
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "EPOCHS = 2" in result.new_text and "callbacks=[stop]" in result.new_text


def test_keep_the_loss_as_it_is_after_a_block_that_changes_it() -> None:
    answer = (
        "Je vous conseille une perte plus robuste. Remplacez votre `model.compile` par :\n\n"
        '```python\nmodel.compile(optimizer="adam", loss=keras.losses.Huber(delta=0.1))\n```\n\n'
        'En résumé : gardez `loss="mse"` tel quel, c\'est le meilleur choix.\n'
    )
    result = apply_answer(FIT, answer)
    assert not result.ok
    assert "contradicts itself" in (result.refusal or "")


def test_keep_the_loss_while_the_block_changes_the_optimizer() -> None:
    answer = (
        'Use a smaller learning rate and keep `loss="mse"` as it is:\n\n'
        '```python\nmodel.compile(optimizer=keras.optimizers.Adam(1e-4), loss="mse")\n```\n'
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Adam(1e-4)" in result.new_text


TABLE = """import numpy as np

n = 50
rng = np.random.default_rng(0)
age = rng.integers(18, 80, size=n)
plan = rng.choice(["a", "b"], size=n)
table = np.empty((n, 2), dtype=object)
table[:, 0] = age
table[:, 1] = plan
table[0, 0] = 30
print(table.shape)
"""

NEW = """```python
table = np.column_stack([age, (plan == "b").astype("float32")]).astype("float32")
```
"""


def test_the_quoted_writes_go_with_the_statement() -> None:
    answer = (
        "Replace the `table = np.empty(...)` block (the `np.empty` line and the two "
        f"`table[:, i] = ...` lines) with:\n\n{NEW}"
    )
    result = apply_answer(TABLE, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert "np.empty" not in text and "table[:, 0] = age" not in text
    assert "table[:, 1] = plan" not in text
    assert "table[0, 0] = 30" in text  # not one the sentence quotes


def test_a_count_that_differs_keeps_them() -> None:
    answer = (
        f"Replace `table = np.empty(...)` and the three `table[:, i] = ...` lines with:\n\n{NEW}"
    )
    result = apply_answer(TABLE, answer)
    if result.ok:
        assert result.new_text is not None and "table[:, 0] = age" in result.new_text


def test_without_a_quote_of_them_they_stay() -> None:
    answer = f"Replace the `table = np.empty(...)` line with:\n\n{NEW}"
    result = apply_answer(TABLE, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "table[:, 0] = age" in result.new_text and "np.empty" not in result.new_text
