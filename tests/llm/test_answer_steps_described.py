"""Answers whose numbered steps describe the code they give, whose one line of code sits
in a paragraph of its own, or whose only block is taken back with nothing in its place.

- "1. 定义回调列表 2. 把回调列表传给 `model.fit`" over a block that does both: the steps
  are the block, said in words, and the block is applied (not refused as a change in
  prose that was not understood). A step with a value no block writes is not dropped.
- "Change line 12 to use AdamW:" with the new first line of a multi-line call quoted on
  its own line (no fence): that line of the call is replaced, its other lines stay.
- "Actually, scratch that ... keep `LR` as it is" below the only block: nothing written;
  "Actually, this also ... keep the rest as it is" takes nothing back.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
import keras
from keras import layers

LR = 1e-3
EPOCHS = 2

x = np.random.rand(64, 6).astype("float32")
y = (x.sum(axis=1) > 3).astype("float32")
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(8, activation="relu"), layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=LR),
              loss="binary_crossentropy",
              metrics=["accuracy"])
history = model.fit(x, y, epochs=EPOCHS, validation_split=0.25, verbose=0)
"""

CALLBACKS = """```python
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True),
]
history = model.fit(x, y, epochs=EPOCHS, validation_split=0.25, verbose=0, callbacks=callbacks)
```
"""


def test_steps_that_describe_the_block_are_the_block() -> None:
    answer = (
        "可以加一个早停回调：\n\n1. 定义回调列表。\n2. 把回调列表传给 `model.fit`。\n\n修改后的训练部分如下：\n\n"
        + CALLBACKS
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "callbacks=callbacks)" in result.new_text
    assert "EarlyStopping(monitor=" in result.new_text


def test_a_step_passing_a_value_the_block_passes() -> None:
    answer = (
        "Use a cosine schedule:\n\n1. Build the schedule.\n"
        "2. Pass the schedule to Adam as `learning_rate`.\n\nThe new compile call:\n\n"
        "```python\nschedule = keras.optimizers.schedules.CosineDecay(LR, decay_steps=100)\n"
        "model.compile(optimizer=keras.optimizers.Adam(learning_rate=schedule),\n"
        '              loss="binary_crossentropy",\n              metrics=["accuracy"])\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Adam(learning_rate=schedule)" in result.new_text


def test_a_step_with_a_value_no_block_writes_is_not_dropped() -> None:
    # the block passes the callbacks; the value the step adds is made or the answer refused
    for extra in ("并把 `EPOCHS` 改成 20", "并把 `patience` 改成 10"):
        answer = (
            f"可以加一个早停回调：\n\n1. 定义回调列表。\n2. 把回调列表传给 `model.fit`，{extra}。\n\n修改后的训练部分如下：\n\n"
            + CALLBACKS
        )
        result = apply_answer(SCRIPT, answer)
        if result.ok and result.new_text is not None:
            assert "EPOCHS = 20" in result.new_text or "patience=10" in result.new_text
        else:
            assert result.refusal


def test_first_line_of_a_call_quoted_on_its_own_line() -> None:
    answer = (
        "Change line 12 to use AdamW so you get decoupled weight decay:\n\n"
        "`model.compile(optimizer=keras.optimizers.AdamW(learning_rate=LR, weight_decay=1e-4),`\n\n"
        "Nothing else needs to change.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "optimizer=keras.optimizers.AdamW(learning_rate=LR, weight_decay=1e-4)," in new
    assert 'loss="binary_crossentropy",' in new and 'metrics=["accuracy"])' in new
    assert "Adam(learning_rate=LR)" not in new


def test_a_quoted_statement_below_a_lead_in() -> None:
    answer = (
        "Your labels are 0/1 floats, so the loss is right; train longer. The fit call should be:\n\n"
        "`history = model.fit(x, y, epochs=10, validation_split=0.25, verbose=0)`\n\n"
        "and that's it.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "model.fit(x, y, epochs=10, validation_split=0.25, verbose=0)" in result.new_text
    assert result.new_text.count("model.fit(") == 1


def test_the_only_block_taken_back_writes_nothing() -> None:
    answer = (
        "You can lower the learning rate. Change the compile call to:\n\n"
        "```python\nmodel.compile(optimizer=keras.optimizers.Adam(1e-4),\n"
        '              loss="binary_crossentropy",\n              metrics=["accuracy"])\n```\n\n'
        "Actually, scratch that: with two epochs a lower rate only undertrains. Keep `LR` as "
        "it is, so don't change the compile call.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert not result.ok or result.new_text in (None, SCRIPT)


def test_actually_with_the_rest_kept_takes_nothing_back() -> None:
    answer = (
        "Lower the learning rate:\n\n```python\nLR = 1e-4\n```\n\n"
        "Actually, this alone is usually enough; keep the rest of the script as it is.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "LR = 1e-4" in result.new_text
