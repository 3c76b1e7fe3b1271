"""Lines an answer says vanish: "`Flatten()` and `Dense(32, activation="relu")` go away"
under a block that re-pastes the model with a recurrent layer in their place. The quoted
layers are lines of the script (a layer call ``x = layers.Dense(32)(x)`` or a list item
``layers.Dropout(0.2),``), and they go; a quote that is no line of the script (a log value)
changes nothing, and a layer the script writes twice is not guessed at. And a cast the
prose asks for ("cast it up to float64") that the code makes to other dtypes only is a
self-contradiction; the dtype the code has now, said beside the cast, is not.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

FUNCTIONAL = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

STEPS, FEATS = 12, 3
series = np.random.rand(200, STEPS, FEATS).astype("float32")
target = series[:, -1, 0]

inp = keras.Input(shape=(STEPS, FEATS))
h = layers.Flatten()(inp)
h = layers.Dense(32, activation="relu")(h)
h = layers.Dense(8)(h)
out = layers.Dense(1)(h)
net = keras.Model(inp, out)
net.compile(optimizer="adam", loss="mse")
net.fit(series, target, epochs=1, verbose=0)
"""

SEQUENTIAL = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.rand(64, 10, 2).astype("float32")
y = np.random.randint(0, 2, size=(64,))
clf = keras.Sequential([
    keras.Input((10, 2)),
    layers.Flatten(),
    layers.Dropout(0.2),
    layers.Dense(1, activation="sigmoid"),
])
clf.compile(optimizer="adam", loss="binary_crossentropy")
clf.fit(x, y, epochs=1, verbose=0)
"""


def test_quoted_layers_that_go_away_leave_the_chain() -> None:
    answer = (
        "A recurrent encoder reads the steps in order, which a flattened vector cannot:\n\n"
        "```python\n"
        "inp = keras.Input(shape=(STEPS, FEATS))\n"
        "h = layers.GRU(32)(inp)\n"
        "h = layers.Dense(8)(h)\n"
        "out = layers.Dense(1)(h)\n"
        "```\n\n"
        '`Flatten()` and `Dense(32, activation="relu")` go away: the GRU takes their place.\n'
    )
    result = apply_answer(FUNCTIONAL, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "h = layers.GRU(32)(inp)\nh = layers.Dense(8)(h)\n" in result.new_text
    assert "Flatten" not in result.new_text and "Dense(32" not in result.new_text


def test_a_list_item_that_disappears_in_spanish() -> None:
    answer = (
        "Con tan pocos datos el dropout no ayuda. Cambia la cabeza así:\n\n"
        "```python\n"
        '    layers.Dense(1, activation="sigmoid"),\n'
        "```\n\n"
        "y `layers.Dropout(0.2)` desaparece de la lista.\n"
    )
    result = apply_answer(SEQUENTIAL, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Dropout" not in result.new_text
    assert '    layers.Flatten(),\n    layers.Dense(1, activation="sigmoid"),\n' in (
        result.new_text
    )


def test_a_value_in_the_log_that_goes_away_changes_no_line() -> None:
    answer = (
        "Lower the learning rate:\n\n"
        "```python\n"
        'net.compile(optimizer=keras.optimizers.Adam(1e-4), loss="mse")\n'
        "```\n\n"
        "After this the `loss=nan` lines in the log disappear.\n"
    )
    result = apply_answer(FUNCTIONAL, answer)
    assert result.ok and result.new_text is not None, result.refusal
    before = FUNCTIONAL.replace('optimizer="adam"', "optimizer=keras.optimizers.Adam(1e-4)")
    assert result.new_text == before


def test_a_layer_written_twice_is_not_guessed() -> None:
    script = FUNCTIONAL.replace("layers.Dense(8)(h)", 'layers.Dense(32, activation="relu")(h)')
    answer = (
        "```python\n"
        "h = layers.GRU(32)(inp)\n"
        "```\n\n"
        'The `Dense(32, activation="relu")` line disappears.\n'
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text.count('layers.Dense(32, activation="relu")(h)') == 2
    assert [b.status for b in result.blocks if b.kind == "remove"] == ["skipped"]


CAST = """import numpy as np
import tensorflow as tf

weights = np.linspace(0.5, 1.5, 8)


def loss(y_true, y_pred):
    return tf.reduce_mean(tf.abs(y_true - y_pred) * weights, axis=-1)
"""


def test_an_answer_casting_to_another_dtype_than_it_says_is_refused() -> None:
    answer = (
        "Keep the weights in float64 and cast the prediction up to float64 as well:\n\n"
        "```python\ndef loss(y_true, y_pred):\n"
        "    y_pred = tf.cast(y_pred, tf.float32)\n"
        "    return tf.reduce_mean(tf.abs(y_true - y_pred) * tf.cast(weights, tf.float16), axis=-1)\n"
        "```\n"
    )
    result = apply_answer(CAST, answer)
    assert not result.ok and result.new_text is None
    assert "float64" in (result.refusal or "")


def test_the_dtype_the_code_has_now_said_beside_the_cast_is_no_contradiction() -> None:
    answer = (
        "In `loss` you convert nothing, and `np.linspace` gives float64. Cast the weights "
        "to float32:\n\n```python\ndef loss(y_true, y_pred):\n"
        "    return tf.reduce_mean(tf.abs(y_true - y_pred) * tf.cast(weights, tf.float32), axis=-1)\n"
        "```\n"
    )
    result = apply_answer(CAST, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "tf.cast(weights, tf.float32)" in result.new_text


def test_a_dtype_given_to_a_call_that_casts_nothing_is_no_contradiction() -> None:
    # ``tf.random.uniform(..., dtype=tf.int32)`` draws an int; "keep ... as float32" asks
    # for no cast, and the code makes none
    answer = (
        "Add a random gain. Keep the weights as float32 and the rest as it is:\n\n"
        "```python\ndef loss(y_true, y_pred):\n"
        "    k = tf.random.uniform((), minval=1, maxval=3, dtype=tf.int32)\n"
        "    return tf.reduce_mean(tf.abs(y_true - y_pred) * weights, axis=-1) * float(k)\n"
        "```\n"
    )
    result = apply_answer(CAST, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "dtype=tf.int32" in result.new_text
