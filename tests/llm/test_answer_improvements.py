"""Answers that improve a working script, in the shapes assistants give them.

- a SEARCH/REPLACE (or a fragment) inside ``def build_model(cfg)`` keeps ``cfg.units``
  when ``cfg`` is also a parameter of another function (never respelled ``Config.units``);
- a method chain given again with steps added (``.cache().prefetch(...)``) rewrites the
  script's chain instead of being added as a second one;
- an item changed before a ``# ...existing code...`` marker inside ``Sequential([...])``
  replaces the item it stands beside; the marker keeps the rest;
- "`Input` → `Dense` → `BatchNormalization`" in prose describes a sequence, not a change,
  and a list item "right after the first `Dense` layer" goes there, not at the list's end;
- a second training stage added "right after your first `model.fit(...)`" that ends with
  its own compile and fit is added whole (the first stage is kept as it was);
- ``model_b.fit(...)`` "right after the first `model.fit(...)`" is added, never a rewrite of
  ``model.fit(...)``;
- a new local of a function re-pasted down to an elision marker keeps its name (the
  script's local after the marker stays);
- a name a new function uses in several places, undefined in the answer, is not taken for
  the script's value of one layer argument: the answer is refused and the reason names it;
- placeholders inside a dict of labels (``{"segment": y_seg_tr}``) map to the script's
  values under the same keys;
- a line left out of a re-pasted run is removed when the prose names it (here in Thai);
- "instead of the single `model.fit(...)` and the evaluation at the end" replaces the run
  from that call to the end of the script;
- "remove the `model.compile(...)` line" names the script's statement even when a block adds
  another compile, and "comment out the line `X`" (in English, German or Chinese) keeps it
  as a comment at its indentation;
- an inline change said "on all three lines" changes every occurrence (refused when the
  count the prose gives is not the script's; one occurrence is still required otherwise);
- "replace the last line (the last two lines) with:" replaces the script's last statements;
- "below the `scores` lines" goes after the statement binding `scores` and the ones right
  after it that use it.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

CFG_SCRIPT = """from dataclasses import dataclass

import numpy as np
import keras
from keras import layers


@dataclass
class Config:
    features: int = 6
    units: int = 16
    rate: float = 0.1
    seed: int = 3


CFG = Config()


def load(n, cfg):
    rng = np.random.default_rng(cfg.seed)
    return rng.normal(size=(n, cfg.features)).astype("float32"), rng.integers(0, 2, n)


def build_model(cfg):
    model = keras.Sequential(
        [
            layers.Input(shape=(cfg.features,)),
            layers.Dense(cfg.units, activation="relu"),
            layers.Dropout(cfg.rate),
            layers.Dense(1, activation="sigmoid"),
        ]
    )
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


X, y = load(64, CFG)
model = build_model(CFG)
model.fit(X, y, epochs=1, verbose=0)
"""


def new_text(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_parameter_of_two_functions_is_kept_in_a_search_replace() -> None:
    answer = f"""Regularise the hidden layer:

{F}python
<<<<<<< SEARCH
            layers.Dense(cfg.units, activation="relu"),
=======
            layers.Dense(cfg.units, activation="relu", kernel_regularizer=keras.regularizers.l2(1e-4)),
>>>>>>> REPLACE
{F}
"""
    text = new_text(CFG_SCRIPT, answer)
    assert 'layers.Dense(cfg.units, activation="relu", kernel_regularizer=' in text
    assert "Config.units" not in text and "CFG.units" not in text


def test_a_parameter_of_two_functions_is_kept_in_a_fragment() -> None:
    answer = f"""Add batch normalisation after the hidden layer:

{F}python
            layers.Dense(cfg.units, activation="relu"),
            layers.BatchNormalization(),
            layers.Dropout(cfg.rate),
{F}
"""
    text = new_text(CFG_SCRIPT, answer)
    assert "Config." not in text.split("CFG = Config()")[1]
    assert text.count("layers.Dense(cfg.units") == 1
    assert 'activation="relu"),\n            layers.BatchNormalization(),\n' in text


def test_an_arrow_chain_is_no_edit_and_an_item_goes_after_the_first_dense() -> None:
    answer = f"""Добавьте `BatchNormalization` сразу после первого слоя `Dense`:

