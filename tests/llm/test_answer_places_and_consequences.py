"""Where new lines go, which reading an answer means, and what its change entails.

- A function re-pasted with new lines above its first elision marker gets them at the top
  of its body, above the comment of the script's first step, and keeps that comment.
- "yo usaría la segunda" / "我建议用第二种" pick the second of two options.
- "ejecuta esto en una celda nueva" over ``model.build(...)`` / ``model.summary()`` is a check.
- "两处都要改" changes each of the two equal lines a pair quotes.
- "(0.9 se 0.8)" over a block that writes 0.95 contradicts it; "16 or 32" is no old/new pair.
- "Bump `A` to `B`" is a change in prose.
- "replace the line above with" under a block it takes back goes where that block was said to go.
- ``net.fit(train_ds, validation_data=val_ds, ...)  # unchanged`` keeps the script's call.
- "`A` satırını `B` yap": two alike statements quoted together are a change, in any wording.
- Metrics added to ``compile`` widen ``loss, acc = model.evaluate(...)``.
- A block whose code is not in the script stays an edit when the block after it is a probe.
- ``model.fit(...)`` of an answer is the script's compiled model's, not the encoder's, and
  its arguments are the script's by their places.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

AUGMENT = """import tensorflow as tf


def jitter(wave, label):
    # shift in time
    wave = tf.roll(wave, shift=3, axis=0)
    # scale the amplitude
    wave = wave * 0.9
    return wave, label
"""


def test_lines_above_the_first_elision_go_to_the_top_of_the_body() -> None:
    answer = """Add a little noise before the other steps:

```python
def jitter(wave, label):
    # white noise
    wave = wave + tf.random.normal(tf.shape(wave), stddev=0.01)
    # shift in time
    ...
    return wave, label
```
"""
    result = apply_answer(AUGMENT, answer)
    assert result.refusal is None, result.refusal
    body = result.new_text.split("def jitter(wave, label):\n")[1].split("\n")
    assert body[:4] == [
        "    # white noise",
        "    wave = wave + tf.random.normal(tf.shape(wave), stddev=0.01)",
        "    # shift in time",
        "    wave = tf.roll(wave, shift=3, axis=0)",
    ]
    assert "    wave = wave * 0.9" in result.new_text  # the step it elides stays


TRAIN = """import keras
import numpy as np
from keras import layers

x_train, y_train = np.zeros((32, 8)), np.zeros(32)
x_val, y_val = np.zeros((8, 8)), np.zeros(8)

model = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=5)
loss, acc = model.evaluate(x_val, y_val, verbose=0)
print(loss, acc)
"""


def _two_options(closing: str) -> str:
    return f"""Hay dos opciones para el learning rate:

**Opción 1**: un callback:

```python
reduce = keras.callbacks.ReduceLROnPlateau(patience=2)
```

**Opción 2**: otro optimizador:

```python
model.compile(optimizer=keras.optimizers.AdamW(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
```

{closing}
"""


def test_the_option_picked_by_its_place_in_other_languages() -> None:
    for closing in ("Para un modelo tan pequeño yo usaría la segunda.", "我建议用第二种。"):
        result = apply_answer(TRAIN, _two_options(closing))
        assert result.refusal is None, (closing, result.refusal)
        assert "AdamW(1e-3)" in result.new_text, closing
        assert "ReduceLROnPlateau" not in result.new_text, closing


def test_a_build_and_summary_run_in_a_new_cell_is_a_check() -> None:
    answer = """Cambia la capa oculta a 32 unidades:

```python
model = keras.Sequential([keras.Input((8,)), layers.Dense(32, activation="relu"), layers.Dense(3, activation="softmax")])
```

Para comprobar el tamaño, ejecuta esto en una celda nueva:

```python
model.build((None, 8))
model.summary()
```
"""
    result = apply_answer(TRAIN, answer)
    assert result.refusal is None, result.refusal
    assert "Dense(32" in result.new_text
    assert "model.build" not in result.new_text and "model.summary()" not in result.new_text


PIPE = """import tensorflow as tf

ds_train = (
    tf.data.Dataset.from_tensor_slices((x, y))
    .shuffle(100)
    .batch(64)
)
ds_val = (
    tf.data.Dataset.from_tensor_slices((xv, yv))
    .batch(64)
)
"""


def test_both_places_changes_each_equal_line() -> None:
    answer = """把 `.batch(64)` 改成下面这样，两处都要改：

