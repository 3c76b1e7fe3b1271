"""Answers that gather the script's constants into a config object.

- a dataclass whose fields are the script's constants (same names in lower case, same
  values) with "replace the constants with it ... `cfg.<name>` everywhere": the block takes
  the constants' place, its import goes with the script's, every read (a function's body
  included) becomes ``cfg.<field>``, and later blocks already written that way change nothing;
- a dict of the same values read as ``CFG["lr"]``;
- a constant whose field has another value is not taken over (it keeps its line and reads);
- with no word of replacing, a config class is new code, the constants stay.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
import keras

SEED = 1
UNITS = 8
BATCH_SIZE = 16
EPOCHS = 1
DATA_DIR = "data"

np.random.seed(SEED)
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)


def build():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(UNITS, activation="relu"),
                             keras.layers.Dense(1, activation="sigmoid")])


model = build()
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, batch_size=BATCH_SIZE, epochs=EPOCHS, verbose=0)
print(DATA_DIR)
"""

CONFIG = f"""{F}python
from dataclasses import dataclass


@dataclass
class Config:
    seed: int = 1
    units: int = 8
    batch_size: int = 16
    epochs: int = 1


cfg = Config()
{F}"""


def test_a_dataclass_of_the_constants_takes_their_place_and_every_read() -> None:
    answer = f"""Group the hyperparameters in a dataclass:

{CONFIG}

Replace the constants with that block and use `cfg.<name>` everywhere, e.g.:

{F}python
model.fit(X, y, batch_size=cfg.batch_size, epochs=cfg.epochs, verbose=0)
{F}
"""
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    for old in ("SEED", "UNITS", "BATCH_SIZE", "EPOCHS"):
        assert old not in text, old
    assert 'DATA_DIR = "data"' in text and "print(DATA_DIR)" in text
    assert "np.random.seed(cfg.seed)" in text and "Dense(cfg.units" in text
    assert "batch_size=cfg.batch_size, epochs=cfg.epochs" in text
    assert text.index("import keras") < text.index("from dataclasses import dataclass")
    assert text.index("cfg = Config()") < text.index("np.random.seed(cfg.seed)")
    assert text.count("class Config") == 1


def test_a_dict_of_the_constants_is_read_by_key() -> None:
    answer = f"""Instead of loose constants, keep them in one dict:

{F}python
CFG = {{"seed": 1, "units": 8, "batch_size": 16, "epochs": 1}}
{F}
"""
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'np.random.seed(CFG["seed"])' in result.new_text
    assert 'batch_size=CFG["batch_size"], epochs=CFG["epochs"]' in result.new_text
    assert "SEED" not in result.new_text


def test_a_field_with_another_value_does_not_take_its_constant_over() -> None:
    answer = f"""Instead of loose constants, keep them in one dict:

{F}python
CFG = {{"seed": 1, "units": 32, "batch_size": 16, "epochs": 1}}
{F}
"""
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "UNITS = 8" in result.new_text and "Dense(UNITS" in result.new_text
    assert 'np.random.seed(CFG["seed"])' in result.new_text


def test_a_config_class_with_no_word_of_replacing_leaves_the_constants() -> None:
    answer = f"""Here is a config you could log to your tracker:

{CONFIG}
"""
    result = apply_answer(SCRIPT, answer)
    text = result.new_text or SCRIPT
    assert "SEED = 1" in text and "np.random.seed(SEED)" in text
