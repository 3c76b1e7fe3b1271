"""A call the script makes bare and the answer gives back with its result bound
(``history = model.fit(..., callbacks=[es])`` for ``model.fit(...)``): the same statement,
rewritten in place, the lines before it in the block inserted above it, never a second
training run beside the first. The other way round (a bare call for ``y = f(...)``) has
always matched.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, epochs=2, verbose=0)
print("done")
"""

ANSWER = """Add early stopping and keep the history so you can plot it:

```python
es = keras.callbacks.EarlyStopping(patience=2)
history = model.fit(x, y, epochs=2, verbose=0, callbacks=[es])
```
"""


def test_a_bare_call_given_back_with_its_result_bound_is_rewritten_in_place() -> None:
    result = apply_answer(SCRIPT, ANSWER)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.count(".fit(") == 1
    assert (
        'model.compile(optimizer="adam", loss="mse")\n'
        "es = keras.callbacks.EarlyStopping(patience=2)\n"
        "history = model.fit(x, y, epochs=2, verbose=0, callbacks=[es])\n"
        'print("done")' in text
    )
