"""A loop or function header shown alone: ``for fold, (tr, va) in enumerate(kf.split(X)):``
given back as the fix for "too many values to unpack", or a ``def`` line with one more
parameter. The answer means the script's header with the same loop target (or function
name) and leaves its body alone; the header is replaced in place, keeping its indentation.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from sklearn.model_selection import KFold
from tensorflow import keras

X = np.random.rand(120, 6).astype("float32")
y = np.random.rand(120).astype("float32")


def make_net(width):
    return keras.Sequential([keras.Input((6,)), keras.layers.Dense(width, activation="relu"),
                             keras.layers.Dense(1)])


kf = KFold(n_splits=3, shuffle=True, random_state=0)
scores = []
for k, (tr, va) in kf.split(X):
    net = make_net(16)
    net.compile(optimizer="adam", loss="huber")
    net.fit(X[tr], y[tr], epochs=1, verbose=0)
    scores.append(net.evaluate(X[va], y[va], verbose=0))
print(k, np.mean(scores))
"""

LOOP = """The unpacking fails on the line with `kf.split`: `split` yields `(train, val)` pairs,
so there is no fold number to unpack. Wrap it in `enumerate`:

```python
for k, (tr, va) in enumerate(kf.split(X)):
```

The body of the loop stays as it is.
"""

SIGNATURE = """Give `make_net` a dropout rate so you can tune it from the loop. Change its first line to

```python
def make_net(width, dropout=0.0):
```

(the rest of the function can stay for now).
"""


def test_a_for_header_shown_alone_replaces_the_loop_with_the_same_target() -> None:
    result = apply_answer(SCRIPT, LOOP)
    assert result.ok and result.new_text is not None
    assert "for k, (tr, va) in enumerate(kf.split(X)):\n    net = make_net(16)" in result.new_text
    assert "in kf.split(X):" not in result.new_text
    assert result.new_text.count("\n") == SCRIPT.count("\n")  # the body is untouched


def test_a_def_header_shown_alone_replaces_the_functions_first_line() -> None:
    result = apply_answer(SCRIPT, SIGNATURE)
    assert result.ok and result.new_text is not None
    assert "def make_net(width, dropout=0.0):\n    return keras.Sequential(" in result.new_text
    assert result.new_text.count("def make_net") == 1
