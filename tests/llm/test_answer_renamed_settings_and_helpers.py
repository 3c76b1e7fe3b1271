"""Answers that rename a setting, wrap lines in a helper, contradict themselves across
blocks, or bring a function written for another script.

- Two blocks give one argparse default two values ("lower it" then "raise it"), neither
  taken back: refused as a contradiction, never the second read as the "before" code.
- ``LR = 5e-4`` in one block, the ``compile`` re-pasted with ``Adam(1e-2)`` for
  ``Adam(LR)`` in the next: the value set is read nowhere, so the answer contradicts itself.
- "add it before calling `fit(...)`" in Japanese ("を呼ぶ前に") and Korean ("을 호출하기
  전에") places the block before that call.
- ``X = np.expand_dims(X.astype(...), -1)`` where the script binds ``X`` twice: the line
  whose value it wraps is the one it rewrites.
- ``model = make_net()`` / ``model.compile(...)`` for the script's ``net = make_net()``:
  the answer's name for the script's model; a second metric "below `train_loss`" is new.
- ``--hidden`` renamed ``--hidden-units`` (and ``DROP`` renamed ``DROPOUT_RATE``) with
  the line that reads it re-pasted: the new setting takes the old one's place.
- "Put it right after `summarize`. Then the end of `main()` becomes:": the helper goes
  after ``summarize``; the lines it took out of ``main()`` leave ``main()``.
- "Replace" / four-space indented ``def`` header / "with" / indented header: a pair.
- A function re-defined with its parameters in another order, or a new one without a
  default, that the script's unchanged calls do not fit: refused.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

ARGS = """import argparse

import keras


def get_args():
    p = argparse.ArgumentParser()
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.3)
    p.add_argument("--epochs", type=int, default=3)
    return p.parse_args()


def build(hidden, dropout):
    return keras.Sequential([
        keras.Input(shape=(8,)),
        keras.layers.Dense(hidden, activation="relu"),
        keras.layers.Dropout(dropout),
        keras.layers.Dense(1),
    ])


def main():
    args = get_args()
    net = build(args.hidden, args.dropout)
    net.compile(optimizer="adam", loss="mse")
    return net


if __name__ == "__main__":
    main()
"""


def test_two_blocks_giving_one_default_two_values_contradict() -> None:
    answer = """The model overfits after the first epoch, so lower the dropout default:

```python
    p.add_argument("--dropout", type=float, default=0.1)
```

On the other hand, with only 500 rows you want stronger regularization, so raise it:

```python
    p.add_argument("--dropout", type=float, default=0.5)
```
"""
    result = apply_answer(ARGS, answer)
    assert result.refusal is not None and "contradicts itself" in result.refusal
    assert "0.1" in result.refusal and "0.5" in result.refusal


CONST = """import keras

LR = 1e-3
EPOCHS = 2

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(LR), loss="mse")
"""


def test_a_value_set_and_its_only_read_replaced_contradict() -> None:
    answer = """The loss jumps around: the learning rate is too high. Lower it up top:

```python
LR = 3e-4
```

and in the compile call use a fixed, higher rate so it converges faster:

```python
model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="mse")
```
"""
    result = apply_answer(CONST, answer)
    assert result.refusal is not None
    assert "`LR`" in result.refusal and "contradicts itself" in result.refusal
    # the same compile with the value still read is an ordinary change
    fine = answer.replace("Adam(5e-3)", "Adam(LR)").replace('loss="mse"', 'loss="mae"')
    result = apply_answer(CONST, fine)
    assert result.refusal is None, result.refusal
    assert "LR = 3e-4" in result.new_text and 'Adam(LR), loss="mae"' in result.new_text


FIT = """import numpy as np
import keras

x = np.random.rand(32, 4)
y = np.random.rand(32, 1)
net = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
net.compile(optimizer="adam", loss="mse")

callbacks = [
    keras.callbacks.EarlyStopping(monitor="loss", patience=2),
]
hist = net.fit(x, y, epochs=2, callbacks=callbacks)
print(hist.history["loss"][-1])
"""


def test_before_calling_fit_in_japanese_and_korean() -> None:
    block = """```python
callbacks.append(keras.callbacks.TerminateOnNaN())
```
"""
    for words in (
        "NaN で止めたいなら、`net.fit(...)` を呼ぶ前にこれを追加してください:",
        "NaN에서 멈추려면 `net.fit(...)`을 호출하기 전에 이것을 추가하세요:",
    ):
        result = apply_answer(FIT, f"{words}\n\n{block}")
        assert result.refusal is None, result.refusal
        lines = result.new_text.split("\n")
        added = lines.index("callbacks.append(keras.callbacks.TerminateOnNaN())")
        assert added < next(i for i, x in enumerate(lines) if x.startswith("hist = net.fit"))


IMAGES = """import numpy as np
import keras