{F}python
            layers.BatchNormalization(),
{F}

Начало модели: `Input` → `Dense(cfg.units)` → `BatchNormalization` → `Dropout`.
"""
    text = new_text(CFG_SCRIPT, answer)
    assert "layers.Input(shape=(cfg.features,))," in text
    assert 'activation="relu"),\n            layers.BatchNormalization(),\n' in text
    assert text.count("BatchNormalization") == 1


PIPELINE = """import numpy as np
import tensorflow as tf

AUTOTUNE = tf.data.AUTOTUNE
x = np.random.rand(40, 8).astype("float32")
t = np.random.randint(0, 2, 40)

train = tf.data.Dataset.from_tensor_slices((x[:30], t[:30]))
train = train.shuffle(30).batch(8)

valid = tf.data.Dataset.from_tensor_slices((x[30:], t[30:]))
valid = valid.map(lambda a, b: (a * 2.0, b)).batch(8)

model = tf.keras.Sequential([tf.keras.Input((8,)), tf.keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(train, validation_data=valid, epochs=1, verbose=0)
"""


def test_a_method_chain_given_with_more_steps_rewrites_the_chain() -> None:
    answer = f"""Prefetch both pipelines and cache the validation one:

{F}python
train = tf.data.Dataset.from_tensor_slices((x[:30], t[:30]))
train = train.shuffle(30).batch(8).prefetch(AUTOTUNE)

valid = tf.data.Dataset.from_tensor_slices((x[30:], t[30:]))
valid = valid.map(lambda a, b: (a * 2.0, b)).batch(8).cache().prefetch(AUTOTUNE)
{F}
"""
    text = new_text(PIPELINE, answer)
    assert text.count(".batch(8)") == 2
    assert "train = train.shuffle(30).batch(8).prefetch(AUTOTUNE)" in text
    assert (
        "valid = valid.map(lambda a, b: (a * 2.0, b)).batch(8).cache().prefetch(AUTOTUNE)" in text
    )


WINDOWS = """import numpy as np
import tensorflow as tf

series = np.sin(np.arange(400) / 5).astype("float32")
X = np.stack([series[i : i + 12] for i in range(300)])
y = series[12:312]
print("X:", X.shape)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(12,)),
    tf.keras.layers.LSTM(8),
    tf.keras.layers.Dense(1),
])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
"""


def test_an_item_changed_before_a_list_marker_replaces_its_own() -> None:
    answer = f"""The LSTM needs a feature axis:

{F}python
# filepath: train.py
# ...existing code...
X = X.reshape((X.shape[0], X.shape[1], 1))
print("X:", X.shape)

model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=(12, 1)),
    # ...existing code...
])
# ...existing code...
{F}
"""
    text = new_text(WINDOWS, answer)
    assert "tf.keras.layers.Input(shape=(12, 1))," in text
    assert "shape=(12,))" not in text
    assert text.count("tf.keras.layers.LSTM(8),") == 1
    assert text.count("tf.keras.layers.Dense(1),") == 1
    assert text.index("X = X.reshape(") < text.index('print("X:"')


STAGES = """import numpy as np
from tensorflow import keras

X = np.random.rand(64, 10).astype("float32")
y = np.random.randint(0, 3, 64)

body = keras.Sequential([keras.Input((10,)), keras.layers.Dense(16, activation="relu")])
body.trainable = False
model = keras.Sequential([body, keras.layers.Dense(3, activation="softmax")])

model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy")

model.fit(X, y, epochs=1, verbose=0)

print(model.evaluate(X, y, verbose=0))
"""


def test_a_second_stage_added_after_the_first_fit_is_added_whole() -> None:
    answer = f"""Then fine-tune everything. Add this right after your first `model.fit(...)` call:

{F}python
body.trainable = True

model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy")
model.fit(X, y, epochs=1, verbose=0, callbacks=[keras.callbacks.TerminateOnNaN()])
{F}
"""
    text = new_text(STAGES, answer)
    assert "body.trainable = False" in text and "body.trainable = True" in text
    assert "Adam(1e-3)" in text and "Adam(1e-5)" in text
    assert text.count("model.fit(") == 2
    order = [
        text.index(s)
        for s in (
            "body.trainable = False",
            "Adam(1e-3)",
            "model.fit(X, y, epochs=1, verbose=0)\n",
            "body.trainable = True",
            "Adam(1e-5)",
            "callbacks=[keras.callbacks.TerminateOnNaN()]",
            "print(model.evaluate(",
        )
    ]
    assert order == sorted(order)


def test_a_call_on_another_model_is_added_not_a_rewrite() -> None:
    answer = f"""Train a second model for the ensemble.

