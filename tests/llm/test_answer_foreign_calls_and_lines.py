"""Answers whose "before" code names calls written one argument a line, answers that say
which lines or functions they replace, and corrections of one line.

- A before/after pair whose "before" is a ``model.fit_generator(`` call written one
  argument a line, for a script that only ever calls ``model.fit``: the pair is written
  for another script and is refused; the script's own ``fit`` call (its callbacks) is not
  replaced by the answer's generator arguments.
- The same pair for a script that does call ``fit_generator`` (with its own names) is
  applied there, its names the script's.

- "Correction: ... use this LSTM line instead:" under a block of three lines, over one
  line of the same kind: that line of the block is corrected, the block still applies.
- ``model.fit(x, ..., callbacks=[stopper])``: the dots keep the script's other arguments.
- "Ersetze die Funktion `f1_score` komplett durch diese" over ``def make_f1(...)``: the
  new function takes the old one's place.
- A block that opens with the script's last import line, then new code: it goes right
  after the imports, whatever language says so.
- "These two lines replace the single `layers.Dense(8),` item" below a block: a pair.
- "Replace everything from `A` down to `B` with:": the run from A to B, not to the end.
- New lines above a ``# ...`` marker under "right after the imports": they go there, the
  line below the marker where it anchors.

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


METRIC = """import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


def f1_score(y_true, y_pred):
    y_hat = tf.cast(y_pred > 0.5, tf.float32)
    return tf.reduce_mean(y_hat * tf.cast(y_true, tf.float32))


x = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, (64, 1)).astype("float32")
model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[f1_score])
model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_new_function_replacing_one_by_name_takes_its_place() -> None:
    answer = (
        "Ersetze die Funktion `f1_score` komplett durch diese Fabrik:\n\n```python\n"
        "def make_f1(threshold=0.5):\n    def f1(y_true, y_pred):\n"
        "        y_hat = tf.cast(y_pred > threshold, tf.float32)\n"
        "        return tf.reduce_mean(y_hat * tf.cast(y_true, tf.float32))\n\n"
        "    return f1\n```\n\nund im `compile`:\n\n```python\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[make_f1(0.4)])\n```\n'
    )
    result = apply_answer(METRIC, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "def f1_score" not in body and "def make_f1(threshold=0.5):" in body
    assert "metrics=[make_f1(0.4)]" in body
    assert body.index("def make_f1") < body.index("x = np.random")


def test_a_block_opening_with_the_scripts_last_import_goes_after_the_imports() -> None:
    answer = (
        "Zet mixed precision direct na de imports aan:\n\n```python\n"
        "from tensorflow.keras import layers\n\n"
        'keras.mixed_precision.set_global_policy("mixed_float16")\n```\n'
    )
    result = apply_answer(METRIC, answer)
    assert result.ok and result.new_text is not None
    assert (
        'from tensorflow.keras import layers\nkeras.mixed_precision.set_global_policy("mixed_float16")'
        in result.new_text
    )
    assert result.new_text.count("from tensorflow.keras import layers") == 1


def test_lines_said_below_to_replace_a_quoted_line_replace_it() -> None:
    answer = (
        'Make the hidden part deeper:\n\n```python\n    layers.Dense(32, activation="relu"),\n'
        '    layers.Dense(16, activation="relu"),\n```\n\n'
        "These two lines replace the single `layers.Dense(8),` item in your `Sequential` list; "
        "the rest stays.\n"
    )
    script = METRIC.replace(
        'model = keras.Sequential([keras.Input((4,)), layers.Dense(8), layers.Dense(1, activation="sigmoid")])',
        "model = keras.Sequential([\n    keras.Input((4,)),\n    layers.Dense(8),\n"
        '    layers.Dense(1, activation="sigmoid"),\n])',
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "layers.Dense(8)" not in body
    assert body.index("Dense(32") < body.index("Dense(16") < body.index("Dense(1, activation")


def test_after_the_imports_said_in_japanese_and_turkish() -> None:
    for said in (
        "最初のセル（import のすぐ後）で設定します：",
        "Import'lardan hemen sonra ayarla:",
    ):
        answer = (
            f'{said}\n\n```python\nkeras.mixed_precision.set_global_policy("mixed_float16")\n```\n'
        )
        result = apply_answer(METRIC, answer)
        assert result.ok and result.new_text is not None, said
        assert (
            'from tensorflow.keras import layers\nkeras.mixed_precision.set_global_policy("mixed_float16")'
            in result.new_text
        ), said


AUTOENCODER = """import numpy as np
import keras
from keras import layers

inputs = keras.Input((16, 16, 1))
x = layers.Conv2D(8, 3, activation="relu", padding="same")(inputs)
x = layers.MaxPooling2D(2)(x)
x = layers.Conv2DTranspose(8, 3, strides=2, activation="relu", padding="same")(x)
decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)
model = keras.Model(inputs, decoded)
model.compile("adam", "mse")
"""


def test_everything_from_a_line_down_to_another_is_that_run_not_the_rest() -> None:
    answer = (
        'Replace everything from `x = layers.Conv2D(8, 3, activation="relu", padding="same")(inputs)` down to\n'
        '`decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)` with:\n\n```python\n'
        'x = layers.Conv2D(16, 3, activation="relu", padding="same")(inputs)\n'
        'decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same")(x)\n```\n'
    )
    result = apply_answer(AUTOENCODER, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "MaxPooling2D" not in body and "Conv2D(16, 3" in body
    assert 'model.compile("adam", "mse")' in body and "keras.Model(inputs, decoded)" in body


def test_new_lines_above_a_marker_said_to_go_after_the_imports_go_there() -> None:
    answer = (
        "Set the policy right after the imports, and keep the last layer in float32:\n\n"
        '```python\nkeras.mixed_precision.set_global_policy("mixed_float16")\n\n# ...\n'
        'decoded = layers.Conv2D(1, 3, activation="sigmoid", padding="same", dtype="float32")(x)\n```\n'
    )
    result = apply_answer(AUTOENCODER, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert (
        'from keras import layers\nkeras.mixed_precision.set_global_policy("mixed_float16")' in body
    )
    assert 'padding="same", dtype="float32")(x)' in body
