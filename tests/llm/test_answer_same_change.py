"""Answers that show one change and ask for its twin in words.

- A keyword added to the hidden ``Dense`` "and the same keyword on `price` and `kind`":
  the two heads (by the names they bind and by ``name=``) get it, spelled as the block
  spells it.
- A diff adding ``padding="same"`` to the first ``Conv2D`` and "Haz lo mismo en la
  tercera `Conv2D`": the third gets it, the second does not.
- "Replace `A` with `A + 1`, and do the same for the `lo` line (`cfg["lo"] + 1`)": the
  other call's argument is wrapped the same way.
- "... and do the same for `gamma`", which the script does not have: refused, never half
  done. Without such words nothing else changes.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

HEADS = """import keras
from keras import layers

inp = keras.Input(shape=(16,))
x = layers.Dense(64, activation="relu")(inp)
price = layers.Dense(1, name="price")(x)
kind = layers.Dense(3, activation="softmax", name="kind")(x)
model = keras.Model(inp, [price, kind])
"""


def test_the_same_keyword_on_the_named_heads() -> None:
    answer = """Initialise the ReLU layer for ReLU:

```python
x = layers.Dense(64, activation="relu", kernel_initializer=keras.initializers.HeNormal(seed=1e3))(inp)
```

and the same keyword on `price` and `kind`.
"""
    result = apply_answer(HEADS, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert text.count("kernel_initializer=keras.initializers.HeNormal(seed=1e3)") == 3
    assert (
        'price = layers.Dense(1, name="price", '
        "kernel_initializer=keras.initializers.HeNormal(seed=1e3))(x)" in text
    )
    # without the words, only the block's line changes
    alone = answer.replace("and the same keyword on `price` and `kind`.", "That is all.")
    result = apply_answer(HEADS, alone)
    assert result.refusal is None, result.refusal
    assert result.new_text.count("kernel_initializer") == 1


def test_a_gap_the_words_name_that_the_script_lacks_refuses() -> None:
    answer = """Initialise the ReLU layer for ReLU:

```python
x = layers.Dense(64, activation="relu", kernel_initializer="he_normal")(inp)
```

and do the same for `gamma`.
"""
    result = apply_answer(HEADS, answer)
    assert result.refusal is not None and "same change" in result.refusal


CONVS = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(10, activation="softmax"),
])
"""


def test_the_same_on_the_third_conv_only() -> None:
    answer = """Para no perder los bordes:

```diff
 model = keras.Sequential([
     keras.Input(shape=(32, 32, 3)),
-    layers.Conv2D(16, 3, activation="relu"),
+    layers.Conv2D(16, 3, activation="relu", padding="same"),
     layers.Conv2D(32, 3, activation="relu"),
```

Haz lo mismo en la tercera `Conv2D` (la de 64 filtros).
"""
    result = apply_answer(CONVS, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert 'layers.Conv2D(16, 3, activation="relu", padding="same"),' in text
    assert 'layers.Conv2D(32, 3, activation="relu"),' in text
    assert 'layers.Conv2D(64, 3, activation="relu", padding="same"),' in text


CLIP = """import numpy as np

cfg = {"lo": 2, "hi": 5}
x = np.arange(10)
lo = np.minimum(x, cfg["lo"])
hi = np.minimum(x, cfg["hi"])
print(lo, hi)
"""


def test_an_argument_wrapped_the_same_way_in_the_named_line() -> None:
    answer = (
        "The bound is exclusive in your head but not in numpy. Replace "
        '`hi = np.minimum(x, cfg["hi"])` with `hi = np.minimum(x, cfg["hi"] + 1)`, and do '
        'the same for the `lo` line (`cfg["lo"] + 1`).\n'
    )
    result = apply_answer(CLIP, answer)
    assert result.refusal is None, result.refusal
    assert 'lo = np.minimum(x, cfg["lo"] + 1)' in result.new_text
    assert 'hi = np.minimum(x, cfg["hi"] + 1)' in result.new_text
