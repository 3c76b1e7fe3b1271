"""Terse answers, as forum and chat answers to a crash often are: a new call quoted and
said to be used "in your `model.compile` call", an import said to replace the script's
("Replace the import with:", "Замените импорт на:").

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
model.compile(
    optimizer=keras.optimizers.Adam(lr=0.001),
    loss="mse",
)
model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=1, verbose=0)
"""


def test_a_new_call_said_as_used_in_a_named_call() -> None:
    answer = (
        "Keras 3 removed the `lr` alias: rename the argument, i.e. use "
        "`keras.optimizers.Adam(learning_rate=0.001)` in your `model.compile` call."
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "optimizer=keras.optimizers.Adam(learning_rate=0.001)," in result.new_text


OLD_IMPORT = """import numpy as np
import keras
from tensorflow.keras.layers.experimental.preprocessing import Normalization, Rescaling

x = np.random.rand(16, 4).astype("float32")
norm = Normalization()
norm.adapt(x)
scale = Rescaling(1.0)
model = keras.Sequential([keras.Input(shape=(4,)), norm, keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, np.zeros((16, 1)), epochs=1, verbose=0)
"""


def test_an_import_said_to_replace_the_scripts_takes_its_place() -> None:
    for intro in ("Replace the import with:", "Замените импорт на:"):
        answer = f"{intro}\n\n```python\nfrom keras.layers import Normalization\n```\n"
        result = apply_answer(OLD_IMPORT, answer)
        assert result.ok and result.new_text is not None, (intro, result.refusal)
        lines = result.new_text.split("\n")
        assert lines[2] == "from keras.layers import Normalization", intro
        assert lines[3] == (
            "from tensorflow.keras.layers.experimental.preprocessing import Rescaling"
        ), intro
