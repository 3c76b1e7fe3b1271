"""A step placed by pointing back at the one before it: "2. Right after that layer add a
`Dropout`:" / "Justo después de esa capa densa añade un `Dropout`:" / "在那一层之后加上". The
block quotes nothing of the script; its place is right after the line the previous step
changed, inside the same list when that line is one of its items.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import pytest

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(64, 16).astype("float32")
y = np.random.randint(0, 3, 64)
net = keras.Sequential([
    keras.Input((16,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(x, y, epochs=1, verbose=0)
"""

STEP_ONE = """1. Replace `layers.Dense(32, activation="relu"),` with a regularised version:

```python
    layers.Dense(32, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),
```

"""

SAID = {
    "en": "2. Right after that layer, add a `Dropout`:",
    "es": "2. Justo después de esa capa densa añade un `Dropout`:",
    "fr": "2. Juste après cette couche, ajoutez un `Dropout` :",
    "de": "2. Direkt danach kommt ein `Dropout`:",
    "zh": "2. 在那一层之后加上 `Dropout`：",
    "ja": "2. その層の直後に `Dropout` を追加します：",
}


@pytest.mark.parametrize("lang", sorted(SAID))
def test_a_layer_added_right_after_the_one_the_step_before_changed(lang: str) -> None:
    answer = STEP_ONE + SAID[lang] + "\n\n```python\n    layers.Dropout(0.3),\n```\n"
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    at = lines.index("    layers.Dropout(0.3),")
    assert "kernel_regularizer" in lines[at - 1]
    assert lines[at + 1] == '    layers.Dense(3, activation="softmax"),'


def test_without_a_step_before_it_the_same_words_place_nothing() -> None:
    answer = SAID["en"] + "\n\n```python\n    layers.Dropout(0.3),\n```\n"
    result = apply_answer(SCRIPT, answer)
    assert not result.ok or result.new_text in (None, SCRIPT)
