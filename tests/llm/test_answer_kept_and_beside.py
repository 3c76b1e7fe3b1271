"""Sentences around blocks that keep, place or describe.

- "在 `model.fit(...)` 里加一个参数 `callbacks=callbacks`，放在 `verbose=2` 前面" (Chinese:
  "add the argument ... to `model.fit(...)`, before `verbose=2`"), and the English "before
  `verbose=0`": the keyword goes right before the one named.
- "ngay sau phần import" (Vietnamese: "right after the imports"): after the imports.
- "Actually, keep `BATCH_SIZE = 16`" at the end of an answer whose first block writes 4, and
  "The `fit` call is fine — keep it exactly as it is" over a block that rewrites `fit`: the
  answer contradicts itself. Keeping a call the block does not touch is no contradiction.
- "`Flatten()` → `Dense(16)` is built for 96 features": a description, not a change.
- "Check that it loads (in the same cell, right below):" after a block that adds a cell: the
  check goes right below that block's code, and the answer's new ``keras.Input`` keeps its
  own name (it is a second input, not the script's).

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

FIT = """import numpy as np
from tensorflow import keras

BATCH_SIZE = 16
x = np.random.rand(64, 4).astype("float32")
y = x.sum(axis=1)
model = keras.Sequential([keras.Input((4,)), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
"""

CALLBACKS = "```python\ncallbacks = [keras.callbacks.EarlyStopping(patience=2)]\n```\n"


def test_a_keyword_placed_before_another_said_in_chinese() -> None:
    answer = (
        f"- 在 `model.compile(...)` 之后加上回调列表：\n\n{CALLBACKS}\n"
        "- 在 `model.fit(...)` 里加一个参数 `callbacks=callbacks`，放在 `verbose=0` 前面即可。\n"
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        "model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, callbacks=callbacks, verbose=0)"
        in result.new_text
    )


def test_a_keyword_placed_before_another_said_in_english() -> None:
    answer = (
        f"Add the list after `model.compile(...)`:\n\n{CALLBACKS}\n"
        "Then add `callbacks=callbacks` to `model.fit(...)`, right before `verbose=0`.\n"
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "epochs=1, callbacks=callbacks, verbose=0)" in result.new_text


def test_right_after_the_imports_in_vietnamese() -> None:
    answer = (
        "1. Bật mixed precision ngay sau phần import (trước khi tạo mô hình):\n\n"
        '```python\nkeras.mixed_precision.set_global_policy("float32")\n```\n'
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert lines[2] == 'keras.mixed_precision.set_global_policy("float32")'


def test_keep_the_batch_size_said_at_the_end() -> None:
    answer = (
        "Reduce the batch size:\n\n```python\nBATCH_SIZE = 4\n```\n\n"
        "Actually, keep `BATCH_SIZE = 16`, the batch size has nothing to do with this error.\n"
    )
    result = apply_answer(FIT, answer)
    assert not result.ok
    assert "contradicts itself" in (result.refusal or "")


def test_the_fit_call_is_fine_but_the_block_rewrites_it() -> None:
    answer = (
        "The `fit` call is fine — keep it exactly as it is. Here is the corrected `fit` call:\n\n"
        "```python\nmodel.fit(x, y, batch_size=BATCH_SIZE, epochs=3, verbose=0)\n```\n"
    )
    result = apply_answer(FIT, answer)
    assert not result.ok
    assert "contradicts itself" in (result.refusal or "")


def test_keeping_a_call_the_block_leaves_alone() -> None:
    answer = (
        "Keep the `fit` call as it is; only the loss changes:\n\n"
        '```python\nmodel.compile(optimizer="adam", loss="mae")\n```\n'
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss="mae"' in result.new_text


def test_an_arrow_in_a_description_is_no_change() -> None:
    answer = (
        "Your model starts with `keras.Input((4,))`, and `Flatten()` → `Dense(1)` is built "
        "for 4 features. The fix is a smaller batch:\n\n```python\nBATCH_SIZE = 8\n```\n"
    )
    result = apply_answer(FIT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "keras.layers.Flatten()" in result.new_text and "BATCH_SIZE = 8" in result.new_text


CELLS = """# %%
import numpy as np
from tensorflow import keras

# %%
x = np.random.rand(64, 4).astype("float32")
inp = keras.Input(shape=(4,), name="feats")
model = keras.Model(inp, keras.layers.Dense(1)(inp))
model.compile(optimizer="adam", loss="mse")
model.fit(x, x.sum(axis=1), epochs=1, verbose=0)
"""


def test_a_check_in_the_same_cell_right_below() -> None:
    answer = (
        "**Step 1:** add a new cell at the end of the notebook:\n\n```python\n# %%\n"
        'feats = keras.Input(shape=(4,), name="feats")\n'
        "export = keras.Model(feats, model(feats))\n"
        'export.save("export.keras")\n```\n\n'
        "**Step 2:** check that it loads (in the same cell, right below):\n\n"
        '```python\nreloaded = keras.models.load_model("export.keras")\n'
        "print(reloaded.predict(x[:1], verbose=0))\n```\n"
    )
    result = apply_answer(CELLS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.rstrip("\n").split("\n")
    assert lines[-2:] == [
        'reloaded = keras.models.load_model("export.keras")',
        "print(reloaded.predict(x[:1], verbose=0))",
    ]
    assert 'feats = keras.Input(shape=(4,), name="feats")' in lines  # its own, second input
    assert lines.count('inp = keras.Input(shape=(4,), name="feats")') == 1


SUBCLASSED = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(8, activation="relu")
        self.head = layers.Dense(1)

    def call(self, x, training=False):
        return self.head(self.d1(x))


x = np.random.rand(64, 4).astype("float32")
model = Net()
model.compile(optimizer="adam", loss="mse")
model.fit(x, x.sum(axis=1), epochs=1, verbose=0)
"""

WITH_DROPOUT = """```python
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(8, activation="relu")
        self.drop = layers.Dropout(0.5)
        self.head = layers.Dense(1)

    def call(self, x, training=False):
        return self.head(self.drop(self.d1(x), training=training))
```
"""


def test_keep_the_model_as_it_is_then_a_model_with_dropout() -> None:
    answer = (
        "Actually, don't add dropout here: it only adds noise to a small regression. Keep the "
        f"model as it is.\n\nHere's the updated model with dropout:\n\n{WITH_DROPOUT}"
    )
    result = apply_answer(SUBCLASSED, answer)
    assert not result.ok
    assert "keep the model as it is" in (result.refusal or "")


def test_keep_the_model_while_the_block_changes_the_compile() -> None:
    answer = (
        "Keep the model as it is; only the loss changes:\n\n"
        '```python\nmodel.compile(optimizer="adam", loss="mae")\n```\n'
    )
    result = apply_answer(SUBCLASSED, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss="mae"' in result.new_text


CONFIG = """import numpy as np
from tensorflow import keras

CFG = {"latent": 3, "epochs": 1}
x = np.random.rand(64, 6).astype("float32")
inp = keras.Input((6,))
code = keras.layers.Dense(CFG["latent"])(inp)
model = keras.Model(inp, keras.layers.Dense(6)(code))
model.compile(optimizer="adam", loss="mse")
model.fit(x, x, epochs=CFG["epochs"], verbose=0)
"""


def test_keep_it_at_the_value_the_block_changes() -> None:
    answer = (
        "Update the config:\n\n"
        '```python\nCFG = {"latent": 2, "epochs": 1}\n```\n\n'
        "The bottleneck matters most here, so keep it at 3 whatever else you try.\n"
    )
    result = apply_answer(CONFIG, answer)
    assert not result.ok
    assert "keep it at 3" in (result.refusal or "")


def test_keep_another_value_while_the_block_changes_one() -> None:
    answer = 'Train longer and keep the bottleneck at 3:\n\n```python\nCFG = {"latent": 3, "epochs": 5}\n```\n'
    result = apply_answer(CONFIG, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert '"epochs": 5' in result.new_text


DICT_CFG = """import numpy as np
from tensorflow import keras

CFG = {"emb_dim": 8, "epochs": 1}
ids = np.random.randint(0, 10, (64, 1))
model = keras.Sequential([keras.Input((1,)), keras.layers.Embedding(10, CFG["emb_dim"])])
print(model(ids).shape)
"""


def test_a_config_entry_block_is_no_printed_output() -> None:
    # ``"emb_dim": 16,`` alone in a block is an entry of the script's dict, not values a run
    # prints: it is never skipped while the rest of the answer is written
    answer = (
        "1. Add a print of the shape:\n\n```python\nprint(ids.shape)\n```\n\n"
        "2. In `CFG`, bump the embedding size from 8 to 16:\n\n"
        '```python\n    "emb_dim": 16,\n```\n'
    )
    result = apply_answer(DICT_CFG, answer)
    assert not any("program output" in b.detail for b in result.blocks)
    if result.ok:
        assert result.new_text is not None and '"emb_dim": 16' in result.new_text


BRANCHES = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

inp = keras.Input((20, 8))
b = layers.Dense(8)(inp)
b = layers.Dense(8)(b)
model = keras.Model(inp, layers.Dense(1)(layers.Flatten()(b)))
print(model.output_shape)
"""


def test_the_offending_line_and_what_it_should_be() -> None:
    answer = (
        "The box branch is still a sequence.\n\nThe offending line is:\n\n"
        "```python\nb = layers.Dense(8)(b)\n```\n\nThis line should be:\n\n"
        "```python\nb = layers.GlobalAveragePooling1D()(b)\n```\n"
    )
    result = apply_answer(BRANCHES, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert "b = layers.Dense(8)(b)" not in lines
    assert lines[6] == "b = layers.GlobalAveragePooling1D()(b)"