pixels = np.random.rand(20, 28 * 28)
X = pixels / 255.0
X = X.reshape(-1, 28, 28)
model = keras.Sequential([keras.Input(shape=(28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(2)])
"""


def test_a_line_wrapping_the_value_of_one_of_two_bindings_rewrites_it() -> None:
    answer = """The model wants a channel axis. In the data cell, add it:

```python
X = np.expand_dims(X.reshape(-1, 28, 28), -1)
```
"""
    result = apply_answer(IMAGES, answer)
    assert result.refusal is None, result.refusal
    assert "X = np.expand_dims(X.reshape(-1, 28, 28), -1)" in result.new_text
    assert "X = X.reshape(-1, 28, 28)\n" not in result.new_text
    assert "X = pixels / 255.0" in result.new_text


MADE = """import numpy as np
import keras


def make_net():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])


x = np.random.rand(32, 4)
y = np.random.rand(32, 1)
train_loss = keras.metrics.Mean()
net = make_net()
net.compile(optimizer="adam", loss="mse")
net.fit(x, y, epochs=2)
print(net.predict(x[:2]))
"""


def test_the_answers_name_for_the_scripts_model_is_the_script_name() -> None:
    answer = """Add an MAE metric so you can read the error in the target's units:

```python
model = make_net()
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
```
"""
    result = apply_answer(MADE, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert 'net.compile(optimizer="adam", loss="mse", metrics=["mae"])' in text
    assert "model" not in text and text.count("make_net()") == 2  # the def and one call
    # a second object made the same way, said to go below the script's one, is new
    second = """Track a validation loss too. Right below `train_loss`, add:

```python
val_loss = keras.metrics.Mean()
```
"""
    result = apply_answer(MADE, second)
    assert result.refusal is None, result.refusal
    assert "val_loss = keras.metrics.Mean()" in result.new_text
    assert "train_loss = keras.metrics.Mean()" in result.new_text


def test_a_renamed_option_takes_the_old_ones_place() -> None:
    answer = """`--hidden` does not say which layer it sizes; call it `--hidden-units`. Two lines
change, the option:

```python
    p.add_argument("--hidden-units", type=int, default=64)
```

and where it is read:

```python
    net = build(args.hidden_units, args.dropout)
```
"""
    result = apply_answer(ARGS, answer)
    assert result.refusal is None, result.refusal
    lines = result.new_text.split("\n")
    assert '    p.add_argument("--hidden-units", type=int, default=64)' in lines
    assert not any('"--hidden"' in x for x in lines)
    # in the old one's place: still the first option
    options = [x for x in lines if "add_argument" in x]
    assert '"--hidden-units"' in options[0]
    # a new option beside one whose read the answer dropped is not a rename
    other = answer.replace("args.hidden_units, args.dropout", "128, args.dropout").replace(
        '"--hidden-units", type=int, default=64', '"--seed", type=int, default=0'
    )
    result = apply_answer(ARGS, other)
    assert result.new_text is None or '"--hidden"' in result.new_text


MAIN = """import numpy as np


def summarize(values):
    return float(np.mean(values)), float(np.std(values))


def main():
    values = np.random.rand(50)
    mean, std = summarize(values)
    print("mean", mean)
    low = values[values < mean - std]
    high = values[values > mean + std]
    print("outliers", len(low) + len(high))


if __name__ == "__main__":
    main()
"""


def test_lines_wrapped_in_a_helper_leave_the_function_they_came_from() -> None:
    answer = """Let's make the outlier count reusable:

```python
def count_outliers(values, mean, std):
    low = values[values < mean - std]
    high = values[values > mean + std]
    return len(low) + len(high)
```

Put it right after `summarize`. Then the end of `main()` becomes:

```python
    mean, std = summarize(values)
    print("mean", mean)
    print("outliers", count_outliers(values, mean, std))
```
"""
    result = apply_answer(MAIN, answer)
    assert result.refusal is None, result.refusal
    tree = ast.parse(result.new_text)
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert names == ["summarize", "count_outliers", "main"]
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    body = [ast.unparse(s) for s in main.body]
    assert body == [
        "values = np.random.rand(50)",
        "mean, std = summarize(values)",
        "print('mean', mean)",
        "print('outliers', count_outliers(values, mean, std))",
    ]


def test_indented_header_lines_replace_and_with() -> None:
    answer = """Give `summarize` a way to use the median.

Replace

    def summarize(values):

with

    def summarize(values, center=np.mean):

and replace `return float(np.mean(values)), float(np.std(values))` with
`return float(center(values)), float(np.std(values))`.
"""
    result = apply_answer(MAIN, answer)
    assert result.refusal is None, result.refusal
    assert "def summarize(values, center=np.mean):" in result.new_text
    assert "return float(center(values)), float(np.std(values))" in result.new_text


def test_a_function_the_scripts_calls_no_longer_fit_is_refused() -> None:
    swapped = """Here is how we compute it in our project:

```python
def summarize(frame, values):
    return float(values.mean()), float(frame["spread"].std())
```
"""
    result = apply_answer(MAIN, swapped)
    assert result.refusal is not None and "summarize(values)" in result.refusal
    needs = swapped.replace("def summarize(frame, values):", "def summarize(values, column):")
    needs = needs.replace('frame["spread"].std()', "values[column].std()")
    result = apply_answer(MAIN, needs)
    assert result.refusal is not None and "`column`" in result.refusal
    # a new parameter with a default fits the same calls
    fits = needs.replace(
        "def summarize(values, column):", 'def summarize(values, column="spread"):'
    )
    result = apply_answer(MAIN, fits)
    assert result.refusal is None, result.refusal
