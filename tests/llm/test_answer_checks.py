"""Check snippets are run, not pasted; a class re-pasted in part keeps what it had.

- a "### Quick check" / "you can confirm it in a new cell" / "Puoi controllare ... in una
  nuova cella" block that binds names of its own (``x, y = get_data(4, 0)``), names that
  only a function of the script binds (``opt = ...``), or calls a method of its own
  temporary (``m.build(...)``), then prints: skipped, the real edits applied, nothing
  appended to the script;
- ``class Config:`` / ``# ... existing fields unchanged ...`` / ``n_folds: int = 4`` adds
  the field at the end of the class, and a class re-pasted without its ``@dataclass``
  keeps the decorator.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """from dataclasses import dataclass

import numpy as np
import keras
from keras import layers


@dataclass
class Config:
    units: int = 16
    lr: float = 1e-3
    epochs: int = 2


class Net(keras.Model):
    def __init__(self, units):
        super().__init__()
        self.hidden = layers.Dense(units, activation="relu")
        self.out = layers.Dense(3, activation="softmax")

    def call(self, x):
        return self.out(self.hidden(x))


def get_data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 5)).astype("float32")
    y = keras.utils.to_categorical(rng.integers(0, 3, n), 3)
    return x, y


def compile_model(model, cfg):
    opt = keras.optimizers.Adam(learning_rate=cfg.lr)
    model.compile(optimizer=opt, loss="sparse_categorical_crossentropy")
    return model


def main():
    cfg = Config()
    x, y = get_data(64, 0)
    model = compile_model(Net(cfg.units), cfg)
    model.fit(x, y, epochs=cfg.epochs, verbose=0)


if __name__ == "__main__":
    main()
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def _tail(text: str) -> str:
    return text.split('if __name__ == "__main__":')[1]


def test_a_quick_check_with_names_of_its_own_is_not_pasted() -> None:
    for check in (
        f"### Quick check\n\n{F}python\nx, y = get_data(4, 0)\nprint(y.shape)\n{F}\n",
        "### Verifica\n\nPuoi controllare la forma in una nuova cella:\n\n"
        f"{F}python\nx, y = get_data(4, 0)\nprint(y.shape, y.dtype)\n{F}\n",
    ):
        answer = f"""The loss is sparse but the labels are one-hot. In `compile_model` use the
categorical loss:

{F}python
def compile_model(model, cfg):
    opt = keras.optimizers.Adam(learning_rate=cfg.lr)
    model.compile(optimizer=opt, loss="categorical_crossentropy")
    return model
{F}

{check}"""
        text = applied(SCRIPT, answer)
        assert 'loss="categorical_crossentropy"' in text
        assert "get_data(4, 0)" not in text and "print(" not in text, check


def test_a_check_that_rebinds_a_functions_local_is_not_pasted_into_it() -> None:
    answer = f"""Keras 3 wants `learning_rate`, and your function already has it right.

### Check it

You can confirm the optimizer picked up the value:

{F}python
opt = keras.optimizers.Adam(learning_rate=Config.lr)
print(float(opt.learning_rate))
{F}
"""
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is None or "print(float(opt" not in result.new_text


def test_a_check_that_builds_a_temporary_model_is_not_pasted() -> None:
    answer = f"""Keep the softmax in float32 when you move to mixed precision. In `Net.__init__`:

{F}python
        self.out = layers.Dense(3, activation="softmax", dtype="float32")
{F}

In a new cell (or a Python shell) you can confirm the dtypes:

{F}python
m = Net(8)
m.build((None, 5))
print(m.out.compute_dtype)
{F}
"""
    text = applied(SCRIPT, answer)
    assert 'dtype="float32"' in text
    assert "m.build" not in text and "m = Net(8)" not in _tail(text)


def test_a_field_added_below_an_elided_class_body_keeps_the_decorator() -> None:
    answer = f"""Add the number of folds to the config:

{F}python
class Config:
    # ... existing fields unchanged ...
    n_folds: int = 4
{F}
"""
    text = applied(SCRIPT, answer)
    assert "@dataclass\nclass Config:\n    units: int = 16\n" in text
    assert "    epochs: int = 2\n    n_folds: int = 4\n" in text


def test_a_sanity_check_that_trains_on_its_own_sample_is_not_an_edit() -> None:
    answer = f"""Nothing in the model looks wrong; your labels are random, so chance accuracy is expected.

### Sanity check: can it overfit a tiny batch?

{F}python
bx, by = x[:8], y[:8]
model.fit(bx, by, epochs=30, verbose=0)
print(model.evaluate(bx, by, verbose=0))
{F}

If that reaches a low loss, the training loop is fine and no change is needed.
"""
    result = apply_answer(SCRIPT, answer)
    assert not result.ok and result.new_text is None
    assert "no code to apply" in (result.refusal or "")
