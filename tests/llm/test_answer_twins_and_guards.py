"""The limits of "do the same", shell commands, the answer's names and prose steps: what is
asked is done, and what only looks like it is not.

- "do the same for `x_te`" wraps ``x_test`` (the call's own argument), never a name that
  merely contains ``x``; "Do not do the same for `price`" and "keep everything else the same
  in `model.fit`" ask for nothing; "Haz el mismo cambio en ... (`ds_val`)" appends the same
  chain step (``.prefetch(...)``) to that pipeline.
- ``sed -i`` on ``config.yaml`` and ``cat > requirements.txt <<EOF`` are for other files.
- ``baseline = build_model()`` for "a second copy" is a model of its own.
- "Ich empfehle Option B ... Option A würde ..." picks B.
- "In the `compile` call, set `learning_rate` to 1e-4" adds no keyword ``compile`` lacks.
- "it never converges: train with `EPOCHS = 50`" over a block that does not set it is a
  step left undone: refused.
- "Rename `scores` to `r2_scores` everywhere" beside a diff whose lines say ``scores``.
- "add one more line at the very end:" over a ``print`` like the last one appends it.
- "Уменьшите её до 0.5" over ``"temperature": 1.5`` contradicts it; "passe `epochs=5` à
  `epochs=30`" changes it.
- ``model.add(layers.Dense(units, activation="relu", kernel_regularizer=...))`` among three
  ``model.add(...)`` rewrites the one whose every argument it keeps.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCALE = """import numpy as np


def scale(a):
    return a / 255.0


x = np.random.rand(4, 3)
x_test = np.random.rand(2, 3)
x_tr = scale(x)
x_te = scale(x_test)
"""


def test_the_same_wrap_on_the_named_line_by_its_own_argument() -> None:
    answer = """Clip negatives first:

```python
x_tr = scale(np.maximum(x, 0))
```

and do the same for `x_te`.
"""
    result = apply_answer(SCALE, answer)
    assert result.refusal is None, result.refusal
    assert "x_te = scale(np.maximum(x_test, 0))" in result.new_text


HEADS = """import keras
from keras import layers

inp = keras.Input(shape=(16,))
x = layers.Dense(64, activation="relu")(inp)
price = layers.Dense(1, name="price")(x)
model = keras.Model(inp, price)
model.compile(optimizer="adam", loss="mse")
"""


def test_words_that_only_look_like_do_the_same() -> None:
    block = """Initialise the hidden layer for ReLU:

```python
x = layers.Dense(64, activation="relu", kernel_initializer="he_normal")(inp)
```

"""
    for tail in (
        "Do not do the same for `price`; the output head should stay linear.",
        "Keep everything else the same in `model.compile`.",
        "Das Ergebnis ist dasselbe, aber `price` lernt schneller.",
    ):
        result = apply_answer(HEADS, block + tail + "\n")
        assert result.refusal is None, (tail, result.refusal)
        assert result.new_text.count("kernel_initializer") == 1, tail


PIPE = """import numpy as np
import tensorflow as tf

x = np.random.rand(32, 4).astype("float32")
ds_train = (tf.data.Dataset.from_tensor_slices(x)
            .shuffle(32).batch(8))
ds_val = (tf.data.Dataset.from_tensor_slices(x)
          .batch(8))
"""


def test_the_same_chain_step_on_the_named_pipeline() -> None:
    answer = """Añade `prefetch` al pipeline de entrenamiento:

```python
ds_train = (tf.data.Dataset.from_tensor_slices(x)
            .shuffle(32).batch(8)
            .prefetch(tf.data.AUTOTUNE))
```

Haz el mismo cambio en el pipeline de validación (`ds_val`).
"""
    result = apply_answer(PIPE, answer)
    assert result.refusal is None, result.refusal
    assert result.new_text.count(".prefetch(tf.data.AUTOTUNE)") == 2
    assert ".batch(8).prefetch(tf.data.AUTOTUNE))\n" in result.new_text


def test_commands_for_other_files_are_not_edits_of_the_script() -> None:
    sed = """Switch the optimizer in your config:

```bash
sed -i 's/adam/sgd/' config.yaml
```
"""
    result = apply_answer(HEADS, sed)
    assert result.new_text is None or 'optimizer="adam"' in result.new_text
    cat = """Pin the version:

```bash
cat > requirements.txt <<EOF
tensorflow==2.16.1
EOF
```

and compile with MAE too:

