"""The sentence that introduces a block decides where it goes, and no other sentence does.

- in a numbered list, only the item right above a block places it: a place quoted by an
  earlier item ("insert `Dropout` right after `Dense(64)`") is that item's, so a later
  block re-pasting the script's ``history = model.fit(...)`` replaces that call;
- "change `LR = 1e-3` to `5e-4`": the bare value is the name's new value;
- a place quoted in a paragraph of its own ("Right below the line / `x = ...` / add:")
  belongs to the sentence around it;
- "把 `model.compile` 里的 `A` 改成 `B`" changes that call only;
- "remove the second hidden layer, i.e. `layers.Dense(32, ...)`" (also "也就是 `X` 这一行");
- "in `main()`, create the callback after compiling the model:" goes after the compile;
- a block given again below with "put it ... instead" takes back the first one, and "at the
  end of the `CFG` cell" is the end of the cell that defines ``CFG``.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

FLAT = """import numpy as np
import keras
from keras import layers

EPOCHS = 2
LR = 1e-3
x = np.random.rand(64, 8).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(LR), loss="mse")
history = model.fit(
    x, y,
    epochs=EPOCHS,
    verbose=0,
)
model.evaluate(x, y, verbose=0)
"""

FUNCTIONAL = """import numpy as np
import keras
from keras import layers

x_in = keras.Input(shape=(16, 16, 1))
x = layers.Conv2D(4, 3, activation="relu")(x_in)
x = layers.Conv2D(4, 3, activation="relu")(x)
x = layers.Flatten()(x)
out = layers.Dense(1)(x)
model = keras.Model(x_in, out)
model.compile(optimizer="adam", loss="mse")
model.fit(np.zeros((8, 16, 16, 1)), np.zeros((8, 1)), epochs=1, verbose=0)
"""

MAIN = """import numpy as np
import keras
from keras import layers


def main():
    x = np.random.rand(64, 4).astype("float32")
    y = np.random.rand(64, 1).astype("float32")
    model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, y, epochs=2, validation_split=0.25, verbose=0)
    print("done")


if __name__ == "__main__":
    main()
"""

CELLS = """# %%
import numpy as np
import keras
from keras import layers

# %%
class CFG:
    seed = 3
    epochs = 1

# %%
x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=CFG.epochs, verbose=0)
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_later_list_item_block_is_placed_by_its_own_item_not_an_earlier_one() -> None:
    answer = f"""Three things to try:

1. Put `layers.Dropout(0.25)` directly after `layers.Dense(64, activation="relu"),` in the list.
2. Lower the step size: change `LR = 1e-3` to `3e-4`.
3. Stop early when the validation loss stalls:

{F}python
stopper = keras.callbacks.EarlyStopping(patience=2)

history = model.fit(
    x, y,
    epochs=EPOCHS,
    validation_split=0.25,
    callbacks=[stopper],
    verbose=0,
)
{F}
"""
    text = applied(FLAT, answer)
    assert 'layers.Dense(64, activation="relu"),\n    layers.Dropout(0.25),\n' in text
    assert "LR = 3e-4\n" in text
    assert text.count("model.fit(") == 1 and "callbacks=[stopper]" in text
    # the callback is made before the one fit, not beside the model's layers
    assert text.index("stopper = ") > text.index("model.compile(")


def test_a_quoted_line_in_a_paragraph_of_its_own_places_the_block() -> None:
    answer = f"""Regularise the head. Right below the line

`x = layers.Flatten()(x)`

insert a dropout:

{F}python
x = layers.Dropout(0.2)(x)
{F}
"""
    text = applied(FUNCTIONAL, answer)
    assert "x = layers.Flatten()(x)\nx = layers.Dropout(0.2)(x)\nout = " in text


def test_a_chinese_change_inside_a_named_call() -> None:
    answer = '把 `model.compile` 里的 `loss="mse"` 改成 `loss="mae"`，其他不变。'
    text = applied(FLAT, answer)
    assert 'loss="mae"' in text and 'loss="mse"' not in text


def test_a_layer_described_first_then_quoted_is_removed() -> None:
    for answer in (
        "The net is too big for 64 rows: remove the second hidden layer, i.e. "
        '`layers.Dense(32, activation="relu"),` and keep the rest.',
        '网络太大了：去掉第二个隐藏层，也就是 `layers.Dense(32, activation="relu"),` 这一行。',
    ):
        text = applied(FLAT, answer)
        assert "Dense(32" not in text and "Dense(64" in text, answer


def test_a_callback_made_after_compiling_inside_the_function_said() -> None:
    answer = f"""Make early stopping part of the run.

Then, in `main()`, build the callback after compiling the model:

{F}python
    stop = keras.callbacks.EarlyStopping(patience=1)
{F}

Finally, pass `callbacks=[stop]` to the `model.fit(...)` call.
"""
    text = applied(MAIN, answer)
    body = text.split("def main():")[1].split("if __name__")[0]
    assert body.index("model.compile(") < body.index("stop = ") < body.index("model.fit(")
    assert "callbacks=[stop]" in body


def test_a_block_given_again_elsewhere_instead_takes_the_first_back() -> None:
    answer = f"""Seed everything. Add this right after the imports:

{F}python
keras.utils.set_random_seed(CFG.seed)
{F}

Oh wait, `CFG` only exists one cell later, so put it at the end of the `CFG` cell instead:

{F}python
keras.utils.set_random_seed(CFG.seed)
{F}
"""
    text = applied(CELLS, answer)
    assert text.count("set_random_seed") == 1
    assert "    epochs = 1\nkeras.utils.set_random_seed(CFG.seed)\n" in text


