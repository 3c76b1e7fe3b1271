"""Answers given as shell commands, settings of a named call, attributes under the
answer's own names, and corrections in more languages.

- ``sed -i 's/A/B/' train.py``: the inline change "replace `A` with `B`"; a ``sed`` with a
  real pattern is not read. A diff fed through ``patch -p0 <<'EOF'`` is that diff.
- "In the `EarlyStopping` callback, set `patience` to 8 and `min_delta` to 1e-4": the
  callback's ``patience`` (of two), and ``min_delta`` added to it.
- "and in the `compile` call use `optimizer=...`" replaces the call's optimizer; "remove
  the `ReduceLROnPlateau` callback from the `callbacks` list" drops that entry.
- ``cfg["model"]["hidden"]`` for the script's ``config["model"]["hidden"]``; ``ds_tr`` /
  ``ds_va`` are the training and validation data of ``fit(train_ds, validation_data=val_ds)``.
- ``self.student`` / ``self.teacher`` in a re-pasted ``train_step`` for the class's
  ``self.student_net`` / ``self.teacher_net`` (not ``self.student_loss_fn``).
- ``self.extra_tracker = Mean(...)`` "after `self.acc`" is a new attribute, never a rewrite
  of ``self.loss_tracker = Mean(...)``, which the class still reads.
- "Opção 2 (a que eu recomendo)" picks option 2; "**Correção:** use ... no lugar" corrects
  the block above; a closing "try `EPOCHS = 20`" and a "don't set `CFG.alpha = 0.3`" are
  no steps; "Setz die Lernrate auf 1e-3 runter:" over ``LR = 1e-4`` contradicts it.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

FIT = """import numpy as np
import keras

LR = 3e-3
EPOCHS = 3
x = np.random.rand(64, 4)
y = np.random.rand(64, 1)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=LR),
    loss="mse",
)
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
]
history = model.fit(x, y, validation_split=0.2, epochs=EPOCHS, callbacks=callbacks)
threshold = np.max(history.history["loss"])
"""


def test_a_sed_substitution_is_an_inline_change() -> None:
    answer = """Use the mean instead of the max:

```bash
sed -i 's/threshold = np.max(history.history\\["loss"\\])/threshold = np.mean(history.history["loss"])/' train.py
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert 'threshold = np.mean(history.history["loss"])' in result.new_text
    regex = """```bash
sed -i 's/^threshold = .*/threshold = 0.5/' train.py
```
"""
    assert apply_answer(FIT, regex).refusal is not None  # a pattern, not text: not read


def test_a_diff_fed_through_a_heredoc() -> None:
    answer = """Apply this from the script's folder:

```bash
patch -p0 <<'EOF'
--- train.py
+++ train.py
@@ -16,2 +16,2 @@
-history = model.fit(x, y, validation_split=0.2, epochs=EPOCHS, callbacks=callbacks)
+history = model.fit(x, y, validation_split=0.2, epochs=EPOCHS, callbacks=callbacks, verbose=2)
 threshold = np.max(history.history["loss"])
EOF
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "callbacks=callbacks, verbose=2)" in result.new_text


def test_settings_of_the_call_the_sentence_names() -> None:
    answer = (
        "In the `EarlyStopping` callback, set `patience` to 8 and `min_delta` to 1e-4, so "
        "noise does not stop the run.\n"
    )
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert 'EarlyStopping(monitor="val_loss", patience=8, min_delta=1e-4)' in text
    assert "factor=0.5, patience=2)" in text  # the other callback's patience stays


def test_a_keyword_used_in_the_named_call_and_an_entry_removed_from_a_list() -> None:
    answer = """Switch to a cosine schedule. Add this right before `model.compile`:

```python
schedule = keras.optimizers.schedules.CosineDecay(LR, decay_steps=100)
```

and in the `compile` call use `optimizer=keras.optimizers.Adam(learning_rate=schedule)`.
Then remove the `ReduceLROnPlateau` callback from the `callbacks` list: it cannot change a
schedule.
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "    optimizer=keras.optimizers.Adam(learning_rate=schedule),\n" in text
    assert "ReduceLROnPlateau" not in text
    assert 'keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),\n]' in text


CONFIG = """import keras
from keras import layers

config = {
    "data": {"rows": 100},
    "model": {"hidden": [32, 16], "dropout": 0.2},
}
inp = keras.Input(shape=(8,))
x = inp
for units in config["model"]["hidden"]:
    x = layers.Dense(units, activation="relu")(x)
    x = layers.Dropout(config["model"]["dropout"])(x)
out = layers.Dense(1)(x)
model = keras.Model(inp, out)
"""


def test_a_config_dict_read_by_keys_under_another_name() -> None:
    answer = """Normalise before the activation:

```python
for units in cfg["model"]["hidden"]:
    x = layers.Dense(units, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    x = layers.Dropout(cfg["model"]["dropout"])(x)
```
"""
    result = apply_answer(CONFIG, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert 'for units in config["model"]["hidden"]:' in text
    assert 'x = layers.Dropout(config["model"]["dropout"])(x)' in text
    assert "cfg" not in text


DISTILL = """import keras
import tensorflow as tf


class Distiller(keras.Model):
    def __init__(self, student, teacher):
        super().__init__()
        self.student_net = student
        self.teacher_net = teacher
        self.loss_tracker = keras.metrics.Mean(name="loss")
        self.acc = keras.metrics.SparseCategoricalAccuracy(name="acc")

    def compile(self, optimizer, student_loss_fn):
        super().compile(optimizer=optimizer)
        self.student_loss_fn = student_loss_fn

    @property
    def metrics(self):
        return [self.loss_tracker, self.acc]

    def train_step(self, data):
        x, y = data
        teacher_logits = self.teacher_net(x, training=False)
        with tf.GradientTape() as tape:
            logits = self.student_net(x, training=True)
            loss = self.student_loss_fn(y, logits) + 0.0 * tf.reduce_mean(teacher_logits)
        grads = tape.gradient(loss, self.student_net.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.student_net.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.acc.update_state(y, logits)
        return {m.name: m.result() for m in self.metrics}
"""


def test_attributes_under_the_answers_names_are_the_class_attributes() -> None:
    answer = """Clip the gradients in `train_step`:

```python
    def train_step(self, data):
        x, y = data
        teacher_logits = self.teacher(x, training=False)
        with tf.GradientTape() as tape:
            logits = self.student(x, training=True)
            loss = self.student_loss_fn(y, logits) + 0.0 * tf.reduce_mean(teacher_logits)
        grads = tape.gradient(loss, self.student.trainable_variables)
        grads, _ = tf.clip_by_global_norm(grads, 1.0)
        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.acc.update_state(y, logits)
        return {m.name: m.result() for m in self.metrics}
```
"""
    result = apply_answer(DISTILL, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert "self.student_net(x, training=True)" in text
    assert "teacher_logits = self.teacher_net(x, training=False)" in text
    assert "self.student(" not in text and "self.student." not in text
    assert "grads, _ = tf.clip_by_global_norm(grads, 1.0)" in text


def test_a_new_attribute_beside_one_the_class_still_reads() -> None:
    answer = """Track the accuracy loss separately. In `__init__`, after `self.acc`:

```python
        self.extra_tracker = keras.metrics.Mean(name="extra")
```
"""
    result = apply_answer(DISTILL, answer)
    assert result.refusal is None, result.refusal
    text = result.new_text
    assert 'self.loss_tracker = keras.metrics.Mean(name="loss")' in text
    lines = text.split("\n")
    new = lines.index('        self.extra_tracker = keras.metrics.Mean(name="extra")')
    assert lines[new - 1].strip().startswith("self.acc = ")


def test_a_recommended_option_in_portuguese_and_a_correction() -> None:
    options = """Duas formas:

**Opção 1** – mude a paciência:

```python
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=6),
```

**Opção 2 (a que eu recomendo)** – mais épocas:

```python
EPOCHS = 10
```
"""
    result = apply_answer(FIT, options)
    assert result.refusal is None, result.refusal
    assert "EPOCHS = 10" in result.new_text and "patience=3" in result.new_text
    corrected = """Lower the rate:

```python
LR = 1e-2
```

**Correção:** quis dizer mais baixo, use isto no lugar:

```python
LR = 1e-4
```
"""
    result = apply_answer(FIT, corrected)
    assert result.refusal is None, result.refusal
    assert "LR = 1e-4" in result.new_text and "1e-2" not in result.new_text


def test_tips_and_warnings_are_no_steps_and_a_value_said_otherwise_refuses() -> None:
    answer = """Add verbose output to the fit call:

```python
history = model.fit(x, y, validation_split=0.2, epochs=EPOCHS, callbacks=callbacks, verbose=2)
```

With `EPOCHS = 3` the early stopping never fires; try `EPOCHS = 20`. And don't set
`LR = 0.1` afterwards, that diverges.
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "EPOCHS = 3" in result.new_text and "verbose=2" in result.new_text
    said = """Die Lernrate ist zu hoch. Setz die Lernrate auf 1e-3 runter:

```python
LR = 1e-4
```
"""
    result = apply_answer(FIT, said)
    assert result.refusal is not None and "0.001" in result.refusal
