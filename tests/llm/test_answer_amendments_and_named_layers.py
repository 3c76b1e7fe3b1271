"""Amendments said below a block ("UPD: add `alpha=0.05` to `CosineDecay`", "EDIT: quita el
`.prefetch(...)`"), a keyword for a layer named by its ``name=`` ("the output layer `price`"),
a constant deleted "from the constants", and a keyword added to a call written one argument a
line (it goes on a line of its own).

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

PIPE = """import numpy as np
import tensorflow as tf
import keras

EPOCHS = 2
WARMUP = 1
LR = 1e-3

x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(8)
inputs = keras.Input((4,))
h = keras.layers.Dense(8, activation="relu")(inputs)
out = keras.layers.Dense(1, name="price")(h)
model = keras.Model(inputs, out)
model.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss="mse",
)
model.fit(ds, epochs=EPOCHS, verbose=0)
"""


def _applied(answer: str) -> str:
    result = apply_answer(PIPE, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def _call(text: str, name: str) -> ast.Call:
    return next(
        n
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.Call) and ast.unparse(n.func).rsplit(".", 1)[-1] == name
    )


def test_a_keyword_said_below_for_a_call_the_block_adds_is_set_there() -> None:
    answer = (
        "Попробуйте косинусное затухание:\n\n```python\n"
        "schedule = keras.optimizers.schedules.CosineDecay(LR, decay_steps=100)\n"
        'model.compile(\n    optimizer=keras.optimizers.Adam(schedule),\n    loss="mse",\n)\n```\n\n'
        "**UPD:** лучше добавить `alpha=0.05` в `CosineDecay`, чтобы LR не падал до нуля.\n"
    )
    text = _applied(answer)
    decay = _call(text, "CosineDecay")
    assert {k.arg: ast.unparse(k.value) for k in decay.keywords} == {
        "decay_steps": "100",
        "alpha": "0.05",
    }


def test_a_chained_call_an_edit_removes_is_dropped_from_the_blocks_code() -> None:
    answer = (
        "Cambia el dataset por:\n\n```python\n"
        "ds = (\n    tf.data.Dataset.from_tensor_slices((x, y))\n    .shuffle(32)\n"
        "    .batch(8)\n    .prefetch(tf.data.AUTOTUNE)\n)\n```\n\n"
        "EDIT: quita el `.prefetch(...)`, con un dataset tan pequeño no aporta nada.\n"
    )
    text = _applied(answer)
    assert ".shuffle(32)" in text and ".batch(8)" in text
    assert "prefetch" not in text
    assert (
        "ds = (\n    tf.data.Dataset.from_tensor_slices((x, y))\n    .shuffle(32)\n    .batch(8)\n)"
        in text
    )


def test_a_keyword_for_the_layer_named_price_goes_to_that_layer() -> None:
    answer = (
        "Passez en précision mixte ; la couche de sortie `price` doit rester en float32 : "
        'ajoutez `dtype="float32"` à ce dernier Dense.\n'
    )
    text = _applied(answer)
    assert 'keras.layers.Dense(1, name="price", dtype="float32")(h)' in text
    assert 'keras.layers.Dense(8, activation="relu")(inputs)' in text


def test_a_constant_deleted_from_the_constants_goes_when_nothing_reads_it() -> None:
    text = _applied("Nothing uses it: delete `WARMUP` from the constants at the top.\n")
    assert "WARMUP" not in text and "EPOCHS = 2" in text
    kept = apply_answer(PIPE, "Delete `EPOCHS` from the constants at the top.\n")
    assert not kept.ok or "EPOCHS = 2" in (kept.new_text or "")  # still read: it stays


def test_a_keyword_added_to_a_call_written_one_argument_a_line_gets_its_own_line() -> None:
    text = _applied("Add `jit_compile=False` to `model.compile`.\n")
    assert (
        'model.compile(\n    optimizer=keras.optimizers.Adam(LR),\n    loss="mse",\n'
        "    jit_compile=False,\n)" in text
    )


STOPPER = """import numpy as np
import keras