```python
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
```
"""
    result = apply_answer(HEADS, cat)
    assert result.refusal is None, result.refusal
    assert 'metrics=["mae"]' in result.new_text and "tensorflow==" not in result.new_text


FIT = """import numpy as np
import keras

EPOCHS = 10


def build_model():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])


x = np.random.rand(32, 4)
y = np.random.rand(32, 1)
scores = []
net = build_model()
net.compile(optimizer="adam", loss="mse")
net.fit(x, y, epochs=EPOCHS)
scores.append(net.evaluate(x, y))
print("mean score", np.mean(scores))
"""


def test_a_second_copy_is_a_model_of_its_own() -> None:
    answer = """To see what the longer run buys you, train a second copy for 2 epochs at the end
of the script and compare:

```python
baseline = build_model()
baseline.compile(optimizer="adam", loss="mse")
baseline.fit(x, y, epochs=2)
print(baseline.evaluate(x, y))
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "net.fit(x, y, epochs=EPOCHS)" in text and "baseline.fit(x, y, epochs=2)" in text


def test_the_recommended_option_is_not_the_one_a_would_sentence_names() -> None:
    answer = """Zwei Möglichkeiten:

**Option A**

```python
net.fit(x, y, epochs=EPOCHS, batch_size=4)
```

**Option B**

```python
EPOCHS = 40
```

Ich empfehle Option B, weil das Modell zu kurz trainiert. Option A würde das Training
deutlich verlangsamen.
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "EPOCHS = 40" in result.new_text and "batch_size=4" not in result.new_text


def test_a_keyword_a_method_does_not_take_is_not_added() -> None:
    answer = "In the `compile` call, set the `learning_rate` to 1e-4.\n"
    result = apply_answer(FIT, answer)
    assert result.refusal is not None
    assert "learning_rate" not in (result.new_text or "")


def test_a_negative_clause_does_not_make_a_step_advice() -> None:
    answer = """The model never converges: train with `EPOCHS = 50` and a smaller learning rate:

```python
net.compile(optimizer=keras.optimizers.Adam(1e-4), loss="mse")
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is not None and "EPOCHS = 50" in result.refusal


def test_a_rename_everywhere_beside_a_diff_in_the_old_names() -> None:
    answer = """Rename `scores` to `mse_scores` everywhere, and keep the raw values too:

```diff
 net.fit(x, y, epochs=EPOCHS)
-scores.append(net.evaluate(x, y))
+scores.append(net.evaluate(x, y))
+print("fold score", scores[-1])
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "\nscores = []" not in text and "\nmse_scores = []" in text
    assert 'print("fold score", mse_scores[-1])' in text


def test_a_line_added_at_the_very_end() -> None:
    answer = """And add one more line at the very end:

```python
print("last score", scores[-1])
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    lines = result.new_text.rstrip("\n").split("\n")
    assert lines[-2:] == ['print("mean score", np.mean(scores))', 'print("last score", scores[-1])']


PARAMS = """params = {
    "temperature": 0.8,
    "epochs": 5,
}
print(params)
"""


def test_russian_value_against_the_block_and_french_passe() -> None:
    russian = """Текст слишком случайный. Уменьшите её до 0.5:

```python
params = {
    "temperature": 1.5,
    "epochs": 5,
}
```
"""
    result = apply_answer(PARAMS, russian)
    assert result.refusal is not None and "0.5" in result.refusal
    french = 'Dans `params`, passe `"epochs": 5` à `"epochs": 30`.\n'
    result = apply_answer(PARAMS, french)
    assert result.refusal is None, result.refusal
    assert '"epochs": 30' in result.new_text


LOOP = """import keras
from keras import layers


def build_model(units_list):
    model = keras.Sequential([keras.Input(shape=(8,))])
    for units in units_list:
        model.add(layers.Dense(units, activation="relu"))
        model.add(layers.Dropout(0.1))
    model.add(layers.Dense(1))
    return model
"""


def test_the_call_whose_every_argument_it_keeps() -> None:
    answer = """Add L2 to the hidden layers:

```python
        model.add(layers.Dense(units, activation="relu",
                               kernel_regularizer=keras.regularizers.l2(1e-4)))
```
"""
    result = apply_answer(LOOP, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "kernel_regularizer=keras.regularizers.l2(1e-4)" in text
    assert 'model.add(layers.Dense(units, activation="relu"))' not in text
    assert "model.add(layers.Dense(1))" in text and "model.add(layers.Dropout(0.1))" in text
