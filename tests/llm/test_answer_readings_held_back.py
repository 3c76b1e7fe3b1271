"""Readings the new mechanisms must not make: what only looks like a change, a choice, a
contradiction, a check or every place, is none.

- "Use `A`, not `B`", "`A` reports ..., while `B` would give ...": no change of A into B.
- "Decrease `epochs=50` by `10`": an amount, never ``epochs=10``.
- An answer's ``model.compile(...)`` is not the already compiled model's by that word alone.
- "waiting a second before", "the last layer" near a word of choice pick no option.
- "0.5 in 2 layers", "5 vs 10 epochs" are no old/new pair.
- A build the script lacks before its own ``summary()``, said as a fix, is an edit.
- "two problems" (两处问题) and "both places" in the next sentence are not this change's places.
- An unpacking over two lines, or a metric name that is no identifier, is left as it is and
  nothing claims otherwise.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

OPT = """import keras

learning_rate = 0.001
opt = keras.optimizers.Adam(learning_rate)
"""


def test_a_line_said_to_stay_is_not_changed_into_the_one_it_is_compared_with() -> None:
    for said in (
        "Use `learning_rate = 0.001`, not `learning_rate = 0.1` (that one diverges).",
        "Your `learning_rate = 0.001` is right, and `learning_rate = 0.1` would diverge.",
    ):
        answer = f"""{said} Add `clipnorm=1.0` to Adam:

```python
opt = keras.optimizers.Adam(learning_rate, clipnorm=1.0)
```
"""
        result = apply_answer(OPT, answer)
        assert result.refusal is None, (said, result.refusal)
        assert "learning_rate = 0.001" in result.new_text, said
        assert "clipnorm=1.0" in result.new_text


FIT = """import keras
import numpy as np

x_train, y_train = np.zeros((8, 4)), np.zeros(8)
x_val, y_val = np.zeros((4, 4)), np.zeros(4)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=50)
model.evaluate(x_val, y_val)
"""


def test_two_calls_of_other_methods_quoted_together_are_no_change() -> None:
    answer = (
        "The numbers are expected: `model.evaluate(x_val, y_val)` reports the loss, while "
        "`model.predict(x_val)` would give the probabilities.\n\n"
        "To train less, change `epochs=50` to `epochs=30`."
    )
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "model.evaluate(x_val, y_val)" in result.new_text
    assert "model.predict" not in result.new_text
    assert "epochs=30" in result.new_text


def test_an_amount_to_lower_by_is_not_the_new_value() -> None:
    result = apply_answer(FIT, "It overfits after 40 epochs. Decrease `epochs=50` by `10`.")
    assert result.new_text is None or "epochs=10" not in result.new_text


TWO_MODELS = """import keras
import numpy as np
from keras import layers

x = np.zeros((16, 8), "float32")
y = np.zeros(16)
backbone = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu")])
pretrain = keras.Sequential([backbone, layers.Dense(8)])
pretrain.compile(optimizer="adam", loss="mse")
pretrain.fit(x, x, epochs=2)
head = keras.Sequential([backbone, layers.Dense(3, activation="softmax")])
head.fit(x, y, epochs=5)
"""


def test_compile_in_an_answer_does_not_pick_the_model_already_compiled() -> None:
    answer = """The head model is never compiled. Compile it first:

```python
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
```
"""
    result = apply_answer(TWO_MODELS, answer)
    assert result.new_text is None or 'pretrain.compile(optimizer="adam", loss="mse")' in (
        result.new_text
    )


def _options(closing: str) -> str:
    return f"""### Option 1: more epochs

```python
model.fit(x_train, y_train, epochs=80)
```

### Option 2: a smaller learning rate

```python
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
```

{closing}
"""


def test_ordinal_words_in_passing_pick_no_option() -> None:
    for closing in (
        "Either one works. I'd also recommend waiting a second before reading the logs.",
        "Cualquiera de las dos funciona. Te recomiendo además revisar la última capa.",
    ):
        result = apply_answer(FIT, _options(closing))
        assert result.refusal is None, (closing, result.refusal)
        assert "epochs=80" in result.new_text, closing  # the first, by default
        assert "Adam(1e-4)" not in result.new_text, closing


DROP = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input((20,)),
    layers.Dense(64, activation="relu"),
    layers.Dropout(0.5),
    layers.Dense(1),
])
model.fit(x, y, epochs=5)
"""


def test_numbers_joined_by_ordinary_words_are_no_old_new_pair() -> None:
    lower = """A dropout of 0.5 in 1 layer of a model this small is strong. Lower it:

```python
    layers.Dropout(0.2),
```
"""
    result = apply_answer(DROP, lower)
    assert result.refusal is None, result.refusal
    assert "Dropout(0.2)" in result.new_text
    longer = """Training for 5 vs 10 epochs makes little difference; train longer:

```python
model.fit(x, y, epochs=30)
```
"""
    result = apply_answer(DROP, longer)
    assert result.refusal is None, result.refusal
    assert "epochs=30" in result.new_text