x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.2), keras.layers.Dense(1)])
model.compile("adam", "mse")
callbacks = [
    keras.callbacks.EarlyStopping(monitor="val_loss", patience=3),
    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),
]
model.fit(x, y, validation_split=0.25, epochs=2, callbacks=callbacks, verbose=0)
"""


def test_a_japanese_verb_about_another_setting_does_not_turn_a_raise_into_a_contradiction() -> None:
    answer = (
        "EarlyStopping の patience=3 は ReduceLROnPlateau の patience=2 と近すぎて、学習率を下げた"
        "直後に止まってしまいます。patience を 5 にしてください。\n\n```python\n"
        "callbacks = [\n"
        '    keras.callbacks.EarlyStopping(monitor="val_loss", patience=5),\n'
        '    keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=2),\n'
        "]\n```\n"
    )
    result = apply_answer(STOPPER, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'EarlyStopping(monitor="val_loss", patience=5)' in result.new_text


def test_a_sentence_below_that_restates_the_block_with_another_value_is_a_contradiction() -> None:
    answer = (
        "Sube el dropout:\n\n```python\nmodel = keras.Sequential([keras.Input((4,)), "
        "keras.layers.Dropout(0.5), keras.layers.Dense(1)])\n```\n\n"
        "Es decir, pon el dropout en 0.3, como en el bloque de arriba.\n"
    )
    result = apply_answer(STOPPER, answer)
    assert not result.ok and result.new_text is None
    assert "0.3" in (result.refusal or "")
    same = answer.replace("en 0.3,", "en 0.5,")
    agreed = apply_answer(STOPPER, same)
    assert agreed.ok and "Dropout(0.5)" in (agreed.new_text or "")


TOWERS = """import numpy as np
import keras
from keras import layers

users = keras.Input((1,), name="user")
items = keras.Input((1,), name="item")
u = layers.Flatten()(layers.Embedding(50, 8, name="user_emb")(users))
v = layers.Flatten()(layers.Embedding(40, 8, name="item_emb")(items))
score = layers.Dot(axes=1)([u, v])
model = keras.Model([users, items], score)
model.compile("adam", "mse")
es = keras.callbacks.EarlyStopping(patience=2)
rlr = keras.callbacks.ReduceLROnPlateau(patience=1)
model.fit(
    [np.random.randint(0, 50, (64, 1)), np.random.randint(0, 40, (64, 1))],
    np.random.rand(64, 1),
    epochs=1,
    callbacks=[es, rlr],
    verbose=0,
)
"""


def test_keywords_said_for_two_named_layers_go_into_both() -> None:
    for words in (
        "Add `embeddings_regularizer=keras.regularizers.l2(1e-5)` to both the `user_emb` and "
        "the `item_emb` layers.",
        "在 `user_emb` 和 `item_emb` 两层里加上 `embeddings_regularizer=keras.regularizers.l2(1e-5)`。",
    ):
        result = apply_answer(TOWERS, words + "\n")
        assert result.ok and result.new_text is not None, (words, result.refusal)
        embeddings = [
            n
            for n in ast.walk(ast.parse(result.new_text))
            if isinstance(n, ast.Call) and ast.unparse(n.func) == "layers.Embedding"
        ]
        assert all("embeddings_regularizer" in {k.arg for k in e.keywords} for e in embeddings)


def test_two_keywords_said_for_one_named_layer_go_into_it() -> None:
    words = '只要在名为 `user_emb` 的那一层里加上两个参数：`mask_zero=True` 和 `embeddings_initializer="zeros"`。\n'
    result = apply_answer(TOWERS, words)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        'layers.Embedding(50, 8, name="user_emb", mask_zero=True, embeddings_initializer="zeros")'
        in result.new_text
    )


def test_a_deleted_callback_leaves_the_callbacks_list_too() -> None:
    answer = "Удалите строку `rlr = keras.callbacks.ReduceLROnPlateau(...)`.\n"
    result = apply_answer(TOWERS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "ReduceLROnPlateau" not in result.new_text
    assert "callbacks=[es]," in result.new_text


def test_a_correction_that_names_the_first_block_leaves_the_second_applied() -> None:
    answer = (
        'Right after the imports, add:\n\n```python\nkeras.mixed_precision.set_global_policy("mixed_float16")\n```\n\n'
        'Keep the score in float32:\n\n```python\nscore = layers.Dot(axes=1, dtype="float32")([u, v])\n```\n\n'
        'Correction to the first block: you train on a CPU, so use `"mixed_bfloat16"` instead of '
        '`"mixed_float16"` there.\n'
    )
    result = apply_answer(TOWERS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'set_global_policy("mixed_bfloat16")' in result.new_text
    assert 'layers.Dot(axes=1, dtype="float32")([u, v])' in result.new_text


BRANCHES = """import numpy as np
import keras
from keras import layers