```python
    .batch(64, drop_remainder=True)
```
"""
    result = apply_answer(PIPE, answer)
    assert result.refusal is None, result.refusal
    assert result.new_text.count(".batch(64, drop_remainder=True)") == 2
    single = answer.replace("，两处都要改", "")
    assert apply_answer(PIPE, single).refusal is not None  # which one is meant is unclear


CONST = """MOMENTUM = 0.9
BATCH = 16
print(MOMENTUM, BATCH)
"""


def test_an_old_and_new_value_pair_the_code_does_not_write_contradicts_it() -> None:
    said = """Momentum thoda kam karo (0.9 se 0.8):

```python
MOMENTUM = 0.95
```
"""
    result = apply_answer(CONST, said)
    assert result.refusal is not None
    assert "0.8" in result.refusal
    agreeing = said.replace("0.95", "0.8")
    assert apply_answer(CONST, agreeing).refusal is None
    choice = """Batch 16 or 32 both fit; take 64 for speed:

```python
BATCH = 64
```
"""
    assert apply_answer(CONST, choice).refusal is None


def test_bump_a_line_to_another_in_prose() -> None:
    result = apply_answer(CONST, "Bump `BATCH = 16` to `BATCH = 32` and rerun.")
    assert result.refusal is None, result.refusal
    assert "BATCH = 32" in result.new_text


HEAD = """import keras
from keras import layers

