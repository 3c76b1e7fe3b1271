"""Prose beside blocks that is no change, and statements a block rewrites by their value.

- "나중에 여러 분위수를 예측하고 싶다면 `head`를 `Dense(3)`으로 바꾸면 됩니다" (Korean: "later,
  if you want several quantiles, change `head` to `Dense(3)`") after a diff: an offer for
  later, not a step; the diff is applied alone.
- "但是编译时用的是 `sparse_categorical_crossentropy`" (Chinese: "but at compile time you use
  ..."): a description of the script, not the loss to use.
- ``y_s, mu, sd = scale(y)`` in a block rewrites the script's ``y_s = scale(y)`` (the same
  value, now unpacked), it is not a second line before ``fit``.
- "call it right after the line that creates `masks`": the first binding of ``masks``, not
  a later rebinding; "Put it after the `Config` class / `cfg = Config()`": after both.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

REG = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def scale(y):
    mu, sd = y.mean(), y.std()
    return (y - mu) / sd, mu, sd


x = np.random.rand(64, 4).astype("float32")
y = x.sum(axis=1)
y_s = scale(y)
head = layers.Dense(1)
model = keras.Sequential([keras.Input((4,)), layers.Dense(8), head])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y_s, epochs=1, verbose=0)
pred = model.predict(x, verbose=0).ravel()
"""


def test_a_change_offered_for_later_in_korean_is_no_step() -> None:
    answer = (
        '손실을 MAE로 바꾸세요:\n\n```diff\n-model.compile(optimizer="adam", loss="mse")\n'
        '+model.compile(optimizer="adam", loss="mae")\n```\n\n'
        "나중에 여러 분위수를 예측하고 싶다면 `head`를 `layers.Dense(3)`으로 바꾸면 됩니다.\n"
    )
    result = apply_answer(REG, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss="mae"' in result.new_text and "head = layers.Dense(1)" in result.new_text


def test_an_unpacked_value_rewrites_the_scripts_line() -> None:
    answer = (
        "`scale` returns three things, so unpack them and undo the scaling:\n\n"
        "```python\ny_s, mu, sd = scale(y)\n\n# ... model unchanged ...\n\n"
        "model.fit(x, y_s, epochs=1, verbose=0)\n"
        "pred = model.predict(x, verbose=0).ravel() * sd + mu\n```\n"
    )
    result = apply_answer(REG, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert "y_s, mu, sd = scale(y)" in lines and "y_s = scale(y)" not in lines
    assert lines.index("y_s, mu, sd = scale(y)") < lines.index("head = layers.Dense(1)")


ONE_HOT = """import numpy as np
from tensorflow import keras

x = np.random.rand(64, 4).astype("float32")
y = keras.utils.to_categorical(np.random.randint(0, 3, 64), 3)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_chinese_description_of_the_loss_is_no_change() -> None:
    answer = (
        "报错原因：你在数据里用 `to_categorical` 把标签转成了 one-hot，但是编译时用的是 "
        "`sparse_categorical_crossentropy`。把损失换成 `categorical_crossentropy`：\n\n"
        '```python\nmodel.compile(optimizer="adam", loss="categorical_crossentropy")\n```\n'
    )
    result = apply_answer(ONE_HOT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss="categorical_crossentropy"' in result.new_text


MASKS = """import numpy as np


class Config:
    codes = [10, 20, 30]


cfg = Config()
rng = np.random.default_rng(0)
masks = rng.choice(cfg.codes, size=(8, 4, 4))
masks = np.stack([np.rot90(m) for m in masks])
print(masks.max())
"""


def test_the_line_that_creates_it_and_a_slash_between_places() -> None:
    answer = (
        "Map the codes to indices:\n\n```python\ndef remap(mask, codes):\n"
        '    lut = np.zeros(max(codes) + 1, dtype="int32")\n'
        "    for i, c in enumerate(codes):\n        lut[c] = i\n    return lut[mask]\n```\n\n"
        "Put it after the `Config` class / `cfg = Config()`, and call it right after the line "
        "that creates `masks` (before the rotation):\n\n"
        "```python\nmasks = remap(masks, cfg.codes)\n```\n"
    )
    result = apply_answer(MASKS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert lines.index("def remap(mask, codes):") > lines.index("cfg = Config()")
    call = lines.index("masks = remap(masks, cfg.codes)")
    assert lines[call - 1].startswith("masks = rng.choice(")
