""" "Replace the model cell (the `keras.Sequential([...])`, `compile` and `fit` part) with
a builder function and a training loop:": the quotes in brackets describe the cell; the
cell that builds and compiles the model is replaced whole by the block, so no part of the
old single model is left beside the new loop.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """# %%
import numpy as np
from tensorflow import keras

x = np.random.rand(64, 6).astype("float32")
y = np.random.rand(64, 2).astype("float32")

# %%
model = keras.Sequential([
    keras.Input((6,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(2),
])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=1, verbose=0)

# %%
pred = model.predict(x, verbose=0)
print(float(np.mean(np.abs(pred - y))))
"""

ANSWER = """**Step 1 – replace the model cell** (the `keras.Sequential([...])`, `compile` and `fit` part) with a builder and a loop:

```python
def build():
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(2)])


models = []
for k in range(3):
    m = build()
    m.compile(optimizer="adam", loss="mse")
    m.fit(x, y, epochs=1, verbose=0)
    models.append(m)
```

**Step 2 –** in the last cell, replace

```python
pred = model.predict(x, verbose=0)
```

with

```python
pred = np.mean([m.predict(x, verbose=0) for m in models], axis=0)
```
"""


def test_the_cell_described_in_brackets_is_replaced_whole() -> None:
    result = apply_answer(SCRIPT, ANSWER)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert "model = keras.Sequential" not in text and "model.compile" not in text
    assert "model.fit" not in text and text.count("# %%") == 3
    assert (
        text.index("def build():") < text.index("for k in range(3):") < text.index("pred = np.mean")
    )
