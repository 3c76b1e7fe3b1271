"""Answers in other tools' edit formats: git-conflict style markers (``<<<<<<< ORIGINAL`` /
``>>>>>>> UPDATED``, ``<<<<<<< HEAD``) instead of SEARCH/REPLACE, and a fragment between
``# ...existing code...`` markers that adds one step to a functional chain right after the
line it quotes (the step is new: the script's next layer stays), and an answer quoted in a
reply (every line after ``> ``, its fences included), and a ``pip install`` line pasted
among the Python lines of a block (a shell command: left out, the code applies), and an
elision marker inside a re-pasted layer list (the script's items it stands for stay).

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

SIZE = 32


def build_model(n_classes):
    inputs = keras.Input((SIZE, SIZE, 3))
    x = layers.Conv2D(16, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(32, 3, activation="relu")(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


images = np.random.rand(96, SIZE, SIZE, 3).astype("float32")
labels = np.random.randint(0, 4, 96)
model = build_model(4)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, labels, epochs=2, batch_size=16)
"""


def applied(answer: str) -> str:
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


@pytest.mark.parametrize(
    ("start", "end"),
    [("<<<<<<< ORIGINAL", ">>>>>>> UPDATED"), ("<<<<<<< HEAD", ">>>>>>> fix-lr")],
)
def test_conflict_marker_blocks_are_read_as_search_and_replace(start: str, end: str) -> None:
    answer = (
        "Use a lower learning rate:\n\n```\n"
        f"{start}\n"
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "=======\n"
        "model.compile(optimizer=keras.optimizers.Adam(3e-4),\n"
        '              loss="sparse_categorical_crossentropy")\n'
        f"{end}\n```\n"
    )
    new = applied(answer)
    assert "optimizer=keras.optimizers.Adam(3e-4)" in new
    assert 'optimizer="adam"' not in new
    assert "<<<<<<<" not in new and "=======" not in new


def test_a_new_chain_step_after_the_quoted_line_keeps_the_next_layer() -> None:
    answer = (
        "Add dropout after the second convolution:\n\n```python\n"
        "# ...existing code...\n"
        'x = layers.Conv2D(32, 3, activation="relu")(x)\n'
        "x = layers.Dropout(0.3)(x)\n"
        "# ...existing code...\n```\n"
    )
    new = applied(answer)
    assert (
        '    x = layers.Conv2D(32, 3, activation="relu")(x)\n'
        "    x = layers.Dropout(0.3)(x)\n"
        "    x = layers.GlobalAveragePooling2D()(x)\n"
    ) in new


def test_a_close_variant_of_the_next_layer_still_replaces_it() -> None:
    answer = (
        "Use max pooling instead:\n\n```python\n"
        "# ... existing code ...\n"
        'x = layers.Conv2D(32, 3, activation="relu")(x)\n'
        "x = layers.GlobalMaxPooling2D()(x)\n"
        "# ... existing code ...\n```\n"
    )
    new = applied(answer)
    assert "x = layers.GlobalMaxPooling2D()(x)" in new
    assert "GlobalAveragePooling2D" not in new


def test_a_fenced_block_inside_a_block_quote_is_read() -> None:
    answer = (
        "Someone suggested this, and it works:\n\n"
        "> Normalise after the first convolution:\n"
        ">\n"
        "> ```python\n"
        '>     x = layers.Conv2D(16, 3, activation="relu")(inputs)\n'
        ">     x = layers.BatchNormalization()(x)\n"
        "> ```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        '    x = layers.Conv2D(16, 3, activation="relu")(inputs)\n'
        "    x = layers.BatchNormalization()(x)\n    x = layers.MaxPooling2D()(x)\n"
    ) in result.new_text
    assert "> " not in result.new_text


def test_a_pip_line_in_a_python_block_is_left_out_and_the_code_applies() -> None:
    answer = (
        "Update Keras first, then normalise after the first convolution:\n\n```python\n"
        'pip install -U "keras>=3"\n\n'
        '    x = layers.Conv2D(16, 3, activation="relu")(inputs)\n'
        "    x = layers.BatchNormalization()(x)\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "pip install" not in result.new_text
    assert (
        "    x = layers.BatchNormalization()(x)\n    x = layers.MaxPooling2D()(x)\n"
        in result.new_text
    )
    assert any(b.detail == "a shell command or notebook magic" for b in result.blocks)


LAYERS = """import numpy as np
import keras
from keras import layers


def make_model(n):
    model = keras.Sequential([
        layers.Input(shape=(n,)),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(64, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer="adam", loss="mse")
    return model


model = make_model(8)
model.fit(np.random.rand(32, 8), np.random.rand(32), epochs=1, verbose=0)
"""


def test_an_elision_inside_a_layer_list_keeps_the_items_it_stands_for() -> None:
    answer = (
        "Normalise after the first layer and use a Huber loss:\n\n```python\n"
        "def make_model(n):\n"
        "    model = keras.Sequential([\n"
        "        layers.Input(shape=(n,)),\n"
        '        layers.Dense(128, activation="relu"),\n'
        "        layers.BatchNormalization(),\n"
        "        layers.Dropout(0.2),\n"
        "        # ... rest of the layers unchanged ...\n"
        "    ])\n"
        '    model.compile(optimizer="adam", loss=keras.losses.Huber())\n'
        "    return model\n```\n"
    )
    result = apply_answer(LAYERS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        '        layers.Dense(128, activation="relu"),\n        layers.BatchNormalization(),\n'
        '        layers.Dropout(0.2),\n        layers.Dense(64, activation="relu"),\n'
        "        layers.Dense(1),\n    ])\n"
    ) in result.new_text
    assert (
        "loss=keras.losses.Huber()" in result.new_text
        and "rest of the layers" not in result.new_text
    )
