"""Placeholders mapped by the argument they fill: the script's value in the same slot."""

from __future__ import annotations

from gptfix.names import reconcile
from gptfix.names.slots import name_words

ARRAYS = """import numpy as np
import keras

rng = np.random.default_rng(0)
x_train = rng.random((64, 8))
y_train = rng.integers(0, 2, size=(64,))
x_val = rng.random((16, 8))
y_val = rng.integers(0, 2, size=(16,))
model = keras.Sequential([keras.Input(shape=(8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2)
"""


def _mapped(rec) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {m.snippet_name: m.script_name for m in rec.changes}


def test_members_of_a_validation_tuple_map_to_the_scripts_tuple() -> None:
    snippet = "history = model.fit(X_tr, y_tr, validation_data=(X_va, y_va), epochs=5)\n"
    rec = reconcile(snippet, ARRAYS)
    assert rec.apply() == (
        "history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=5)\n"
    )
    why = next(m.evidence for m in rec.mappings if m.snippet_name == "X_va")
    assert "validation_data=[0]" in why and "x_val" in why


def test_a_keyword_fills_the_same_slot_as_the_scripts_position() -> None:
    rec = reconcile("model.fit(x=Xtr, y=ytr, epochs=3)\n", ARRAYS)
    assert _mapped(rec) == {"Xtr": "x_train", "ytr": "y_train"}


def test_a_name_the_script_binds_is_never_moved_to_another_slot_value() -> None:
    rec = reconcile("model.fit(x_val, y_val, epochs=3)\n", ARRAYS)
    assert _mapped(rec) == {}
    assert rec.apply() == "model.fit(x_val, y_val, epochs=3)\n"


def test_the_script_value_is_followed_through_a_name_bound_to_a_tuple() -> None:
    script = ARRAYS.replace(
        "history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2)",
        "held_out = (x_val, y_val)\nhistory = model.fit(x_train, y_train, validation_data=held_out)",
    )
    rec = reconcile("model.fit(x_train, y_train, validation_data=(xv, yv), epochs=9)\n", script)
    assert _mapped(rec) == {"xv": "x_val", "yv": "y_val"}


PIPELINES = """import numpy as np
import tensorflow as tf

train_x = np.zeros((30, 4))
train_y = np.zeros((30,))
val_x = np.zeros((10, 4))
val_y = np.zeros((10,))
train_ds = tf.data.Dataset.from_tensor_slices((train_x, train_y)).batch(8)
val_ds = tf.data.Dataset.from_tensor_slices((val_x, val_y))
"""


def test_the_words_of_a_name_choose_among_several_calls() -> None:
    snippet = "ds_val = tf.data.Dataset.from_tensor_slices((x_valid, y_valid)).batch(8)\n"
    rec = reconcile(snippet, PIPELINES)
    assert _mapped(rec) == {"x_valid": "val_x", "y_valid": "val_y"}


def test_two_calls_with_the_same_role_leave_the_placeholder_ambiguous() -> None:
    script = PIPELINES.replace("train_", "north_").replace("val_", "south_")
    rec = reconcile("ds = tf.data.Dataset.from_tensor_slices((feats, targets))\n", script)
    assert "feats" not in _mapped(rec)
    unclear = {a.snippet_name: a.candidates for a in rec.ambiguous}
    assert unclear["feats"] == ["north_x", "south_x"]


def test_the_prose_decides_the_order_of_a_list_of_inputs() -> None:
    script = ARRAYS.replace(
        "history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=2)",
        "model.fit([x_train, x_val], y_train)",
    )
    prose = "Here `first` and `second` are your validation array and your training array."
    rec = reconcile("model.fit([first, second], y_train, epochs=4)\n", script, prose=prose)
    assert _mapped(rec) == {"first": "x_val", "second": "x_train"}


def test_settings_in_a_shape_tuple_are_not_placeholders() -> None:
    script = "import keras\nIMG = 32\na = keras.Input(shape=(IMG, IMG, 3))\nb = keras.Input(shape=(IMG, 1))\n"
    rec = reconcile("c = keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 3))\n", script)
    assert "IMAGE_SIZE" not in _mapped(rec)


def test_the_scripts_one_shape_tuple_says_what_a_placeholder_in_it_is() -> None:
    script = (
        "import keras\nSEQ_LEN = 20\nTOKENS = 500\n"
        "def build():\n"
        "    return keras.Sequential([keras.Input(shape=(SEQ_LEN,), dtype='int64'),\n"
        "                             keras.layers.Embedding(TOKENS, 16)])\n"
    )
    snippet = (
        "def build():\n"
        "    return keras.Sequential([keras.Input(shape=(MAXLEN,), dtype='int64'),\n"
        "                             keras.layers.Embedding(TOKENS, 16),\n"
        "                             keras.layers.Conv1D(8, 3)])\n"
    )
    assert _mapped(reconcile(snippet, script)) == {"MAXLEN": "SEQ_LEN"}


def test_name_words_read_short_forms() -> None:
    assert name_words("Xtr") == {"train"}
    assert name_words("y_va") == {"val"}
    assert name_words("train_imgs") == {"train", "image"}
    assert name_words("features_valid") == {"val"}
    assert name_words("x") == set()