SUBCLASS = """import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d = layers.Dense(4)

    def call(self, x):
        return self.d(x)


model = Net()
model.summary()
"""


def test_a_build_said_as_the_fix_before_the_scripts_summary_is_inserted() -> None:
    answer = """A subclassed model is not built when you call `summary()`. Build it first to verify the shapes:

```python
model.build((None, 20))
model.summary()
```
"""
    result = apply_answer(SUBCLASS, answer)
    assert result.refusal is None, result.refusal
    assert "model = Net()\nmodel.build((None, 20))\nmodel.summary()" in result.new_text


PIPE = """import tensorflow as tf

ds_train = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(64)
ds_val = tf.data.Dataset.from_tensor_slices((xv, yv)).batch(64)
"""


def test_places_said_of_something_else_are_not_this_changes_places() -> None:
    answer = """你的代码有两处问题。训练集那边，把 `.batch(64)` 改成下面这样：

```python
    .batch(64, drop_remainder=True)
```
"""
    assert apply_answer(PIPE, answer).refusal is not None  # which `.batch(64)` is unclear
    two = DROP.replace("    layers.Dense(1),", "    layers.Dropout(0.5),\n    layers.Dense(1),")
    said = (
        "Change `Dropout(0.5)` to `Dropout(0.3)`. Also scale the inputs the same way in both "
        "places where you load data."
    )
    assert apply_answer(two, said).refusal is not None


EVAL = """import keras

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
(test_loss,
 test_acc) = model.evaluate(x_test, y_test)
"""


def test_an_unpacking_that_is_not_widened_is_not_said_to_be() -> None:
    answer = """Track top-2 accuracy:

```python
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
              metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2, name="top2")])
```
"""
    result = apply_answer(EVAL, answer)
    assert result.refusal is None, result.refusal
    assert "now returns" not in " ".join(b.detail for b in result.blocks)
    odd = answer.replace('name="top2"', 'name="2-top"')
    result = apply_answer(EVAL.replace("(test_loss,\n test_acc)", "loss, acc"), odd)
    assert result.refusal is None, result.refusal
    assert "loss, acc = model.evaluate" in result.new_text  # ``2_top`` is no name


def test_words_after_a_block_that_only_look_like_deleting_it_delete_nothing() -> None:
    for after in (
        "silently running is what `verbose=0` does.",
        "nicht löschen, sondern danach einfügen.",
        "を削除しないでください。",
        "Das Entfernen dieser Zeile ist nicht nötig.",
    ):
        answer = f"""Diese Zeile:

```python
model.fit(x_train, y_train, epochs=50)
```

{after}
"""
        result = apply_answer(FIT, answer)
        assert result.new_text is None or "model.fit(x_train, y_train, epochs=50)" in (
            result.new_text
        ), after


LR = """import keras
import numpy as np

x, y = np.zeros((8, 4)), np.zeros(8)
learning_rate = 1e-2
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="mse")
model.fit(x, y, epochs=5, verbose=0)
"""


def test_keep_it_this_way_from_now_on_takes_nothing_back() -> None:
    answer = """First lower it:

```python
learning_rate = 1e-4
```

Keep the learning rate this low from now on, otherwise the weights blow up again. Then train longer:

```python
model.fit(x, y, epochs=50, verbose=0)
```
"""
    result = apply_answer(LR, answer)
    assert result.refusal is None, result.refusal
    assert "learning_rate = 1e-4" in result.new_text
    assert "epochs=50" in result.new_text


FROZEN = """import keras

base = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8)])
model = keras.Sequential([base, keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
"""


def test_a_loop_that_freezes_layers_is_an_edit() -> None:
    answer = """Your pretrained layers are overwritten. Run this before `model.compile` to freeze them:

```python
for layer in base.layers:
    layer.trainable = False
```
"""
    result = apply_answer(FROZEN, answer)
    assert result.refusal is None, result.refusal
    assert "for layer in base.layers:\n    layer.trainable = False\nmodel.compile(" in (
        result.new_text
    )


TWO_COMPILES = """import keras

teacher = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
teacher.compile(
    optimizer="adam",
    loss="binary_crossentropy",
    metrics=["accuracy"],
)
student = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
student.compile(
    optimizer="adam",
    loss="binary_crossentropy",
    metrics=[keras.metrics.AUC()],
)
"""


def test_both_said_of_metrics_is_not_both_calls() -> None:
    answer = """In `compile`, track both precision and recall:

```python
    metrics=["accuracy", keras.metrics.Precision(), keras.metrics.Recall()],
```
"""
    result = apply_answer(TWO_COMPILES, answer)
    assert result.new_text is None or result.new_text.count("keras.metrics.Precision()") <= 1