def branch(inputs, tag):
    x = layers.Conv2D(8, 3, activation="relu", name=f"{tag}_conv")(inputs)
    x = layers.Flatten()(x)
    return x


inputs = keras.Input((8, 8, 1))
x = layers.Conv2D(8, 3, activation="relu")(inputs)
x = layers.Flatten(name="flatten")(x)
x = layers.Dense(16, activation="relu", name="fc1")(x)
outputs = layers.Dense(3, activation="softmax", name="keyword")(x)
model = keras.Model(inputs, outputs)
aug = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1)])
"""


def test_a_layer_named_by_its_name_string_is_the_one_replaced() -> None:
    answer = (
        '`name="flatten"` 인 레이어를 GlobalAveragePooling2D 로 바꾸세요:\n\n```python\n'
        'x = layers.GlobalAveragePooling2D(name="gap")(x)\n```\n'
    )
    result = apply_answer(BRANCHES, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert 'x = layers.GlobalAveragePooling2D(name="gap")(x)' in text
    assert 'layers.Flatten(name="flatten")' not in text
    assert "    x = layers.Flatten()(x)" in text  # the branch's own Flatten stays


def test_a_call_an_update_gives_anew_replaces_the_blocks_call() -> None:
    answer = (
        "Add more augmentation:\n\n```python\n"
        'aug = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), '
        "layers.RandomZoom(0.1)])\n```\n\n"
        "**UPDATE:** después de probarlo, súbela a `layers.RandomRotation(0.15)`. Lo demás igual.\n"
    )
    result = apply_answer(BRANCHES, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "layers.RandomRotation(0.15), layers.RandomZoom(0.1)])" in result.new_text
    assert "RandomRotation(0.1)" not in result.new_text


def test_an_update_at_the_end_gives_the_blocks_call_in_its_own_spelling() -> None:
    answer = (
        "Option 1, more augmentation:\n\n```python\n"
        'aug = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomRotation(0.1), '
        "layers.RandomZoom(0.1)])\n```\n\n"
        "Option 2 would be weight decay, but it needs more tuning, so go with option 1. It "
        "usually helps within a few epochs on data this small, and it costs nothing at "
        "inference time because the augmentation layers are inactive outside training.\n\n"
        "**UPDATE:** in my test 0.1 is too little, use `RandomRotation(0.2)` instead.\n"
    )
    result = apply_answer(BRANCHES, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "layers.RandomRotation(0.2), layers.RandomZoom(0.1)])" in result.new_text


def test_a_keyword_the_sentence_gives_as_a_condition_is_no_change() -> None:
    answer = (
        "You can put the augmentation inside the model, so it only runs when `training=True` "
        "(during `fit`) and not in `evaluate`/`predict`:\n\n```python\n"
        "inputs = keras.Input((8, 8, 1))\n```\n"
    )
    result = apply_answer(BRANCHES, answer)
    assert "training=True" not in (result.new_text or "")


def test_a_line_said_to_go_right_below_a_quoted_line_in_spanish_goes_there() -> None:
    answer = "Y justo debajo del `model = keras.Model(inputs, outputs)` añade `model.summary()`.\n"
    result = apply_answer(BRANCHES, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert lines[lines.index("model = keras.Model(inputs, outputs)") + 1] == "model.summary()"
