"""Where a new function or class of an answer goes.

A block of new definitions goes where its prose puts it ("add this callback right after the
`build_model` function", in Russian "сразу после функции", Vietnamese "ngay sau lớp",
"(put it after the imports)"), as long as that place is before the definition's first use;
with no place said, or a place after the first use, it goes before its first use. It is
set off by two blank lines, never four.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import re

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.default_rng(0)
X = rng.normal(size=(256, 12)).astype("float32")
y = (X[:, 0] > 0).astype("int32")


def build_model(n_features):
    inputs = keras.Input(shape=(n_features,))
    x = layers.Dense(32, activation="relu")(inputs)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def summarize(history):
    print(min(history.history["loss"]))


model = build_model(X.shape[1])
history = model.fit(X, y, epochs=2, batch_size=32)
summarize(history)
"""

CALLBACK = """```python
class LossPrinter(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        print(epoch, logs["loss"])
```
"""

FIT = """```python
history = model.fit(X, y, epochs=2, batch_size=32, callbacks=[LossPrinter()])
```
"""


def new_text(answer: str) -> str:
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def order(text: str, *heads: str) -> list[int]:
    return [text.index(h) for h in heads]


def test_a_class_goes_right_after_the_function_the_prose_names() -> None:
    text = new_text(
        "Add this callback right after the `build_model` function:\n\n"
        + CALLBACK
        + "\nThen pass it to `fit`:\n\n"
        + FIT
    )
    a, b, c = order(text, "    return model\n", "class LossPrinter", "def summarize")
    assert a < b < c
    assert "callbacks=[LossPrinter()]" in text
    assert "\n\n\n\n" not in text
    assert re.search(r"return model\n\n\nclass LossPrinter", text)


def test_the_place_is_read_in_russian_and_vietnamese() -> None:
    for intro in (
        "Добавьте этот колбэк сразу после функции `build_model`:",
        "Thêm lớp callback này ngay sau hàm `build_model`:",
    ):
        text = new_text(intro + "\n\n" + CALLBACK + "\nThen:\n\n" + FIT)
        a, b, c = order(text, "    return model\n", "class LossPrinter", "def summarize")
        assert a < b < c, intro


def test_with_no_place_said_it_goes_before_its_first_use() -> None:
    text = new_text("A callback:\n\n" + CALLBACK + "\nand:\n\n" + FIT)
    a, b = order(text, "class LossPrinter", "history = model.fit(")
    assert a < b
    assert text.index("def summarize") < a
    assert re.search(r"\n\n\nclass LossPrinter(.|\n)*print\(epoch, logs\[\"loss\"\]\)\n\n\n", text)


def test_a_place_after_the_first_use_is_not_taken() -> None:
    # "at the end of the script" would put the class after the fit that uses it
    text = new_text("Add this at the end of the script:\n\n" + CALLBACK + "\nand:\n\n" + FIT)
    assert text.index("class LossPrinter") < text.index("history = model.fit(")
