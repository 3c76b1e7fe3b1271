"""Answers about a method of a custom layer, and words beside a change that are no change.

- "Reemplaza esta línea en `Scale.call`:" / block / "por esta:" / block (the sentence
  runs across the two blocks, the method quoted in it): one line replaced.
- "In `Scale.call`, change the return to:" over one `return` line, in a script whose
  every method returns: that method's line; ``self.dim`` stays ``self.dim`` (bound in
  the method), never the configuration's ``cfg["dim"]``.
- "**Train longer** (early stopping will cut it short anyway)": an aside in brackets does
  not say to lower the epochs.
- "Once you raise `EPOCHS` to 20 it will stop on its own": advice, not a change left unread.
- "right after the `layers.Dense(16, activation="relu"),` line in the `Sequential` list":
  after that layer, not after the list's first line.
- "파일 맨 끝의 `print(generate(...))` 다음에 한 줄을 추가하세요" (Korean: "after the `print(...)`
  at the end of the file, add one line"): the new line goes after it, the quoted one stays.
- "Ersetze den `model.fit(...)`-Aufruf durch:" replaces that call (not a second `fit` beside
  it, nor the script's other `LOGGER.info` line); Hindi "`X` को बदलकर यह कर दीजिए:" ("change
  `X` into this:") replaces the quoted line.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

LAYER = """import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

cfg = dict(vocab=50, dim=8, epochs=1)


class Scale(layers.Layer):
    def __init__(self, vocab, dim, **kwargs):
        super().__init__(**kwargs)
        self.dim = dim
        self.emb = layers.Embedding(vocab, dim)

    def call(self, x):
        x = self.emb(x)
        return x * tf.math.sqrt(self.dim)

    def get_config(self):
        config = super().get_config()
        return config


def build():
    inp = keras.Input((4,), dtype="int32")
    x = Scale(cfg["vocab"], cfg["dim"])(inp)
    x = layers.GlobalAveragePooling1D()(x)
    return keras.Model(inp, layers.Dense(1)(x))
"""

FIXED = "        return x * tf.math.sqrt(tf.cast(self.dim, x.dtype))"


def test_spanish_replace_this_line_with_this() -> None:
    answer = (
        "`tf.math.sqrt` solo acepta floats.\n\nReemplaza esta línea en `Scale.call`:\n\n"
        "```python\n        return x * tf.math.sqrt(self.dim)\n```\n\npor esta:\n\n"
        f"```python\n{FIXED}\n```\n"
    )
    result = apply_answer(LAYER, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert FIXED in result.new_text.split("\n")
    assert "sqrt(self.dim)" not in result.new_text
    assert "        return config" in result.new_text


def test_a_return_in_the_method_the_prose_names() -> None:
    answer = f"Cast it first. In `Scale.call`, change the return to:\n\n```python\n{FIXED}\n```\n"
    result = apply_answer(LAYER, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert FIXED in new.split("\n")
    assert 'cfg["dim"]' not in new.split("class Scale", 1)[1].split("def build", 1)[0]
    assert "        return config" in new


SEQ = """import argparse

import numpy as np
from tensorflow import keras
from tensorflow.keras import callbacks, layers

