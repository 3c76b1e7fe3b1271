"""Changes said in prose for one call among several, named by its position.

- "把 `build` 里**第二个** `LSTM` 的 `X` 改成 `Y`": the second ``LSTM`` call inside
  ``build`` only (holders read from the outside in, bold around the ordinal is no word).
- "Change the last `Dense`'s `X` to `Y`": a possessive names the call.
- "change `X` to `Y` in the second `LSTM`": the place said right after the change.
- A position the script does not have ("the fourth `LSTM`") refuses the answer when the
  quote is in several places; nothing is written.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

STACK = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


def build(units):
    model = keras.Sequential([
        keras.Input(shape=(6, 3)),
        layers.LSTM(units, return_sequences=True),
        layers.LSTM(units, return_sequences=True),
        layers.Dense(8, activation="relu"),
        layers.Dense(1, activation="relu"),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model


x = np.random.rand(32, 6, 3).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = build(4)
model.fit(x, y, epochs=1, verbose=0)
"""


def _ok(answer: str) -> str:
    result = apply_answer(STACK, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_chinese_change_in_the_second_call_inside_a_function() -> None:
    answer = (
        "第二个 LSTM 不应该返回整个序列，你的目标每个样本只有一个值。把 `build` 里**第二个** "
        "`LSTM` 的 `return_sequences=True` 改成 `return_sequences=False`（第一个保持不变）。\n"
    )
    new = _ok(answer)
    assert (
        "layers.LSTM(units, return_sequences=True),\n        layers.LSTM(units, return_sequences=False),"
        in new
    )
    assert new.count("return_sequences=True") == 1


def test_a_possessive_names_the_last_call() -> None:
    answer = (
        "The output should be linear for a regression target. Change the last `Dense`'s "
        '`activation="relu"` to `activation="linear"`.\n'
    )
    new = _ok(answer)
    assert 'layers.Dense(8, activation="relu"),' in new
    assert 'layers.Dense(1, activation="linear"),' in new


def test_the_call_said_right_after_the_change() -> None:
    answer = "Change `return_sequences=True` to `return_sequences=False` in the second `LSTM`.\n"
    new = _ok(answer)
    assert new.count("return_sequences=True") == 1
    assert new.index("return_sequences=True") < new.index("return_sequences=False")


def test_a_position_the_script_does_not_have_writes_nothing() -> None:
    answer = "Change `return_sequences=True` to `return_sequences=False` in the fourth `LSTM`.\n"
    result = apply_answer(STACK, answer)
    assert not result.ok and result.new_text is None
    assert "return_sequences=True" in (result.refusal or "")


TRUNK = """import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(6,))
shared = layers.Dense(16, activation="relu")(inputs)
shared = layers.Dense(16, activation="relu")(shared)
cls_out = layers.Dense(3, activation="softmax", name="cls")(shared)
reg_out = layers.Dense(1, name="reg")(shared)
model = keras.Model(inputs, [cls_out, reg_out])
"""


def test_code_placed_after_the_second_of_several_calls() -> None:
    answer = (
        "1. **Add dropout on the shared trunk.** Right after the second shared `Dense`, add:\n"
        "   ```python\n   shared = layers.Dropout(0.2)(shared)\n   ```\n"
    )
    result = apply_answer(TRUNK, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    second = 'shared = layers.Dense(16, activation="relu")(shared)\n'
    assert second + "shared = layers.Dropout(0.2)(shared)\ncls_out" in new


def test_a_place_after_a_call_the_script_has_too_few_of_writes_nothing() -> None:
    answer = "Right after the fifth `Dense`, add:\n\n```python\nshared = layers.Dropout(0.2)(shared)\n```\n"
    result = apply_answer(TRUNK, answer)
    assert not result.ok and result.new_text is None
