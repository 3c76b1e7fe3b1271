"""An answer whose later block writes over what an earlier block of it just wrote.

- "Raise the hidden layer to 64 units:" then "In short, it should be smaller, 16 units:"
  over the same ``Dense``: the answer contradicts itself and nothing is written.
- The same second block introduced with "instead" (the author takes the first back) is
  applied alone.
- Two blocks that each add a layer of the same shape with other sizes are two layers, not
  a contradiction.
- A block introduced with the value it sets ("aumente ... para 64 unidades:") is the
  change, not the "before" code a later block fixes.
- "... so you want to increase `HIDDEN`:" over ``HIDDEN = 64`` (the script has 32), then
  "To summarise, the final constants should be:" with ``HIDDEN = 128``: refused ("the
  original paper" in the first sentence labels no old code); the same summary repeating
  64 is applied.
- "... i.e. `{"coarse": 1.0, "fine": 0.5}`" over a block writing
  ``loss_weights={"coarse": 0.5, "fine": 1.0}``: refused; the same block writing the quoted
  dict is applied.
- "Cambia `HIDDEN = 32` por `HIDDEN = 64`" in prose and a block writing ``HIDDEN = 16``:
  refused (the prose change is not skipped as code the script lacks).

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

MLP = """import numpy as np
from tensorflow import keras


def get_model():
    model = keras.Sequential()
    model.add(keras.layers.Input(shape=(8,)))
    model.add(keras.layers.Dense(32, activation="relu"))
    model.add(keras.layers.Dense(3, activation="softmax"))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 3, 64)
get_model().fit(x, y, epochs=1, verbose=0)
"""


def test_a_later_block_writing_other_values_over_an_earlier_one_is_refused() -> None:
    answer = (
        "To get more accuracy, raise the hidden layer to 64 units:\n\n"
        '```python\nmodel.add(keras.layers.Dense(64, activation="relu"))\n```\n\n'
        "More units help separate the classes.\n\n"
        "In short: with only 8 features the hidden layer should be smaller, 16 units, so it "
        "does not overfit:\n\n"
        '```python\nmodel.add(keras.layers.Dense(16, activation="relu"))\n```\n'
    )
    result = apply_answer(MLP, answer)
    assert not result.ok and result.new_text is None
    assert "contradicts itself" in (result.refusal or "")


def test_the_later_block_said_instead_replaces_the_first() -> None:
    answer = (
        "Raise the hidden layer to 64 units:\n\n"
        '```python\nmodel.add(keras.layers.Dense(64, activation="relu"))\n```\n\n'
        "With only 8 features that overfits, so use a smaller layer instead:\n\n"
        '```python\nmodel.add(keras.layers.Dense(16, activation="relu"))\n```\n'
    )
    result = apply_answer(MLP, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Dense(16" in result.new_text and "Dense(64" not in result.new_text
    assert "Dense(32" not in result.new_text


TWO_HIDDEN = MLP.replace(
    '    model.add(keras.layers.Dense(3, activation="softmax"))',
    '    model.add(keras.layers.Dense(16, activation="relu"))\n'
    '    model.add(keras.layers.Dense(3, activation="softmax"))',
)


def test_two_added_layers_of_one_shape_are_not_a_contradiction() -> None:
    answer = (
        'Right after `model.add(keras.layers.Dense(32, activation="relu"))`, add:\n\n'
        "```python\nmodel.add(keras.layers.Dropout(0.3))\n```\n\n"
        'and right after `model.add(keras.layers.Dense(16, activation="relu"))`, add:\n\n'
        "```python\nmodel.add(keras.layers.Dropout(0.1))\n```\n"
    )
    result = apply_answer(TWO_HIDDEN, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index("Dense(32") < new.index("Dropout(0.3)") < new.index("Dense(16")
    assert new.index("Dense(16") < new.index("Dropout(0.1)") < new.index("Dense(3,")


def test_a_block_introduced_with_its_new_value_in_portuguese_is_the_change() -> None:
    answer = (
        "Para melhorar a acurácia, aumente a capacidade da camada escondida para 64 unidades "
        "em `get_model`:\n\n"
        '```python\nmodel.add(keras.layers.Dense(64, activation="relu"))\n```\n'
    )
    result = apply_answer(MLP, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Dense(64" in result.new_text and "Dense(32" not in result.new_text


CNN = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(32, 28, 28, 1).astype("float32")
y = np.random.randint(0, 2, 32)
model = keras.Sequential([
    layers.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_block_taken_back_then_named_again_as_the_fix_refuses_the_answer() -> None:
    answer = (
        "Your Dense head sees a 4-D tensor. Add a `Flatten` before it:\n\n"
        "```python\n    layers.MaxPooling2D(),\n    layers.Flatten(),\n"
        '    layers.Dense(2, activation="softmax"),\n```\n\n'
        "Hmm, on second thought, do not use `Flatten` here; pool globally instead:\n\n"
        "```python\n    layers.GlobalAveragePooling2D(),\n"
        '    layers.Dense(2, activation="softmax"),\n```\n\n'
        "To summarize: the correct fix is the `Flatten` layer, exactly as in the first block; "
        "don't use `GlobalAveragePooling2D`.\n"
    )
    result = apply_answer(CNN, answer)
    assert not result.ok and result.new_text is None


CONSTANTS = """import numpy as np
from tensorflow import keras

