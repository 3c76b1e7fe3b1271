"""Blocks that match one of several alike statements, and a list elided whole.

- ``parser.add_argument("--units", type=int, default=64)`` among three ``add_argument``
  calls rewrites the one for ``--units`` (the same flag), not refused as ambiguous; a new
  flag is added beside them.
- "Add a dropout layer right after the first Dense layer in `build_model`" over
  ``model.add(layers.Dropout(0.3))``: after the first ``Dense``, of three.
- ``model = keras.Sequential([`` / ``...`` / ``])`` in a block that adds a schedule before it
  and rewrites ``compile``: the list is the script's, kept whole.
- "Reduce the batch size to 16 in the `fit` call:" over a two-line ``fit`` that writes
  ``batch_size=64``: the answer contradicts itself (numbers on a call's continuation line).

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

ARGS = """import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--units", default=64)
parser.add_argument("--epochs", type=int, default=2)
parser.add_argument("--seed", type=int, default=7)
args = parser.parse_args()
print(args.units * 2)
"""


def test_the_call_for_the_same_flag_is_rewritten() -> None:
    answer = (
        "argparse passes `--units 128` as a string; declare the type:\n\n"
        '```python\nparser.add_argument("--units", type=int, default=64)\n```\n'
    )
    result = apply_answer(ARGS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert lines[3] == 'parser.add_argument("--units", type=int, default=64)'
    assert sum(x.startswith("parser.add_argument(") for x in lines) == 3


MODEL = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

LR = 1e-3
x = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)


def build_model(width):
    model = keras.Sequential()
    model.add(layers.Dense(width, activation="relu"))
    model.add(layers.Dense(width, activation="relu"))
    model.add(layers.Dense(1, activation="sigmoid"))
    return model


model = keras.Sequential([
    keras.Input((4,)),
    layers.Dense(8, activation="relu"),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(LR), loss="binary_crossentropy")
model.fit(x, y, batch_size=32,
          epochs=1, verbose=0)
"""


def test_after_the_first_dense_layer() -> None:
    answer = (
        "Add a dropout layer right after the first Dense layer in `build_model`:\n\n"
        "```python\nmodel.add(layers.Dropout(0.3))\n```\n"
    )
    result = apply_answer(MODEL, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    at = lines.index("    model.add(layers.Dropout(0.3))")
    assert lines[at - 1] == '    model.add(layers.Dense(width, activation="relu"))'
    assert lines[at - 2] == "    model = keras.Sequential()"


def test_a_list_elided_whole_is_the_scripts() -> None:
    answer = (
        "Compute the schedule right before building the model:\n\n```python\n"
        "decay = keras.optimizers.schedules.CosineDecay(LR, decay_steps=100)\n\n"
        "model = keras.Sequential([\n    ...\n])\n"
        'model.compile(optimizer=keras.optimizers.Adam(decay), loss="binary_crossentropy")\n'
        "```\n\nEverything else stays the same.\n"
    )
    result = apply_answer(MODEL, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert 'layers.Dense(8, activation="relu"),' in text and "keras.Input((4,))," in text
    assert "Adam(decay)" in text and "Adam(LR)" not in text
    assert text.index("decay = keras.optimizers") < text.index("model = keras.Sequential([")


def test_a_batch_size_written_otherwise_on_a_continuation_line() -> None:
    answer = (
        "Reduce the batch size to 16 in the `fit` call:\n\n```python\n"
        "model.fit(x, y, batch_size=64,\n          epochs=1, verbose=0)\n```\n"
    )
    result = apply_answer(MODEL.replace("batch_size=32,\n", "\n          batch_size=32,\n"), answer)
    assert not result.ok
