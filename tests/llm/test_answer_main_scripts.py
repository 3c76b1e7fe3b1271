"""Answers for a script organised in functions with ``argparse`` options and a ``main()``.

- a new ``p.add_argument("--out", ...)`` goes after the script's other options (it is no
  edit of one of them, whichever it looks like);
- an option the script has, re-pasted with another default, replaces that option;
- code said to go "at the end of `main()`" goes at the end of that function's body, in it.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import argparse

import numpy as np
import keras


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--units", type=int, default=8)
    return p.parse_args()


def main():
    args = parse_args()
    x = np.random.rand(32, 4).astype("float32")
    y = np.random.randint(0, 2, 32)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(args.units, activation="relu"),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="binary_crossentropy")
    model.fit(x, y, epochs=args.epochs, verbose=0)
    print("done")


if __name__ == "__main__":
    main()
"""


def new_text(answer: str) -> str:
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_new_option_goes_after_the_others_and_the_save_at_the_end_of_main() -> None:
    answer = f"""- Add an output option next to the others:

{F}python
p.add_argument("--out", type=str, default="model.keras")
{F}

- At the end of `main()`, save the model:

{F}python
model.save(args.out)
{F}
"""
    text = new_text(answer)
    for option in ('"--epochs"', '"--lr"', '"--units"'):
        assert text.count(option) == 1, option
    assert (
        'p.add_argument("--units", type=int, default=8)\n'
        '    p.add_argument("--out", type=str, default="model.keras")\n'
        "    return p.parse_args()"
    ) in text
    assert '    print("done")\n    model.save(args.out)\n' in text


def test_an_option_the_script_has_is_replaced() -> None:
    answer = f"""Use a smaller learning rate by default:

{F}python
p.add_argument("--lr", type=float, default=3e-4)
{F}
"""
    text = new_text(answer)
    assert 'p.add_argument("--lr", type=float, default=3e-4)' in text
    assert "default=1e-3" not in text and text.count('"--lr"') == 1


def test_a_function_re_pasted_with_its_parameter_renamed_keeps_the_scripts_name() -> None:
    script = SCRIPT.replace(
        "def main():",
        "def build(args):\n    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(args.units)])\n\n\ndef main():",
    )
    answer = f"""1. Reemplaza `build` por esta versión:

{F}python
def build(cfg):
    return keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.1), keras.layers.Dense(cfg.units)])
{F}

2. Como converge más despacio, sube el valor por defecto de `--epochs` a 3.
"""
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert "def build(args):" in text and "keras.layers.Dense(args.units)" in text
    assert "keras.layers.Dropout(0.1)" in text and "cfg" not in text
    assert 'p.add_argument("--epochs", type=int, default=3)' in text
