"""A new configuration entry said only in prose, next to code that reads it.

- "add `"n_folds": 5` to your `config` dict" writes the key after the dict's last entry, in
  its quoting, before the code that reads ``config["n_folds"]``;
- a config class gets the attribute (annotated when its fields are: a dataclass);
- a one-line ``dict(...)`` gets a keyword; French and Chinese say it too;
- an entry the holder has is a value set, not a second key;
- a holder that is not the script's is refused, the file untouched.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

F = "```"

DICT_SCRIPT = """import numpy as np
import keras

config = {
    'seed': 3,
    'epochs': 1,
    'batch_size': 16
}

rng = np.random.default_rng(config['seed'])
X = rng.random((60, 4)).astype("float32")
y = (X.sum(axis=1) > 2).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=config['epochs'], batch_size=config['batch_size'], verbose=0)
"""

CV_BLOCK = f"""{F}python
scores = []
for idx in np.array_split(np.arange(len(X)), config['n_splits']):
    scores.append(model.evaluate(X[idx], y[idx], verbose=0))
np.save("fold_scores.npy", np.array(scores))
{F}"""


def test_a_new_key_goes_into_the_dict_before_the_code_that_reads_it() -> None:
    answer = f"""Two steps:

1. Add `"n_splits": 3` to your `config` dict.
2. Append this after training:

{CV_BLOCK}
"""
    result = apply_answer(DICT_SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    tree = ast.parse(text)
    cfg = next(s for s in tree.body if isinstance(s, ast.Assign))
    assert isinstance(cfg.value, ast.Dict)
    assert ast.literal_eval(ast.unparse(cfg.value)) == {
        "seed": 3,
        "epochs": 1,
        "batch_size": 16,
        "n_splits": 3,
    }
    assert "    'n_splits': 3," in text  # the dict's own quotes and indentation
    assert text.count("n_splits") == 2


def test_a_dataclass_gets_an_annotated_field() -> None:
    script = """from dataclasses import dataclass
import keras


@dataclass
class CFG:
    units: int = 8
    epochs: int = 1


model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(CFG.units)])
model.compile(optimizer="adam", loss="mse")
"""
    answer = f"""Ajoutez `dropout = 0.2` à la classe `CFG`, puis insérez la couche :

{F}python
model = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(CFG.dropout), keras.layers.Dense(CFG.units)])
{F}
"""
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert "    epochs: int = 1\n    dropout: float = 0.2\n" in text
    assert "keras.layers.Dropout(CFG.dropout)" in text


def test_a_one_line_dict_call_gets_a_keyword_said_in_chinese() -> None:
    script = """import keras

params = dict(units=8, epochs=1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(params["units"])])
model.compile(optimizer="adam", loss="mse")
"""
    answer = f"""在 `params` 中添加 `lr=0.01`，然后用它：

{F}python
model.compile(optimizer=keras.optimizers.Adam(params["lr"]), loss="mse")
{F}
"""
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "params = dict(units=8, epochs=1, lr=0.01)" in result.new_text
    assert 'keras.optimizers.Adam(params["lr"])' in result.new_text


def test_an_entry_the_dict_has_is_set_not_written_twice() -> None:
    answer = f"""1. Add `"epochs": 4` to `config`.
2. Then add the folds at the end of the script:

{CV_BLOCK.replace("config['n_splits']", "3")}
"""
    result = apply_answer(DICT_SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "'epochs': 4," in result.new_text
    assert result.new_text.count("epochs'") == 2  # the entry and its one read


def test_an_entry_for_a_holder_the_script_does_not_have_is_refused() -> None:
    answer = f"""1. Add `"n_splits": 3` to your `hparams` dict.
2. Then:

{CV_BLOCK.replace("config['n_splits']", "hparams['n_splits']")}
"""
    result = apply_answer(DICT_SCRIPT, answer)
    assert not result.ok
    assert result.new_text is None or "hparams" not in result.new_text