NOTEBOOK = """# %%
import numpy as np
import keras
from keras import layers

# %%
x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# %%
hist = model.fit(x, y, epochs=1, verbose=0)
print("loss:", hist.history["loss"][-1])
model.save_weights("tiny.h5")
"""


def test_a_line_of_the_last_cell_is_changed_not_the_whole_cell() -> None:
    for intro in (
        "Change the save line in the last cell to:",
        "마지막 셀의 저장 줄을 이렇게 바꾸세요:",
    ):
        answer = f'{intro}\n\n{F}python\nmodel.save_weights("tiny.weights.h5")\n{F}\n'
        text = applied(NOTEBOOK, answer)
        assert 'model.save_weights("tiny.weights.h5")' in text, intro
        assert "hist = model.fit(" in text and 'print("loss:"' in text, intro


def test_two_values_for_one_setting_then_either_is_refused() -> None:
    answer = f"""Lower the rate:

{F}python
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="mse")
{F}

On the other hand, with so few epochs you might rather raise it instead:

{F}python
model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
{F}

Either of these should tell you more than the current value.
"""
    result = apply_answer(FLAT, answer)
    assert not result.ok and result.new_text is None


def test_a_step_whose_value_is_only_an_example_is_advice_not_a_refusal() -> None:
    answer = f"""Add a learning-rate schedule before training:

{F}python
plateau = keras.callbacks.ReduceLROnPlateau(patience=1)
history = model.fit(
    x, y,
    epochs=EPOCHS,
    callbacks=[plateau],
    verbose=0,
)
{F}

Notes:
1. The schedule halves the rate when the loss stalls.
{{step}}
"""
    for step in (
        "2. Then raise `EPOCHS` for a real run (e.g. 20).",
        "2. `EPOCHS = 2` は短いので、エポック数を増やしてください（例えば 20）。",
    ):
        text = applied(FLAT, answer.replace("{step}", step))
        assert "callbacks=[plateau]" in text and "EPOCHS = 2\n" in text, step


def test_a_place_said_by_the_parent_item_of_a_nested_list_places_the_block() -> None:
    answer = f"""1. Make runs repeatable. Right after `LR = 1e-3`, seed everything:
   - Python, NumPy and the backend at once
   - one call does it all:

{F}python
keras.utils.set_random_seed(0)
{F}
"""
    text = applied(FLAT, answer)
    assert "LR = 1e-3\nkeras.utils.set_random_seed(0)\n" in text


def test_advice_for_later_and_on_a_condition_of_taste_is_not_applied() -> None:
    answer = f"""Add early stopping:

{F}python
stopper = keras.callbacks.EarlyStopping(patience=2)
history = model.fit(
    x, y,
    epochs=EPOCHS,
    callbacks=[stopper],
    verbose=0,
)
{F}

The rate then goes from `LR` to nothing new, so nothing else changes. With 2 epochs the
callback never fires, so you may want to raise `EPOCHS` to 30 or so once this works. If you
want it to wait longer, pass `patience=5` to `EarlyStopping`.
"""
    text = applied(FLAT, answer)
    assert "callbacks=[stopper]" in text
    assert "EPOCHS = 2\n" in text and "patience=2" in text


def test_a_keyword_said_for_a_call_quoted_twice_among_other_quotes() -> None:
    answer = (
        "Pass an `EarlyStopping` callback to `fit`: add "
        '`callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=1)]` '
        "to the `model.fit(...)` call."
    )
    text = applied(FLAT, answer)
    assert "callbacks=[keras.callbacks.EarlyStopping(" in text.split("history = model.fit(")[1]


SPLIT = """import numpy as np
import keras
from keras import layers

x = np.random.rand(60, 4).astype("float32")
y = np.random.randint(0, 3, size=(60,))
x_tr, x_va = x[:40], x[40:]
y_tr, y_va = y[:40], y[40:]
print(x_tr.shape)
model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_tr, y_tr, validation_data=(x_va, y_va), epochs=1, verbose=0)
"""


def test_a_block_placed_after_a_quoted_line_reads_the_names_that_line_binds() -> None:
    answer = f"""The labels must be one-hot. Right after `y_tr, y_va = y[:40], y[40:]`, add these two lines:

{F}python
y_tr = keras.utils.to_categorical(y_tr, 3)
y_va = keras.utils.to_categorical(y_va, 3)
{F}
"""
    text = applied(SPLIT, answer)
    assert (
        "y_tr, y_va = y[:40], y[40:]\n"
        "y_tr = keras.utils.to_categorical(y_tr, 3)\n"
        "y_va = keras.utils.to_categorical(y_va, 3)\n"
    ) in text


def test_a_german_use_this_instead_of_that() -> None:
    text = applied(FLAT, 'Nimm `loss="mae"` statt `loss="mse"`, das ist robuster.')
    assert 'loss="mae"' in text and 'loss="mse"' not in text


def test_a_change_taken_back_then_brought_back_in_the_end_is_refused() -> None:
    for closing in (
        "Either of the two will work, pick whichever you prefer.",
        "So in the end, use the first block above, it is the most reliable.",
    ):
        answer = f"""Add dropout after the hidden layer:

{F}python
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(32, activation="relu"),
    layers.Dense(1),
])
{F}

Actually, don't add a separate layer; regularise the second one instead:

{F}python
model = keras.Sequential([
    keras.Input(shape=(8,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu", kernel_regularizer="l2"),
    layers.Dense(1),
])
{F}

{closing}
"""
        result = apply_answer(FLAT, answer)
        assert not result.ok and result.new_text is None, closing