HIDDEN = 32
DROPOUT = 0.1

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 3, 64)
model = keras.Sequential([
    keras.Input((8,)),
    keras.layers.Dense(HIDDEN, activation="relu"),
    keras.layers.Dropout(DROPOUT),
    keras.layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_summary_giving_another_value_than_the_change_is_refused() -> None:
    # "the original paper" is no label of old code: the first block is the change
    answer = (
        "In the original paper the hidden layer is several times the input size, so you "
        "want to increase `HIDDEN`:\n\n```python\nHIDDEN = 64\n```\n\n"
        "That's the only change needed.\n\nTo summarise, the final constants should be:\n\n"
        "```python\nHIDDEN = 128\nDROPOUT = 0.1\n```\n"
    )
    result = apply_answer(CONSTANTS, answer)
    assert not result.ok
    assert result.refusal is not None and "contradicts itself" in result.refusal


def test_a_summary_repeating_the_change_is_applied() -> None:
    answer = (
        "In the original paper the hidden layer is several times the input size, so you "
        "want to increase `HIDDEN`:\n\n```python\nHIDDEN = 64\n```\n\n"
        "To summarise, the final constants should be:\n\n"
        "```python\nHIDDEN = 64\nDROPOUT = 0.1\n```\n"
    )
    result = apply_answer(CONSTANTS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "HIDDEN = 64" in result.new_text and "HIDDEN = 32" not in result.new_text


HEADS = """import numpy as np
from tensorflow import keras

inp = keras.Input((6,))
h = keras.layers.Dense(16, activation="relu")(inp)
coarse = keras.layers.Dense(3, activation="softmax", name="coarse")(h)
fine = keras.layers.Dense(9, activation="softmax", name="fine")(h)
model = keras.Model(inp, {"coarse": coarse, "fine": fine})
model.compile(
    optimizer="adam",
    loss={"coarse": "sparse_categorical_crossentropy", "fine": "sparse_categorical_crossentropy"},
    loss_weights={"coarse": 0.3, "fine": 1.0},
)
x = np.random.rand(32, 6).astype("float32")
model.fit(x, {"coarse": np.zeros(32), "fine": np.zeros(32)}, epochs=1, verbose=0)
"""

WEIGHTS = """```python
model.compile(
    optimizer="adam",
    loss={"coarse": "sparse_categorical_crossentropy", "fine": "sparse_categorical_crossentropy"},
    loss_weights=%s,
)
```
"""


def test_a_quoted_dict_the_block_writes_otherwise_is_refused() -> None:
    answer = (
        "Give the coarse head the full weight and scale the fine head down, i.e. "
        '`{"coarse": 1.0, "fine": 0.5}`.\n\nUpdate the compile call like this:\n\n'
        + WEIGHTS
        % '{"coarse": 0.5, "fine": 1.0}'
    )
    result = apply_answer(HEADS, answer)
    assert not result.ok
    assert result.refusal is not None and '{"coarse": 1.0, "fine": 0.5}' in result.refusal


def test_a_quoted_dict_the_block_writes_is_applied() -> None:
    answer = (
        "Give the coarse head the full weight and scale the fine head down, i.e. "
        '`{"coarse": 1.0, "fine": 0.5}` instead of the current `{"coarse": 0.3, "fine": 1.0}`.'
        "\n\nUpdate the compile call like this:\n\n" + WEIGHTS % '{"coarse": 1.0, "fine": 0.5}'
    )
    result = apply_answer(HEADS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss_weights={"coarse": 1.0, "fine": 0.5},' in result.new_text


def test_a_prose_change_of_a_line_a_block_writes_otherwise_is_refused() -> None:
    answer = (
        "1. Cambia `HIDDEN = 32` por `HIDDEN = 64`.\n\n"
        "2. Como dije en el paso 1, reduce la capa:\n\n```python\nHIDDEN = 16\n```\n"
    )
    result = apply_answer(CONSTANTS, answer)
    assert not result.ok
    assert result.refusal is not None and "contradicts itself" in result.refusal


ARGS = """import argparse

import numpy as np
from tensorflow import keras


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--epochs", type=int, default=2)
    return p.parse_args([])


args = parse_args()
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse")
model.fit(np.random.rand(16, 3), np.random.rand(16), epochs=args.epochs, verbose=0)
"""


def test_a_value_said_in_chinese_the_block_writes_otherwise_is_refused() -> None:
    answer = (
        "学习率太大了，建议把默认学习率调小到 `1e-4`。\n\n在 `parse_args` 里这样改：\n\n"
        '```python\n    p.add_argument("--lr", type=float, default=1e-2)\n```\n'
    )
    result = apply_answer(ARGS, answer)
    assert not result.ok and result.new_text is None
    assert "1e-4" in (result.refusal or "") or "0.0001" in (result.refusal or "")


def test_a_value_said_in_chinese_the_block_writes_is_applied() -> None:
    answer = (
        "学习率太大了，建议把默认学习率调小到 `1e-4`。\n\n在 `parse_args` 里这样改：\n\n"
        '```python\n    p.add_argument("--lr", type=float, default=1e-4)\n```\n\n'
        "如果还是震荡，可以再调小到 `1e-5`。\n"
    )
    result = apply_answer(ARGS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'p.add_argument("--lr", type=float, default=1e-4)' in result.new_text


def test_a_loss_said_in_words_the_block_writes_otherwise_is_refused() -> None:
    answer = (
        "The target is already on a log scale, so switch to plain MAE:\n\n```python\n"
        'model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse", metrics=["mae"])\n'
        "```\n"
    )
    result = apply_answer(ARGS, answer)
    assert not result.ok and result.new_text is None
    assert "mae" in (result.refusal or "")


def test_a_metric_said_in_words_is_no_loss_to_use() -> None:
    answer = (
        "Keep the MSE loss and use MAE as the metric, so you can read the error in units:\n\n"
        "```python\n"
        'model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse", metrics=["mae"])\n'
        "```\n"
    )
    result = apply_answer(ARGS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'metrics=["mae"]' in result.new_text
