"""Answers whose "before" code names calls written one argument a line, and answers that
say which lines they mean.

- A before/after pair whose "before" is a ``model.fit_generator(`` call written one
  argument a line, for a script that only ever calls ``model.fit``: the pair is written
  for another script and is refused; the script's own ``fit`` call (its callbacks) is not
  replaced by the answer's generator arguments.
- The same pair for a script that does call ``fit_generator`` (with its own names) is
  applied there, its names the script's.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

FIT = """import numpy as np
import keras


class CFG:
    epochs = 2
    batch_size = 8


x = np.random.rand(32, 4).astype("float32")
y = np.random.randint(0, 2, 32)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile("adam", "binary_crossentropy")
callbacks = [keras.callbacks.EarlyStopping(patience=2)]
history = model.fit(x, y, epochs=CFG.epochs, callbacks=callbacks, verbose=2)
"""

GENERATOR_PAIR = """`fit_generator` was removed in Keras 3. Replace your training call:

```python
history = model.fit_generator(
    train_generator,
    steps_per_epoch=train_generator.samples // BATCH_SIZE,
    epochs=EPOCHS,
)
```

with:

```python
history = model.fit(
    train_generator,
    steps_per_epoch=train_generator.samples // BATCH_SIZE,
    epochs=EPOCHS,
)
```
"""


def test_a_pair_whose_multiline_call_the_script_never_makes_is_refused() -> None:
    result = apply_answer(FIT, GENERATOR_PAIR)
    assert not result.ok and result.new_text is None
    assert "fit_generator" in (result.refusal or "")
    assert "written for other code" in (result.refusal or "")


def test_the_same_pair_applies_where_the_script_makes_that_call() -> None:
    script = FIT.replace(
        "history = model.fit(x, y, epochs=CFG.epochs, callbacks=callbacks, verbose=2)\n",
        "train_generator = keras.utils.PyDataset()\n"
        "history = model.fit_generator(\n    train_generator,\n    steps_per_epoch=4,\n"
        "    epochs=CFG.epochs,\n)\n",
    )
    result = apply_answer(script, GENERATOR_PAIR)
    assert result.ok and result.new_text is not None
    assert "fit_generator" not in result.new_text
    assert "model.fit(" in result.new_text


TEXT = """import numpy as np
import keras
from keras import layers

MAX_TOKENS = 500
SEQ = 20


def build(tok):
    inp = keras.Input((1,), dtype="string")
    ids = tok(inp)
    x = layers.Embedding(MAX_TOKENS, 16)(ids)
    x = layers.GlobalAveragePooling1D()(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inp, out)
"""

CORRECTED_LINE = """Swap the averaging for a recurrent layer. In `build()`, replace the `Embedding` and `GlobalAveragePooling1D` lines with:

```python
    x = layers.Embedding(MAX_TOKENS, 16, mask_zero=True)(ids)
    x = layers.LSTM(64)(x)
    x = layers.Dropout(0.2)(x)
```

Correction: 64 units is far too many for 20-token reviews and it overfits at once; use this LSTM line instead:

```python
    x = layers.LSTM(16, dropout=0.1)(x)
```

The rest of the function stays as it is.
"""


def test_a_correction_giving_one_line_anew_amends_that_line_of_the_block() -> None:
    result = apply_answer(TEXT, CORRECTED_LINE)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "layers.Embedding(MAX_TOKENS, 16, mask_zero=True)(ids)" in body
    assert "x = layers.LSTM(16, dropout=0.1)(x)" in body
    assert "LSTM(64)" not in body and "GlobalAveragePooling1D" not in body
    assert "x = layers.Dropout(0.2)(x)" in body  # the block's other lines stay
    assert body.index("LSTM(16") < body.index("Dropout(0.2)") < body.index("Dense(1")


def test_dots_among_a_calls_arguments_keep_the_scripts_other_arguments() -> None:
    answer = (
        "Add early stopping and pass it to `fit`:\n\n```python\n"
        "stopper = keras.callbacks.EarlyStopping(patience=3)\n\n"
        "history = model.fit(x, ..., callbacks=[stopper])\n```\n"
    )
    script = FIT.replace("callbacks = [keras.callbacks.EarlyStopping(patience=2)]\n", "").replace(
        "callbacks=callbacks, ", ""
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None
    assert (
        "history = model.fit(x, y, epochs=CFG.epochs, verbose=2, callbacks=[stopper])"
        in result.new_text
    )
    assert result.new_text.index("stopper = ") < result.new_text.index("history = ")
    assert "..." not in result.new_text
