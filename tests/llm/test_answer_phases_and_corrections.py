"""Two-phase training scripts, corrections and prose keywords.

- A re-pasted ``compile`` goes to the one of two whose settings the answer reads
  (``CFG.lr_ft`` in the schedule line above it).
- A metrics line said "in both `compile`" replaces each, and ``evaluate`` is widened once.
- A correction giving the fixed line with a new value it reads keeps the block's other
  statements (the ``compile`` that uses the schedule).
- "(`16→32→64` filters)" describes the script; no old/new pair.
- A keyword the prose names next to the script's own class, which takes no such parameter,
  is not added.
- The answer's own names in a ``fit`` of another receiver map by their places.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

PHASES = """import keras
import numpy as np
from keras import layers


class CFG:
    lr_head = 1e-3
    lr_ft = 1e-4
    epochs = 2


x = np.zeros((16, 8), "float32")
y = np.zeros(16)
base = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu")])
net = keras.Sequential([base, layers.Dense(3, activation="softmax")])

base.trainable = False
net.compile(
    optimizer=keras.optimizers.Adam(CFG.lr_head),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
net.fit(x, y, epochs=CFG.epochs)

base.trainable = True
net.compile(
    optimizer=keras.optimizers.Adam(CFG.lr_ft),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
net.fit(x, y, epochs=CFG.epochs)
loss, acc = net.evaluate(x, y, verbose=0)
"""


def test_the_compile_whose_settings_the_answer_reads() -> None:
    answer = """For the fine-tuning, decay the rate:

```python
schedule = keras.optimizers.schedules.CosineDecay(CFG.lr_ft, decay_steps=100)
net.compile(
    optimizer=keras.optimizers.Adam(schedule),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
```
"""
    result = apply_answer(PHASES, answer)
    assert result.refusal is None, result.refusal
    assert "optimizer=keras.optimizers.Adam(CFG.lr_head)" in result.new_text
    assert result.new_text.count("keras.optimizers.Adam(schedule)") == 1
    assert result.new_text.index("Adam(schedule)") > result.new_text.index("base.trainable = True")


def test_a_metrics_line_for_both_compiles_widens_evaluate_once() -> None:
    answer = """Добавьте top-2 в **обоих** `compile`:

```python
    metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2, name="top2")],
```
"""
    result = apply_answer(PHASES, answer)
    assert result.refusal is None, result.refusal
    assert result.new_text.count('name="top2")],') == 2
    assert "loss, acc, top2 = net.evaluate(x, y, verbose=0)" in result.new_text


def test_a_corrected_line_with_a_value_it_reads_keeps_the_rest_of_the_block() -> None:
    answer = """学习率可以换成余弦退火：

```python
lr_schedule = keras.optimizers.schedules.CosineDecay(CFG.lr_ft, decay_steps=CFG.epochs)
net.compile(
    optimizer=keras.optimizers.Adam(lr_schedule),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
```

更正一下：`decay_steps` 是按 step 计数的，应该是总步数：

```python
steps_per_epoch = 16 // 4
lr_schedule = keras.optimizers.schedules.CosineDecay(CFG.lr_ft, decay_steps=CFG.epochs * steps_per_epoch)
```
"""
    result = apply_answer(PHASES, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "steps_per_epoch = 16 // 4" in text
    assert "decay_steps=CFG.epochs * steps_per_epoch)" in text
    assert "decay_steps=CFG.epochs)" not in text
    assert "optimizer=keras.optimizers.Adam(lr_schedule)" in text


BLOCKS = """import keras
from keras import layers


def make_backbone(width=16):
    inp = keras.Input((32, 32, 3))
    x = layers.Conv2D(width, 3, activation="relu")(inp)
    x = layers.Conv2D(width * 2, 3, activation="relu")(x)
    return keras.Model(inp, x)
"""


def test_a_sequence_of_sizes_described_is_no_old_new_pair() -> None:
    answer = """Your backbone (16→32 filters) is small; widen it:

```python
def make_backbone(width=32):
    inp = keras.Input((32, 32, 3))
    x = layers.Conv2D(width, 3, activation="relu")(inp)
    x = layers.Conv2D(width * 2, 3, activation="relu")(x)
    return keras.Model(inp, x)
```
"""
    result = apply_answer(BLOCKS, answer)
    assert result.refusal is None, result.refusal
    assert "def make_backbone(width=32):" in result.new_text


CLASSIFIER = """import keras
from keras import layers


class Classifier(keras.Model):
    def __init__(self, base, n_classes):
        super().__init__()
        self.base = base
        self.head = layers.Dense(n_classes, activation="softmax")

    def call(self, x, training=False):
        return self.head(self.base(x, training=training))


base = keras.Sequential([keras.Input((8,)), layers.Dense(4)])
model = Classifier(base, 3)
"""


def test_a_keyword_the_scripts_class_does_not_take_is_not_added() -> None:
    answer = """`Classifier` にノイズ層を追加してください（`training=True` のときだけ有効です）。

```python
    def call(self, x, training=False):
        x = layers.GaussianNoise(0.1)(x, training=training)
        return self.head(self.base(x, training=training))
```
"""
    result = apply_answer(CLASSIFIER, answer)
    assert result.refusal is None, result.refusal
    assert "model = Classifier(base, 3)\n" in result.new_text
    assert "GaussianNoise(0.1)" in result.new_text
    assert any("takes no `training`" in b.detail for b in result.blocks)


ARRAYS = """import keras
import numpy as np

X = np.zeros((20, 4), "float32")
y = np.zeros(20, "float32")
X_tr, X_va = X[:16], X[16:]
y_tr, y_va = y[:16], y[16:]
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
history = model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=3)
"""


def test_the_answers_array_names_in_a_fit_of_its_own_model_name() -> None:
    answer = """Log each epoch to a file:

```python
logger = keras.callbacks.CSVLogger("log.csv")
history = net.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=3, callbacks=[logger])
```
"""
    result = apply_answer(ARRAYS, answer)
    assert result.refusal is None, result.refusal
    assert (
        "history = model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=3, "
        "callbacks=[logger])"
    ) in result.new_text


def test_keep_the_line_from_above_is_the_answers_line_and_keep_your_calls_takes_nothing_back() -> (
    None
):
    answer = """Decay the fine-tuning rate:

```python
schedule = keras.optimizers.schedules.CosineDecay(CFG.lr_ft, decay_steps=1000)
net.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
```

Wait, 1000 steps is too many here; compute them:

```python
decay_steps = CFG.epochs * 4
schedule = keras.optimizers.schedules.CosineDecay(CFG.lr_ft, decay_steps=decay_steps)
```

(keep the `compile` line from above, it stays the same.)
"""
    result = apply_answer(
        PHASES.replace(
            'base.trainable = False\nnet.compile(\n    optimizer=keras.optimizers.Adam(CFG.lr_head),\n    loss="sparse_categorical_crossentropy",\n    metrics=["accuracy"],\n)\nnet.fit(x, y, epochs=CFG.epochs)\n\n',
            "",
        ),
        answer,
    )
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "optimizer=keras.optimizers.Adam(CFG.lr_ft)" not in text
    assert "decay_steps=decay_steps)" in text and "Adam(schedule)" in text
    swap = """Use a wider head instead of the script's:

```python
net = keras.Sequential([base, layers.Dense(32, activation="relu"), layers.Dense(3, activation="softmax")])
```

Keep your `net.compile(...)` calls after it.
"""
    result = apply_answer(PHASES, swap)
    assert result.refusal is None, result.refusal
    assert 'layers.Dense(32, activation="relu")' in result.new_text


TWO_HEADS = """import keras
import numpy as np

x = np.sin(np.zeros((16, 4), "float32"))
inp = keras.Input((4,))
model = keras.Model(inp, {"a": keras.layers.Dense(1, name="a")(inp), "b": keras.layers.Dense(1, name="b")(inp)})
model.compile(
    optimizer="adam",
    loss={"a": "mse", "b": "mse"},
    metrics={"a": ["mae"], "b": ["mae"]},
)
"""


def test_a_keyword_over_several_lines_after_a_sentence_quoting_another_call() -> None:
    answer = """The `sin` term makes head b hard. Track RMSE per head as well:

```python
    metrics={
        "a": ["mae", keras.metrics.RootMeanSquaredError(name="rmse")],
        "b": ["mae", keras.metrics.RootMeanSquaredError(name="rmse")],
    },
```
"""
    result = apply_answer(TWO_HEADS, answer)
    assert result.refusal is None, result.refusal
    assert result.new_text.count('RootMeanSquaredError(name="rmse")') == 2
    assert 'metrics={"a": ["mae"], "b": ["mae"]}' not in result.new_text
    assert 'loss={"a": "mse", "b": "mse"},' in result.new_text


WIDTHS = """import keras
from keras import layers


def build(hidden=64):
    inp = keras.Input((8,))
    x = layers.Dense(hidden, activation="relu")(inp)
    x = layers.Dense(hidden // 2, activation="relu")(x)
    x = layers.Dense(hidden // 4, activation="relu")(x)
    return keras.Model(inp, layers.Dense(1)(x))


model = build()
"""


def test_the_line_a_quoted_traceback_shows_failing_is_the_one_replaced() -> None:
    answer = """With `--hidden 2` it fails:

```
Traceback (most recent call last):
  File "train.py", line 12, in <module>
    model = build()
  File "train.py", line 9, in build
    x = layers.Dense(hidden // 4, activation="relu")(x)
ValueError: Received an invalid value for `units`, expected a positive integer. Received: units=0
```

`hidden // 4` 在 `hidden=2` 时等于 0。只需要改这一行：

```python
    x = layers.Dense(max(hidden // 8, 1), activation="relu")(x)
```
"""
    result = apply_answer(WIDTHS, answer)
    assert result.refusal is None, result.refusal
    assert '    x = layers.Dense(hidden // 2, activation="relu")(x)' in result.new_text
    assert 'x = layers.Dense(max(hidden // 8, 1), activation="relu")(x)' in result.new_text
    assert "hidden // 4" not in result.new_text
    alone = answer[answer.index("`hidden // 4`") :]  # no traceback: which line is unclear
    assert apply_answer(WIDTHS, alone).refusal is not None
