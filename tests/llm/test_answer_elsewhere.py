"""Code an answer says belongs to another program: "Later, in another script (or a
notebook), you can load it back with:", "在另一个脚本里", "en otro script". It is usage, not an
edit of this script: skipped with a note while the answer's real edits still apply. A
reload shown with its own import line is usage too.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

FLAT = """import numpy as np
from tensorflow import keras

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(2, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
print("Done!")
"""


def _report(answer: str) -> tuple[str, list[str]]:
    result = apply_answer(FLAT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text, [f"{b.status}: {b.detail}" for b in result.blocks]


def test_a_reload_for_another_script_with_its_import_is_skipped() -> None:
    answer = (
        'At the very end of your script, after the `print("Done!")` line, add:\n\n'
        '```python\nmodel.save("clf.keras")\n```\n\n'
        "Later, in another script (or a notebook), you can load it back with just:\n\n"
        '```python\nfrom tensorflow import keras\nmodel = keras.models.load_model("clf.keras")\n```\n'
    )
    new, report = _report(answer)
    assert new.rstrip().endswith('model.save("clf.keras")')
    assert "load_model" not in new
    assert "model = keras.Sequential(" in new
    assert report[1].startswith("skipped")


def test_code_for_an_inference_script_is_not_pasted_here() -> None:
    answer = (
        "At the end of the script, add:\n\n"
        '```python\nmodel.save_weights("clf.weights.h5")\n```\n\n'
        "In your inference script, rebuild the model the same way and predict:\n\n"
        '```python\nmodel.load_weights("clf.weights.h5")\nprobs = model.predict(x_new)\n```\n'
    )
    new, report = _report(answer)
    assert 'model.save_weights("clf.weights.h5")' in new
    assert "x_new" not in new and "load_weights" not in new
    assert "another script" in report[1]


def test_chinese_code_for_another_script_is_skipped() -> None:
    answer = (
        "在脚本的最后加上：\n\n"
        '```python\nmodel.save("clf.keras")\n```\n\n'
        "以后在另一个脚本里这样使用：\n\n"
        '```python\nclf = keras.models.load_model("clf.keras")\npred = clf.predict(x_new)\n```\n'
    )
    new, _ = _report(answer)
    assert 'model.save("clf.keras")' in new and "x_new" not in new


CELLS = """# %%
import os

import numpy as np
from tensorflow import keras

OUT_DIR = "out"
os.makedirs(OUT_DIR, exist_ok=True)

# %%
x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 2, 64)

# %%
inputs = keras.Input((8,))
outputs = keras.layers.Dense(2, activation="softmax")(inputs)
model = keras.Model(inputs, outputs)
"""


def test_a_place_said_in_parentheses_with_an_elided_call_is_a_place() -> None:
    answer = (
        "**Step 1** - define the helper in the first cell (after `os.makedirs(...)`):\n\n"
        "```python\ndef squash(t):\n    return keras.ops.tanh(t)\n```\n\n"
        "**Step 2** - use it in the model cell:\n\n```python\n"
        'outputs = keras.layers.Dense(2, activation="softmax")(squash(inputs))\n```\n'
    )
    result = apply_answer(CELLS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index("os.makedirs(") < new.index("def squash") < new.index("x = np.random")


def test_the_last_cell_described_by_its_first_line_is_replaced_whole() -> None:
    answer = (
        "Replace the last cell (the one starting with `inputs = keras.Input((8,))`) with this:\n\n"
        "```python\ndef build():\n    inputs = keras.Input((8,))\n"
        '    return keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(inputs))\n\n\n'
        "models = [build() for _ in range(3)]\n```\n"
    )
    result = apply_answer(CELLS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "models = [build() for _ in range(3)]" in new
    assert "model = keras.Model(inputs, outputs)" not in new
    assert new.index("x = np.random") < new.index("def build")


MAIN = """import numpy as np
from tensorflow import keras

if __name__ == "__main__":
    x = np.random.rand(64, 8).astype("float32")
    y = np.random.randint(0, 2, 64)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_new_statement_after_a_marker_goes_before_the_rewritten_call_it_feeds() -> None:
    answer = (
        'Update the bottom of your script:\n\n```python\nif __name__ == "__main__":\n'
        '    x = np.random.rand(64, 8).astype("float32")\n    ...\n'
        '    callbacks = [keras.callbacks.CSVLogger("log.csv")]\n'
        "    model.fit(x, y, epochs=1, verbose=0, callbacks=callbacks)\n```\n"
    )
    result = apply_answer(MAIN, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index("model.compile(") < new.index("callbacks = [") < new.index("model.fit(")
    assert new.count("model.fit(") == 1 and "callbacks=callbacks" in new


def test_an_arabic_replace_the_line_with_the_line() -> None:
    answer = (
        'الحل: استبدل السطر `keras.layers.Dense(2, activation="softmax")` بالسطر '
        '`keras.layers.Dense(2, activation="sigmoid")` حتى يعمل.\n'
    )
    result = apply_answer(MAIN, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'Dense(2, activation="sigmoid")' in result.new_text
