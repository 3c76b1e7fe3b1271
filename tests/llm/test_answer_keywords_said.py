"""Keywords and values an answer's steps say in prose without naming every call.

- "pass it in the callbacks: `callbacks=[stop, reduce]`": a keyword only ``fit`` takes goes
  to the script's ``fit`` call, and the new callback's block is then no demonstration;
- "set `shuffle=True` in `model.fit`": a keyword set in a quoted call;
- "increase the `patience` of `EarlyStopping` to 5": the holder picks the call among the
  places that write ``patience``, a block's own ``patience=1`` elsewhere notwithstanding;
- "change the optimizer to `keras.optimizers.AdamW(1e-3)`": the value of the script's one
  ``optimizer=``.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

EPOCHS = 2
x = np.random.rand(128, 16, 16, 1).astype("float32")
y = np.random.randint(0, 3, size=(128,))

model = keras.Sequential([
    layers.Input((16, 16, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
model.fit(x, y, epochs=EPOCHS, batch_size=32, callbacks=[stop])
"""

ANSWER = f"""Two changes.

1. Add a learning-rate schedule:

{F}python
reduce = keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=1)
{F}

and pass it in the callbacks: `callbacks=[stop, reduce]`.

2. {{step}}
"""


def applied(step: str) -> str:
    result = apply_answer(SCRIPT, ANSWER.format(step=step))
    assert result.ok and result.new_text is not None, (step, result.refusal)
    text = result.new_text
    assert "callbacks=[stop, reduce]" in text, step
    assert text.index("reduce = keras.callbacks") < text.index("model.fit("), step
    return text


def test_a_fit_keyword_quoted_alone_goes_to_fit_and_a_keyword_set_in_a_quoted_call() -> None:
    text = applied("Then set `shuffle=True` in `model.fit`.")
    assert "callbacks=[stop, reduce], shuffle=True)" in text


def test_the_holder_of_a_keyword_picks_its_call() -> None:
    text = applied("Next, increase the `patience` of `EarlyStopping` to 5.")
    assert 'EarlyStopping(monitor="loss", patience=5)' in text
    assert 'ReduceLROnPlateau(monitor="loss", patience=1)' in text


def test_a_new_call_for_a_role_replaces_the_value_of_that_keyword() -> None:
    text = applied("Finally, change the optimizer to `keras.optimizers.AdamW(1e-3)`.")
    assert "optimizer=keras.optimizers.AdamW(1e-3)" in text
    assert "optimizers.Adam(" not in text


def test_a_step_no_reader_understands_refuses_the_whole_answer() -> None:
    result = apply_answer(
        SCRIPT, ANSWER.format(step="Then give the first `Conv2D` twice as many filters.")
    )
    assert not result.ok and result.new_text is None


def test_a_literal_for_a_role_replaces_that_keyword_and_refuses_when_several_calls_give_it() -> (
    None
):
    text = applied('Next, swap the loss for `"categorical_crossentropy"`.')
    assert 'loss="categorical_crossentropy"' in text
    script = SCRIPT.replace('layers.Dense(3, activation="softmax")', "layers.Dense(3)")
    script = script.replace(
        "layers.Flatten(),", 'layers.Flatten(),\n    layers.Dense(8, activation="relu"),'
    )
    script = script.replace('layers.Conv2D(8, 3, activation="relu")', "layers.Conv2D(8, 3)")
    result = apply_answer(script, ANSWER.format(step='Next, change the activation to `"tanh"`.'))
    assert result.ok and result.new_text is not None, result.refusal
    assert 'Dense(8, activation="tanh")' in result.new_text
    two = SCRIPT.replace(
        "layers.Flatten(),", 'layers.Flatten(),\n    layers.Dense(8, activation="relu"),'
    )
    result = apply_answer(two, ANSWER.format(step='Next, change the activation to `"tanh"`.'))
    assert not result.ok and result.new_text is None