p = argparse.ArgumentParser()
p.add_argument("--epochs", type=int, default=2)
args = p.parse_args([])

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 3, 64)
model = keras.Sequential([
    layers.Input(shape=(8,)),
    layers.Dense(16, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
es = callbacks.EarlyStopping(monitor="val_loss", patience=2)
model.fit(x, y, epochs=args.epochs, validation_split=0.25, callbacks=[es])
"""


def test_an_aside_in_brackets_and_a_layer_placed_by_its_quote() -> None:
    answer = (
        "A few tweaks:\n\n"
        "- **Train longer** (early stopping will cut it short anyway):\n"
        '  ```python\n  p.add_argument("--epochs", type=int, default=10)\n  ```\n'
        '- **Dropout** -- add this right after the `layers.Dense(16, activation="relu"),` '
        "line in the `Sequential` list:\n"
        "  ```python\n  layers.Dropout(0.3),\n  ```\n"
    )
    result = apply_answer(SEQ, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert 'p.add_argument("--epochs", type=int, default=10)' in lines
    dense = lines.index('    layers.Dense(16, activation="relu"),')
    assert lines[dense + 1] == "    layers.Dropout(0.3),"


def test_once_you_raise_is_advice() -> None:
    script = SEQ.replace("model = keras", "EPOCHS = 2\nmodel = keras").replace(
        "epochs=args.epochs", "epochs=EPOCHS"
    )
    answer = (
        "Add a learning-rate schedule on plateau, next to the early stopping:\n\n"
        '```python\nrlr = callbacks.ReduceLROnPlateau(monitor="val_loss", patience=1)\n```\n\n'
        "and pass both to `fit`:\n\n"
        "```python\nmodel.fit(x, y, epochs=EPOCHS, validation_split=0.25, callbacks=[es, rlr])\n```\n\n"
        "With two epochs it will rarely trigger. Once you raise `EPOCHS` to 20-30 it will "
        "halve the rate a few times before early stopping ends the run.\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "callbacks=[es, rlr]" in result.new_text
    assert "EPOCHS = 2" in result.new_text


GEN = """import numpy as np

text = "hello world " * 20
chars = sorted(set(text))


def generate(seed, length=10):
    out = seed
    for _ in range(length):
        out += chars[np.random.randint(len(chars))]
    return out


print(generate(text[:4]))
"""


def test_a_line_added_after_a_similar_one_said_in_korean() -> None:
    # "after the `print(generate(...))` at the end of the file, add one line": added, the
    # similar line the place quotes stays
    answer = (
        "**2단계:** 파일 맨 끝의 `print(generate(text[:4]))` 다음에 한 줄을 추가하세요:\n\n"
        "```python\nprint(generate(text[:4], length=20))\n```\n"
    )
    result = apply_answer(GEN, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.rstrip("\n").split("\n")
    assert lines[-2:] == ["print(generate(text[:4]))", "print(generate(text[:4], length=20))"]


FIT = """import logging

import numpy as np
from tensorflow import keras

LOGGER = logging.getLogger("train")
x = np.random.rand(32, 4).astype("float32")
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, verbose=0)
model.save("model.keras")
LOGGER.info("exported to %s", "model.keras")
"""


def test_german_replace_the_call_with() -> None:
    # "Ersetze den `model.fit(...)`-Aufruf durch:": the call is replaced, not kept beside
    answer = (
        "Ersetze den `model.fit(...)`-Aufruf durch:\n\n"
        "```python\nhistory = model.fit(x, y, epochs=1, verbose=0)\n"
        'LOGGER.info("loss=%.4f", history.history["loss"][-1])\n```\n'
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.count("model.fit(") == 1 and "history = model.fit(" in new
    assert 'LOGGER.info("exported to %s", "model.keras")' in new


def test_hindi_change_this_into() -> None:
    # "अब `X` को बदलकर यह कर दीजिए:" ("now change `X` into this:"): that line, not another
    script = FIT.replace(
        'model.compile(optimizer="adam", loss="mse")',
        'model.compile(\n    optimizer="adam",\n    loss="mse",\n)\n'
        "model2 = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
        'model2.compile(\n    optimizer="sgd",\n    loss="mse",\n)',
    )
    answer = (
        '**Step 2:** अब पहले `model.compile` में `optimizer="adam",` को बदलकर यह कर दीजिए:\n\n'
        "```python\n    optimizer=keras.optimizers.Adam(learning_rate=1e-3),\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "    optimizer=keras.optimizers.Adam(learning_rate=1e-3)," in new.split("\n")
    assert '    optimizer="sgd",' in new.split("\n") and 'optimizer="adam"' not in new