inputs = keras.Input((20,))
x = layers.Dense(32, activation="relu")(inputs)
outputs = layers.Dense(4, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""


def test_a_correction_of_a_taken_back_line_goes_where_that_line_was_said_to_go() -> None:
    answer = """Turn on mixed precision right after the imports:

```python
keras.mixed_precision.set_global_policy("mixed_float16")
```

and keep the output in float32:

```python
outputs = layers.Dense(4, activation="softmax", dtype="float32")(x)
```

**Edit:** you train on a CPU, where float16 is slow. Use bfloat16 instead, replace the policy line above with:

```python
keras.mixed_precision.set_global_policy("mixed_bfloat16")
```
"""
    result = apply_answer(HEAD, answer)
    assert result.refusal is None, result.refusal
    lines = result.new_text.split("\n")
    policy = lines.index('keras.mixed_precision.set_global_policy("mixed_bfloat16")')
    assert policy < lines.index("inputs = keras.Input((20,))")
    assert "mixed_float16" not in result.new_text
    assert 'dtype="float32"' in result.new_text


FIT = """import keras
import numpy as np
import tensorflow as tf

EPOCHS = 3
ds_tr = tf.data.Dataset.from_tensor_slices((np.zeros((8, 4)), np.zeros(8))).batch(4)
ds_va = tf.data.Dataset.from_tensor_slices((np.zeros((4, 4)), np.zeros(4))).batch(4)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse", metrics=["mae"])
history = model.fit(
    ds_tr,
    validation_data=ds_va,
    epochs=EPOCHS,
    verbose=2,
)
mse, mae = model.evaluate(ds_va, verbose=0)
"""


def test_an_elided_call_under_other_names_keeps_the_script_call() -> None:
    answer = """Track the RMSE too:

```python
net.compile(optimizer="adam", loss="mse", metrics=["mae", keras.metrics.RootMeanSquaredError(name="rmse")])

history = net.fit(train_ds, validation_data=val_ds, ...)  # unchanged
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "history = model.fit(\n    ds_tr,\n    validation_data=ds_va," in result.new_text
    assert "net." not in result.new_text
    # evaluate returns one more value now
    assert "mse, mae, rmse = model.evaluate(ds_va, verbose=0)" in result.new_text


def test_metrics_added_leave_an_unpacking_alone_when_its_names_would_clash() -> None:
    clash = FIT + "rmse = 0.0\n"
    answer = """Track the RMSE too:

```python
model.compile(optimizer="adam", loss="mse", metrics=["mae", keras.metrics.RootMeanSquaredError(name="rmse")])
```
"""
    result = apply_answer(clash, answer)
    assert "mse, mae = model.evaluate(ds_va, verbose=0)" in result.new_text


def test_two_alike_statements_quoted_together_are_a_change() -> None:
    answer = (
        "Metrikler değişti: `mse, mae = model.evaluate(ds_va, verbose=0)` satırını "
        "`mse, mae = model.evaluate(ds_va, verbose=0, batch_size=64)` yap."
    )
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "model.evaluate(ds_va, verbose=0, batch_size=64)" in result.new_text
    question = answer.replace(" yap.", " mi yapmalıyım?")
    assert apply_answer(FIT, question).refusal is not None


def test_a_block_before_a_probe_is_not_taken_as_the_before_code() -> None:
    answer = """Switch to the Huber loss and unpack the extra metric:

```python
model.compile(optimizer="adam", loss=keras.losses.Huber(), metrics=["mae", "mape"])
```

```python
mse, mae, mape = model.evaluate(ds_va, verbose=0)
```

What does this print for you?

```python
print(model.count_params())
```
"""
    result = apply_answer(FIT, answer)
    assert result.refusal is None, result.refusal
    assert "mse, mae, mape = model.evaluate(ds_va, verbose=0)" in result.new_text
    assert "count_params" not in result.new_text


SIAMESE = """import keras
import numpy as np
from keras import layers

left = np.zeros((16, 8))
right = np.zeros((16, 8))
same = np.zeros(16)

def build_encoder():
    inp = keras.Input((8,))
    return keras.Model(inp, layers.Dense(4)(inp))

encoder = build_encoder()
a = keras.Input((8,))
b = keras.Input((8,))
dist = layers.Subtract()([encoder(a), encoder(b)])
twin = keras.Model([a, b], layers.Dense(1, activation="sigmoid")(dist))
twin.compile(optimizer="adam", loss="binary_crossentropy")
history = twin.fit(
    [left, right],
    same,
    epochs=3,
)
"""


def test_the_answers_model_fit_is_the_compiled_model_with_its_arguments() -> None:
    answer = """Stop early:

```python
stop = keras.callbacks.EarlyStopping(patience=2)
history = model.fit(
    [x1, x2],
    y,
    epochs=3,
    callbacks=[stop],
)
```

(`model`, `x1`, `x2`, `y` are my names, use yours.)
"""
    result = apply_answer(SIAMESE, answer)
    assert result.refusal is None, result.refusal
    assert "history = twin.fit(\n    [left, right],\n    same," in result.new_text
    assert "callbacks=[stop]" in result.new_text
    assert "encoder.fit" not in result.new_text


VAE = """import keras
from keras import ops


def losses(data, recon, kl):
    recon_error = ops.sum(keras.losses.mean_squared_error(data, recon), axis=1)
    kl_term = ops.mean(kl)
    return recon_error + kl_term
"""


def test_a_block_whose_value_the_next_words_keep_is_taken_back() -> None:
    answer = """The error term dwarfs the KL term. Average the error instead:

```python
    recon_error = ops.mean(keras.losses.mean_squared_error(data, recon), axis=1)
```

Keep the recon error summed though, averaging lets the KL term win. Scale the KL term up instead:

```python
    kl_term = ops.mean(kl) * 10.0
```
"""
    result = apply_answer(VAE, answer)
    assert result.refusal is None, result.refusal
    assert "ops.sum(keras.losses.mean_squared_error(data, recon), axis=1)" in result.new_text
    assert "kl_term = ops.mean(kl) * 10.0" in result.new_text
    both = answer + "\nEither way the two terms end up on one scale.\n"
    assert apply_answer(VAE, both).refusal is not None  # which one it means is unclear


def test_a_sentence_that_ends_by_deleting_the_block_removes_it() -> None:
    script = TRAIN.replace(
        "history = model.fit(", "print(x_train.shape)\nprint(y_train.shape)\nhistory = model.fit("
    )
    answer = """Die beiden Ausgaben

```python
print(x_train.shape)
print(y_train.shape)
```

löschen, sie verlangsamen nur das Log.
"""
    result = apply_answer(script, answer)
    assert result.refusal is None, result.refusal
    assert "print(x_train.shape)" not in result.new_text
    assert "print(y_train.shape)" not in result.new_text


CROPS = """import numpy as np
import tensorflow as tf


def crop(img, y):
    return img[2:10, 2:10], y


x = np.zeros((16, 12, 12), "float32")
y = np.zeros(16, "float32")
ds_train = tf.data.Dataset.from_tensor_slices((x, y)).map(crop).batch(4)
ds_val = tf.data.Dataset.from_tensor_slices((x, y)).map(crop).batch(4)
for xb, yb in ds_val:
    pass
"""


def test_a_check_loop_in_a_new_cell_and_a_change_in_one_pipeline() -> None:
    answer = """まず新しいセルで確認してみてください:

```python
for _ in range(2):
    xb, yb = next(iter(ds_val))
    print(float(tf.reduce_sum(xb[0])))
```

`ds_val` の `.map(crop)` を `.map(lambda img, y: (img[2:10, 2:10], y))` に変えてください。
"""
    result = apply_answer(CROPS, answer)
    assert result.refusal is None, result.refusal
    assert "next(iter(ds_val))" not in result.new_text
    assert "ds_train = tf.data.Dataset.from_tensor_slices((x, y)).map(crop).batch(4)" in (
        result.new_text
    )
    assert "ds_val = tf.data.Dataset.from_tensor_slices((x, y)).map(lambda img, y: " in (
        result.new_text
    )
