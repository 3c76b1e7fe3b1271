"""Numbered steps go down the script: a block that matches two equal places (two
``model.compile`` calls, one per training phase) right after a step that changed the code
between them means the one below that step ("Step 2: unfreeze ... Step 3: recompile:").
A word that says which one ("the first compile") wins over the order, and with no step
before it the block stays ambiguous and is refused.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

LR = 1e-3
x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 2, 64)

base = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu")])
base.trainable = False
model = keras.Sequential([base, layers.Dense(1, activation="sigmoid")])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=LR),
    loss="binary_crossentropy",
)
model.fit(x, y, epochs=1, verbose=0)

base.trainable = True
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=LR / 10),
    loss="binary_crossentropy",
)
model.fit(x, y, epochs=1, verbose=0)
"""

STEP2 = """**Step 2:** unfreeze only the last layer:

```python
base.trainable = True
for layer in base.layers[:-1]:
    layer.trainable = False
```
"""

COMPILE = """```python
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-5),
    loss="binary_crossentropy",
)
```
"""


def test_recompile_after_the_step_before_it() -> None:
    answer = f"{STEP2}\n**Step 3:** recompile with a much smaller learning rate:\n\n{COMPILE}"
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.count("learning_rate=1e-5") == 1
    assert "learning_rate=LR)" in text  # the first phase is left alone
    assert text.index("for layer in base.layers[:-1]:") < text.index("learning_rate=1e-5")
    assert "LR / 10" not in text


def test_a_word_for_the_first_one_wins_over_the_order() -> None:
    answer = f"{STEP2}\n**Step 3:** in the first compile, use a smaller rate:\n\n{COMPILE}"
    result = apply_answer(SCRIPT, answer)
    if result.ok:  # the first compile, or nothing at all: never the second
        assert result.new_text is not None
        assert "LR / 10" in result.new_text


def test_alone_it_is_still_ambiguous() -> None:
    answer = f"Recompile with a much smaller learning rate:\n\n{COMPILE}"
    result = apply_answer(SCRIPT, answer)
    assert not result.ok
    assert "ambiguous" in (result.refusal or "")
