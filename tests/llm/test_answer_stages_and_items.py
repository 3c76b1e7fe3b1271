"""Five readings of answers about fine-tuning scripts:

- ``def main():`` / ``# ... existing code ...`` / the script's ``fit`` / a second stage with
  its own ``compile`` and the same ``fit`` again: the first copy after the marker is the
  script's, the stage goes after it (the script's ``compile`` and ``callbacks`` stay);
- one callback written over three lines and closed by ``),``, "add it to your `callbacks`
  list" (Russian): an item of that list, not a statement;
- "keep `training=False` for the backbone" over code that keeps it there and passes
  ``training=training`` to a new Dropout: no contradiction;
- "don't re-create the optimizer, keep the original instance" over code that makes a new
  one: a contradiction, refused; code that moves the creation out of a loop is none;
- "학습 셀 바로 다음에 새 셀을 하나 추가하세요": a new cell right after the training cell.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras


def main():
    x = np.random.rand(64, 8).astype("float32")
    y = np.random.randint(0, 3, 64)
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16), keras.layers.Dense(3)])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")
    callbacks = [
        keras.callbacks.EarlyStopping(monitor="loss", patience=2),
    ]
    model.fit(x, y, epochs=2, verbose=0, callbacks=callbacks)
    print(model.evaluate(x, y, verbose=0))


if __name__ == "__main__":
    main()
"""

STAGE = """Add a second stage with a lower learning rate. Update `main()` like this:

```python
def main():
    # ... existing code ...
    model.fit(x, y, epochs=2, verbose=0, callbacks=callbacks)

    # stage 2
    model.layers[0].trainable = False
    model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=2, verbose=0, callbacks=callbacks)
    print(model.evaluate(x, y, verbose=0))
```
"""

ITEM = """Чтобы сохранять лучшую модель, добавьте `ModelCheckpoint` в ваш список `callbacks` в функции `main()`:

```python
        keras.callbacks.ModelCheckpoint(
            "best.keras", monitor="loss", save_best_only=True
        ),
```
"""


def test_the_first_copy_after_a_marker_is_the_scripts_and_the_stage_follows_it() -> None:
    result = apply_answer(SCRIPT, STAGE)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.count("model.fit(") == 2 and text.count("model.compile(") == 2
    assert "Adam(1e-3)" in text and "callbacks = [" in text
    assert text.index("Adam(1e-3)") < text.index("callbacks = [") < text.index("# stage 2")
    assert text.index("# stage 2") < text.index("Adam(1e-4)") < text.rindex("model.fit(")


def test_one_item_over_several_lines_goes_into_the_list_the_prose_names() -> None:
    result = apply_answer(SCRIPT, ITEM)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        '        keras.callbacks.EarlyStopping(monitor="loss", patience=2),\n'
        "        keras.callbacks.ModelCheckpoint(\n"
        '            "best.keras", monitor="loss", save_best_only=True\n'
        "        ),\n    ]\n" in result.new_text
    )


SUBCLASSED = """import numpy as np
from tensorflow import keras


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.base = keras.layers.Dense(8)
        self.head = keras.layers.Dense(1)

    def call(self, x, training=False):
        x = self.base(x, training=False)
        return self.head(x)


net = Net()
opt = keras.optimizers.Adam(1e-3)
net.compile(optimizer=opt, loss="mse")
for stage in range(2):
    net.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=1, verbose=0)
"""


def test_a_kept_keyword_still_there_beside_a_new_use_is_no_contradiction() -> None:
    answer = (
        "Add dropout to the head:\n\n```python\nclass Net(keras.Model):\n"
        "    def __init__(self):\n        super().__init__()\n"
        "        self.base = keras.layers.Dense(8)\n        self.drop = keras.layers.Dropout(0.3)\n"
        "        self.head = keras.layers.Dense(1)\n\n"
        "    def call(self, x, training=False):\n        x = self.base(x, training=False)\n"
        "        x = self.drop(x, training=training)\n        return self.head(x)\n```\n\n"
        "The base keeps `training=False`, as before.\n"
    )
    result = apply_answer(SUBCLASSED, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "self.drop(x, training=training)" in result.new_text


def test_words_that_keep_the_optimizer_over_code_that_makes_a_new_one_are_refused() -> None:
    answer = (
        "**Don't re-create the optimizer**, you'd lose Adam's state. Lower its rate before "
        "the second stage:\n\n```python\nfor stage in range(2):\n"
        "    opt = keras.optimizers.Adam(1e-4)\n"
        "    net.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=1, verbose=0)\n```\n"
    )
    result = apply_answer(SUBCLASSED, answer)
    assert not result.ok
    assert "optimizer" in (result.refusal or "")


def test_moving_the_creation_the_words_keep_is_no_contradiction() -> None:
    script = SUBCLASSED.replace(
        'net = Net()\nopt = keras.optimizers.Adam(1e-3)\nnet.compile(optimizer=opt, loss="mse")\n'
        "for stage in range(2):\n",
        "net = Net()\nfor stage in range(2):\n    opt = keras.optimizers.Adam(1e-3)\n"
        '    net.compile(optimizer=opt, loss="mse")\n',
    )
    answer = (
        "Don't create a new optimizer in every stage; make it once, before the loop:\n\n"
        "```python\nnet = Net()\nopt = keras.optimizers.Adam(1e-3)\nfor stage in range(2):\n"
        '    net.compile(optimizer=opt, loss="mse")\n'
        "    net.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=1, verbose=0)\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text.count("keras.optimizers.Adam") == 1


CELLS = """# %%
import numpy as np
from tensorflow import keras

# %%
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")

# %%
history = model.fit(np.ones((8, 4)), np.ones((8, 1)), epochs=1, verbose=0)

# %%
print(model.evaluate(np.ones((8, 4)), np.ones((8, 1)), verbose=0))
"""


def test_a_korean_new_cell_after_the_training_cell() -> None:
    answer = (
        "학습이 끝난 뒤 저장하려면 학습 셀 바로 다음에 새 셀을 하나 추가하세요:\n\n"
        '```python\n# %%\nmodel.save("m.keras")\n```\n'
    )
    result = apply_answer(CELLS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.index("model.fit(") < text.index('model.save("m.keras")') < text.index("evaluate")
