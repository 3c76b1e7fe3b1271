"""Three readings of an answer that shows a function:

- "In `main()`, change ``model.compile(...)`` to this:" then ``def main(): ... ...`` with the
  compile line rewritten and new statements before it: the function given back with the
  change made in it, merged into the script's ``main`` (not pasted over the one line);
- "In your `build_net` function, ..." over a whole ``def build_net`` the script does not
  have: the answer was written for another script, refused (adding it would change nothing);
- "Run this in a new cell ... paste the printed numbers here": a probe, left out of the
  script.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras


def main():
    x = np.random.rand(64, 10, 2).astype("float32")
    net = keras.Sequential([keras.Input((10, 2)), keras.layers.LSTM(8), keras.layers.Dense(2)])
    net.compile(optimizer="adam", loss="mae")
    net.fit(x, x[:, -1], epochs=2, batch_size=16, verbose=0)
    err = np.abs(net.predict(x, verbose=0) - x[:, -1]).mean(axis=1)
    print(err.max())


if __name__ == "__main__":
    main()
"""

GIVEN_BACK = """Use a decaying learning rate. In `main()`, replace

```python
net.compile(optimizer="adam", loss="mae")
```

with:

```python
def main():
    ...
    steps = 64 // 16 * 2
    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=steps)
    net.compile(optimizer=keras.optimizers.Adam(schedule), loss="mae")
    ...
```
"""

OTHER_SCRIPT = """In your `build_net` function, put a normalisation after the recurrent layer:

```python
def build_net(cfg):
    inp = keras.Input((cfg["steps"], cfg["channels"]))
    h = keras.layers.LSTM(cfg["units"])(inp)
    h = keras.layers.LayerNormalization()(h)
    return keras.Model(inp, keras.layers.Dense(cfg["channels"])(h))
```
"""

PROBE = """Let's look at the errors first. Run this in a new cell at the end:

```python
import matplotlib.pyplot as plt

print("max %.4f median %.4f" % (err.max(), np.median(err)))
plt.hist(err, bins=30)
plt.show()
```

Paste the printed numbers (or the plot) here and we'll pick a threshold.
"""


def test_a_function_given_back_with_the_quoted_line_changed_is_merged() -> None:
    result = apply_answer(SCRIPT, GIVEN_BACK)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.count("def main():") == 1
    assert (
        "    steps = 64 // 16 * 2\n"
        "    schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=steps)\n"
        '    net.compile(optimizer=keras.optimizers.Adam(schedule), loss="mae")\n'
        "    net.fit(x, x[:, -1]," in text
    )
    assert 'optimizer="adam"' not in text and "print(err.max())" in text


def test_a_function_called_yours_that_the_script_lacks_is_refused() -> None:
    result = apply_answer(SCRIPT, OTHER_SCRIPT)
    assert not result.ok
    assert "another script" in (result.refusal or "")


def test_a_check_whose_output_the_answer_asks_for_is_not_pasted() -> None:
    result = apply_answer(SCRIPT, PROBE)
    assert result.new_text in (None, SCRIPT)
    assert "inspects" in result.blocks[0].detail
