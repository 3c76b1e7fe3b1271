"""A re-pasted call whose arguments the answer leaves out, wholly or in part.

- ``model.fit(`` / ``x, y,`` / ``...`` / ``callbacks=cb,`` / ``)``: the marker stands for
  the script's other arguments of that call, put back as the script writes them;
- ``model.compile(...)  # unverändert`` after a re-pasted model: the script's call stays
  (and its names, such as the learning-rate constant, are not "dropped");
- a marker whose arguments cannot be told apart is refused, nothing written.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
import keras
from keras import layers

BASE_LR = 2e-3
EPOCHS = 2


def train(x, y):
    model = keras.Sequential([
        keras.Input(shape=(6,)),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=BASE_LR, momentum=0.9), loss="mse")
    history = model.fit(
        x, y,
        validation_split=0.25,
        epochs=EPOCHS,
        batch_size=16,
        verbose=0,
    )
    return model, history


model, history = train(np.random.rand(64, 6).astype("float32"), np.random.rand(64, 1).astype("float32"))
print(history.history["val_loss"][-1])
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def _fit_keywords(text: str) -> dict[str, str]:
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "model.fit":
            return {k.arg or "**": ast.unparse(k.value) for k in node.keywords}
    raise AssertionError("no model.fit call")


def test_the_marker_among_arguments_keeps_the_scripts_other_arguments() -> None:
    for marker in ("...", "# ... other arguments unchanged ..."):
        answer = f"""Stop when the validation loss stalls. In `train`, right before `model.fit`:

{F}python
    stop = keras.callbacks.EarlyStopping(patience=1)
    history = model.fit(
        x, y,
        {marker}
        callbacks=[stop],
        verbose=0,
    )
{F}
"""
        text = applied(SCRIPT, answer)
        kw = _fit_keywords(text)
        assert kw == {
            "validation_split": "0.25",
            "epochs": "EPOCHS",
            "batch_size": "16",
            "verbose": "0",
            "callbacks": "[stop]",
        }, marker
        assert "..." not in text.split("def train")[1].split("return")[0]


def test_a_call_given_with_its_arguments_left_out_stays_the_scripts() -> None:
    answer = f"""Gerne! Mit BatchNormalization lernt das kleine Netz stabiler:

{F}python
    model = keras.Sequential([
        keras.Input(shape=(6,)),
        layers.Dense(16, activation="relu"),
        layers.BatchNormalization(),
        layers.Dense(1),
    ])
    model.compile(...)  # unverändert
{F}

Das `compile` bleibt wie es ist.
"""
    text = applied(SCRIPT, answer)
    assert "layers.BatchNormalization()," in text
    assert "SGD(learning_rate=BASE_LR, momentum=0.9)" in text and "compile(...)" not in text


def test_a_marker_between_positional_arguments_on_both_sides_is_refused() -> None:
    answer = f"""Pass the callback:

{F}python
    history = model.fit(
        x,
        ...
        y,
        callbacks=[keras.callbacks.TerminateOnNaN()],
    )
{F}
"""
    result = apply_answer(SCRIPT, answer)
    assert not result.ok and result.new_text is None


def test_a_marker_in_the_middle_of_a_layer_list_keeps_the_layers_it_stands_for() -> None:
    answer = f"""Add dropout right before the head:

{F}python
    model = keras.Sequential([
        keras.Input(shape=(6,)),
        # ... your hidden layers ...
        layers.Dropout(0.2),
        layers.Dense(1),
    ])
{F}
"""
    text = applied(SCRIPT, answer)
    assert (
        '        layers.Dense(16, activation="relu"),\n'
        "        layers.Dropout(0.2),\n"
        "        layers.Dense(1),\n"
    ) in text


FLAT = """import numpy as np
import keras
from keras import layers

EPOCHS = 2
x = np.random.rand(64, 6).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input(shape=(6,)), layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# %%
history = model.fit(
    x, y,
    validation_split=0.25,
    epochs=EPOCHS,
    verbose=0,
)
"""


def test_a_top_level_call_with_a_marker_among_its_arguments() -> None:
    answer = f"""1. Right before `history = model.fit(`, make the logger:

{F}python
logger = keras.callbacks.CSVLogger("log.csv")
{F}

2. Pass it to `fit`:

{F}python
history = model.fit(
    x, y,
    ...
    callbacks=[logger],
    verbose=0,
)
{F}
"""
    text = applied(FLAT, answer)
    assert _fit_keywords(text) == {
        "validation_split": "0.25",
        "epochs": "EPOCHS",
        "verbose": "0",
        "callbacks": "[logger]",
    }
    assert text.index("logger = ") < text.index("history = model.fit(")