1. Right after the `model.compile(...)` line:

{F}python
other = keras.Sequential([keras.Input((10,)), keras.layers.Dense(3, activation="softmax")])
other.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
{F}

2. Train it right after the first `model.fit(...)`:

{F}python
other.fit(X, y, epochs=1, verbose=0)
{F}
"""
    text = new_text(STAGES, answer)
    assert "model.fit(X, y, epochs=1, verbose=0)\nother.fit(X, y, epochs=1, verbose=0)" in text


TEXT_MODEL = """import numpy as np
import keras
from keras import layers


def get_model():
    inp = keras.Input(shape=(20,), dtype="int32")
    x = layers.Embedding(100, 8)(inp)
    x = layers.GRU(8, return_sequences=True)(x)
    x = layers.GlobalMaxPooling1D()(x)
    x = layers.Dense(8, activation="relu")(x)
    out = layers.Dense(1, activation="sigmoid")(x)
    model = keras.Model(inp, out)
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


model = get_model()
model.fit(np.random.randint(0, 100, (32, 20)), np.random.randint(0, 2, 32), epochs=1, verbose=0)
"""


def test_a_new_local_before_an_elision_keeps_its_name() -> None:
    answer = f"""Use attention pooling instead of the max pooling:

{F}python
def get_model():
    inp = keras.Input(shape=(20,), dtype="int32")
    x = layers.Embedding(100, 8)(inp)
    x = layers.GRU(8, return_sequences=True)(x)
    score = layers.Dense(1, activation="tanh")(x)
    weights = layers.Softmax(axis=1)(score)
    x = layers.Dot(axes=1)([weights, x])
    x = layers.Flatten()(x)
    x = layers.Dense(8, activation="relu")(x)
    # ... the rest unchanged
{F}
"""
    text = new_text(TEXT_MODEL, answer)
    assert 'score = layers.Dense(1, activation="tanh")(x)' in text
    assert "layers.Softmax(axis=1)(score)" in text
    assert 'out = layers.Dense(1, activation="sigmoid")(x)' in text
    assert "GlobalMaxPooling1D" not in text


CNN = """import numpy as np
import keras
from keras import layers

CLASSES = 4


def build():
    inp = keras.Input((16, 16, 3))
    x = layers.Conv2D(8, 3, activation="relu")(inp)
    x = layers.GlobalAveragePooling2D()(x)
    return keras.Model(inp, layers.Dense(CLASSES, activation="softmax")(x))


model = build()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(16, 16, 16, 3), np.random.randint(0, CLASSES, 16), epochs=1, verbose=0)
"""


def test_an_undefined_name_used_across_a_new_function_is_not_guessed() -> None:
    answer = f"""Add a squeeze-and-excitation block right after `build`:

{F}python
def se(x, ratio=4):
    filters = x.shape[-1]
    s = layers.GlobalAveragePooling2D()(x)
    s = layers.Dense(width // ratio, activation="relu")(s)
    s = layers.Dense(width, activation="sigmoid")(s)
    s = layers.Reshape((1, 1, width))(s)
    return layers.Multiply()([x, s])
{F}
"""
    result = apply_answer(CNN, answer)
    assert not result.ok
    assert result.refusal is not None and "`width`" in result.refusal
    assert all(n.answer != "width" for n in result.names)


TWO_HEADS = """import numpy as np
import keras
from keras import layers

rng = np.random.default_rng(1)
x_train = rng.normal(size=(64, 5)).astype("float32")
x_val = rng.normal(size=(16, 5)).astype("float32")
kind_train, kind_val = rng.integers(0, 3, 64), rng.integers(0, 3, 16)
cost_train, cost_val = rng.normal(size=64), rng.normal(size=16)

inputs = keras.Input((5,))
h = layers.Dense(8, activation="relu")(inputs)
model = keras.Model(
    inputs,
    [layers.Dense(3, activation="softmax", name="kind")(h), layers.Dense(1, name="cost")(h)],
)
model.compile(optimizer="adam", loss={"kind": "sparse_categorical_crossentropy", "cost": "mse"})
history = model.fit(
    x_train,
    {"kind": kind_train, "cost": cost_train},
    validation_data=(x_val, {"kind": kind_val, "cost": cost_val}),
    epochs=1,
    verbose=0,
)
"""


def test_placeholders_in_a_dict_of_labels_map_by_their_keys() -> None:
    answer = f"""Stop early. Here `X_tr`, `y_k_tr`, `y_c_tr` are your training arrays:

{F}python
history = model.fit(
    X_tr,
    {{"kind": y_k_tr, "cost": y_c_tr}},
    validation_data=(X_va, {{"kind": y_k_va, "cost": y_c_va}}),
    epochs=1,
    verbose=0,
    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=2)],
)
{F}
"""
    text = new_text(TWO_HEADS, answer)
    assert '{"kind": kind_train, "cost": cost_train}' in text
    assert 'validation_data=(x_val, {"kind": kind_val, "cost": cost_val})' in text
    assert "callbacks=[keras.callbacks.EarlyStopping(" in text


BACKBONE = """import numpy as np
import keras
from keras import layers

inputs = keras.Input((32, 32, 3))
x = layers.RandomFlip("horizontal")(inputs)
x = layers.Rescaling(1.0 / 127.5, offset=-1)(x)
x = layers.Conv2D(8, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, layers.Dense(2, activation="softmax")(x))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(np.random.rand(8, 32, 32, 3) * 255, np.random.randint(0, 2, 8), epochs=1, verbose=0)
"""


def test_a_line_left_out_of_a_run_goes_when_the_prose_names_it() -> None:
    answer = f"""ต้องเอา `Rescaling(1.0 / 127.5, offset=-1)` ออก ส่วนนี้ของโมเดลจะเป็นแบบนี้:

{F}python
inputs = keras.Input((32, 32, 3))
x = layers.RandomFlip("horizontal")(inputs)
x = layers.Conv2D(8, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
{F}
"""
    text = new_text(BACKBONE, answer)
    assert "Rescaling" not in text
    assert 'x = layers.RandomFlip("horizontal")(inputs)\nx = layers.Conv2D(' in text


def test_a_line_left_out_that_the_prose_does_not_name_stays() -> None:
    answer = f"""Use more filters:

{F}python
x = layers.RandomFlip("horizontal")(inputs)
x = layers.Conv2D(16, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
{F}
"""
    text = new_text(BACKBONE, answer)
    assert "x = layers.Rescaling(1.0 / 127.5, offset=-1)(x)" in text
    assert "layers.Conv2D(16, 3" in text and "Conv2D(8," not in text


def test_instead_of_a_call_and_the_rest_at_the_end_replaces_that_run() -> None:
    answer = f"""Average three seeds instead of the single `model.fit(...)` and the evaluation at the end:

{F}python
scores = []
for seed in range(3):
    keras.utils.set_random_seed(seed)
    model.fit(X, y, epochs=1, verbose=0)
    scores.append(model.evaluate(X, y, verbose=0))
print(sum(scores) / len(scores))
{F}
"""
    text = new_text(STAGES, answer)
    assert text.count("model.fit(") == 1
    assert "print(model.evaluate(X, y, verbose=0))" not in text
    assert "Adam(1e-3)" in text  # what comes before the run is kept
    assert text.rstrip().endswith("print(sum(scores) / len(scores))")


FEEDS = """import numpy as np
from tensorflow import keras


def make(n_in):
    model = keras.Sequential([keras.Input((n_in,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


X = np.random.rand(32, 4).astype("float32")
y = np.random.randint(0, 2, 32)
model = make(4)
model.fit(X, y, epochs=1, verbose=0)
print(model.evaluate(X, y, verbose=0))
"""


def test_a_line_removed_by_an_elided_quote_is_the_scripts_not_the_answers() -> None:
    # the answer adds a compile of its own; "the `model.compile(...)` line" is the script's
    answer = f"""Compile outside the factory. Remove the `model.compile(...)` line from `make`
and add right after `model = make(4)`:

{F}python
model.compile(optimizer=keras.optimizers.AdamW(1e-3), loss="binary_crossentropy")
{F}
"""
    text = new_text(FEEDS, answer)
    assert 'optimizer="adam"' not in text
    assert text.count("model.compile(") == 1
    assert "    return model\n" in text
    assert text.index("model = make(4)") < text.index("AdamW") < text.index("model.fit(")


def test_comment_out_the_line_keeps_it_as_a_comment_and_the_new_code_goes_at_the_end() -> None:
    answer = f"""Comment out the line `print(model.evaluate(X, y, verbose=0))` and save the model:

{F}python
model.save("model.keras")
{F}
"""
    text = new_text(FEEDS, answer)
    assert "\n# print(model.evaluate(X, y, verbose=0))\n" in text
    assert text.count("model.evaluate(") == 1
    assert text.rstrip().endswith('model.save("model.keras")')


def test_comment_out_in_german_and_chinese_keeps_an_indented_line_as_a_comment() -> None:
    script = FEEDS.replace(
        "print(model.evaluate(X, y, verbose=0))",
        "for _ in range(2):\n    print(model.evaluate(X, y, verbose=0))\n    print('done')",
    )
    for answer in (
        "Kommentiere die Zeile `print(model.evaluate(X, y, verbose=0))` aus, sie kostet Zeit.",
        "把 `print(model.evaluate(X, y, verbose=0))` 注释掉，评估太慢了。",
    ):
        text = new_text(script, answer)
        assert "\n    # print(model.evaluate(X, y, verbose=0))\n    print('done')" in text, answer


AUGMENT = """import numpy as np
import keras
from keras import layers

augment = keras.Sequential([
    layers.experimental.preprocessing.RandomFlip("horizontal"),
    layers.experimental.preprocessing.RandomRotation(0.1),
])
"""


def test_an_inline_change_said_for_all_lines_changes_every_one() -> None:
    answer = "Replace `layers.experimental.preprocessing.` with `layers.` on all two lines."
    text = new_text(AUGMENT, answer)
    assert "experimental" not in text
    assert 'layers.RandomFlip("horizontal"),' in text and "layers.RandomRotation(0.1)," in text


def test_an_inline_change_for_all_lines_is_refused_when_the_count_is_wrong() -> None:
    answer = "Replace `layers.experimental.preprocessing.` with `layers.` on all three lines."
    result = apply_answer(AUGMENT, answer)
    assert not result.ok and result.refusal is not None and "counts 3 places" in result.refusal


def test_an_inline_change_without_all_is_still_refused_when_it_matches_twice() -> None:
    answer = "Replace `layers.experimental.preprocessing.` with `layers.`."
    result = apply_answer(AUGMENT, answer)
    assert not result.ok and result.refusal is not None and "ambiguous" in result.refusal


def test_replace_the_last_line_or_the_last_two_lines() -> None:
    answer = f"""Sweep thresholds. Replace the last line with:

{F}python
probs = model.predict(X, verbose=0).ravel()
print(((probs > 0.3) == y).mean(), ((probs > 0.7) == y).mean())
{F}
"""
    text = new_text(STAGES, answer)
    assert "model.evaluate(" not in text
    assert text.rstrip().endswith("print(((probs > 0.3) == y).mean(), ((probs > 0.7) == y).mean())")
    answer = f"""Replace the last two lines with:

{F}python
model.fit(X, y, epochs=2, verbose=0)
print(model.evaluate(X, y, verbose=0))
{F}
"""
    text = new_text(STAGES, answer)
    assert text.count("model.fit(") == 1 and "epochs=2" in text
    assert text.index("Adam(1e-3)") < text.index("epochs=2")


def test_below_the_name_lines_goes_after_the_lines_that_use_it() -> None:
    script = STAGES.replace(
        "print(model.evaluate(X, y, verbose=0))\n",
        "scores = model.evaluate(X, y, verbose=0)\nprint(scores)\n\nprint('done')\n",
    )
    answer = f"""Put this below the `scores` lines:

{F}python
np.save("scores.npy", np.array(scores))
{F}
"""
    text = new_text(script, answer)
    assert 'print(scores)\nnp.save("scores.npy", np.array(scores))' in text
