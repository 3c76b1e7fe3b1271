"""Answers as they are written in issue threads, often with little or no Markdown: quoted
statements on lines of their own under a colon, "correction from `A` to `B`" with no verb,
code in double quotes, printed output after "gives:", a keyword shown by an example call, and
a re-pasted line under the answer's own name after "the rest stays the same".

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
import keras
from keras.callbacks import ReduceLROnPlateau

x = np.random.rand(32, 6).astype("float32")
y = (x.sum(axis=1) > 3).astype("float32")
model = keras.Sequential([keras.Input(shape=(6,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["binary_accuracy"])
plateau = ReduceLROnPlateau(monitor="val_loss")
history = model.fit(x, y, validation_split=0.25, epochs=2, verbose=0, callbacks=[plateau])


def report(history):
    best = history.history['acc'][-1]
    print("best", best)


train_acc = history.history['acc']
valid_acc = history.history['val_acc']
report(history)
"""


def test_quoted_statements_on_lines_of_their_own_under_a_colon() -> None:
    answer = (
        "The metric is logged under the name you gave it, so read these keys instead:\n"
        "`train_acc = history.history['binary_accuracy']`\n"
        "`valid_acc = history.history['val_binary_accuracy']`\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "train_acc = history.history['binary_accuracy']\n" in result.new_text
    assert "valid_acc = history.history['val_binary_accuracy']\n" in result.new_text
    assert "history.history['val_acc']" not in result.new_text


def test_a_correction_from_one_statement_to_another_with_no_verb() -> None:
    answer = (
        "Small fix needed in `report(history)`. It works with the correction from\n"
        "`best = history.history['acc'][-1]` to\n"
        "`best = history.history['binary_accuracy'][-1]`\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "    best = history.history['binary_accuracy'][-1]\n" in result.new_text
    assert "train_acc = history.history['acc']\n" in result.new_text  # the other read stays


def test_printed_output_after_gives_is_not_code_to_write() -> None:
    answer = (
        "Change it from\n"
        "`best = history.history['acc'][-1]` to\n"
        "`best = history.history['binary_accuracy'][-1]`\n"
        "\n"
        "For reference,\n"
        "`print(history.history.keys())`\n"
        "gives:\n"
        "dict_keys(['loss', 'binary_accuracy', 'val_loss', 'val_binary_accuracy'])\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "dict_keys" not in result.new_text
    assert "    best = history.history['binary_accuracy'][-1]\n" in result.new_text


def test_a_value_going_from_one_number_to_another_is_no_edit() -> None:
    answer = "After that the loss went from `0.69` to `0.41` in two epochs, so it learns now.\n"
    result = apply_answer(SCRIPT, answer)
    assert not result.ok
    assert result.new_text is None or result.new_text == SCRIPT


def test_code_in_double_quotes_in_a_korean_answer_with_no_markdown() -> None:
    answer = (
        "지표 이름이 바뀌어서 \"history.history['val_acc']\"가 아닌 "
        "\"history.history['val_binary_accuracy']\"를 사용해야 합니다.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "valid_acc = history.history['val_binary_accuracy']\n" in result.new_text
    assert result.new_text.count("history.history['acc']") == 2  # the other reads stay


def test_use_b_rather_than_a_in_japanese_and_chinese() -> None:
    for answer in (
        "`history.history['val_acc']` ではなく `history.history['val_binary_accuracy']` を使ってください。",
        "用 `history.history['val_binary_accuracy']` 而不是 `history.history['val_acc']`。",
    ):
        result = apply_answer(SCRIPT, answer)
        assert result.ok and result.new_text is not None, (answer, result.refusal)
        assert "valid_acc = history.history['val_binary_accuracy']\n" in result.new_text, answer


def test_a_keyword_shown_by_an_example_call_is_added_to_the_scripts_call() -> None:
    answer = (
        "Just pass the number of epochs to wait when you construct the callback, "
        "for example `ReduceLROnPlateau(patience=3)`.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'plateau = ReduceLROnPlateau(monitor="val_loss", patience=3)\n' in result.new_text


def test_a_new_call_to_add_is_not_read_as_an_example_keyword() -> None:
    answer = "Add `keras.layers.Dropout(rate=0.2)` before the output `Dense` layer.\n"
    result = apply_answer(SCRIPT, answer)
    assert 'ReduceLROnPlateau(monitor="val_loss", rate=0.2)' not in (result.new_text or "")


FUNCTIONAL = """import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(32, 3))
x = layers.Conv1D(16, 3, padding="same", activation="relu")(inputs)
x = layers.Conv1D(16, 3, padding="same", activation="relu")(x)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(4, activation="softmax")(x)
net = keras.Model(inputs, outputs, name="sensor_net")
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(np.random.rand(16, 32, 3), np.random.randint(0, 4, 16), epochs=1, verbose=0)
"""


def test_a_line_shown_again_under_the_answers_name_after_an_elision() -> None:
    answer = (
        "Put a normalisation right before the pooling:\n\n"
        "```python\n"
        'x = layers.Conv1D(16, 3, padding="same", activation="relu")(x)\n'
        "x = layers.LayerNormalization()(x)\n"
        "x = layers.GlobalAveragePooling1D()(x)\n"
        "# ... the rest stays the same\n"
        'model = keras.Model(inputs, outputs, name="sensor_net")\n'
        "```\n"
    )
    result = apply_answer(FUNCTIONAL, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    assert lines[7] == "x = layers.LayerNormalization()(x)"
    assert lines[8] == "x = layers.GlobalAveragePooling1D()(x)"
    assert 'net = keras.Model(inputs, outputs, name="sensor_net")' in lines
    assert not any(line.startswith("model = ") for line in lines)


def test_a_second_model_built_alike_is_still_the_answers_own() -> None:
    answer = (
        "Keep a copy to compare with:\n\n"
        "```python\n"
        'twin = keras.Model(inputs, outputs, name="sensor_net")\n'
        "```\n"
        "Add it after the model is built.\n"
    )
    result = apply_answer(FUNCTIONAL, answer)
    assert not any(change.answer == "twin" for change in result.names)
    if result.ok:
        assert 'twin = keras.Model(inputs, outputs, name="sensor_net")' in str(result.new_text)


LAYERS = """import numpy as np
import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(16, 16, 1)),
        layers.Conv2D(8, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(24, 3, activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(16, activation="relu"),
        layers.Dense(1),
    ]
)
model.compile(optimizer="adam", loss="mse")
model.fit(np.random.rand(8, 16, 16, 1), np.random.rand(8, 1), epochs=1, verbose=0)
"""


def test_two_changed_items_of_one_call_before_a_list_elision_each_replace_theirs() -> None:
    answer = (
        "Regularise the first two convolutions (the rest is unchanged):\n\n"
        "```python\n"
        "model = keras.Sequential(\n"
        "    [\n"
        "        keras.Input(shape=(16, 16, 1)),\n"
        '        layers.Conv2D(8, 3, activation="relu", kernel_regularizer="l2"),\n'
        "        layers.MaxPooling2D(),\n"
        '        layers.Conv2D(16, 3, activation="relu", kernel_regularizer="l2"),\n'
        "        ...\n"
        "        layers.Dense(1),\n"
        "    ]\n"
        ")\n"
        "```\n"
    )
    result = apply_answer(LAYERS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert text.count("layers.Conv2D(") == 3
    assert 'layers.Conv2D(16, 3, activation="relu", kernel_regularizer="l2"),' in text
    assert 'layers.Conv2D(16, 3, activation="relu"),' not in text
    assert 'layers.Conv2D(24, 3, activation="relu"),' in text
    assert text.count("layers.MaxPooling2D()") == 2


LOSS = """import numpy as np
import keras
from keras import ops


def pair_loss(y_true, y_pred):
    mask = y_true[:, 0]
    scale = ops.mean(mask) + 1e-6
    err = ops.sum(ops.square(y_true[:, 1:] - y_pred[:, 1:]), axis=-1)
    reg = ops.sum(err * mask) / scale
    bce = ops.mean(keras.losses.binary_crossentropy(mask, ops.sigmoid(y_pred[:, 0])))
    return bce + reg


model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(5)])
model.compile(optimizer="adam", loss=pair_loss)
y = np.concatenate([np.random.randint(0, 2, (8, 1)), np.random.rand(8, 4)], axis=1)
model.fit(np.random.rand(8, 4), y.astype("float32"), epochs=1, verbose=0)
"""


def test_new_lines_above_a_rewritten_line_in_an_elided_function_stay_above_it() -> None:
    answer = (
        "Weigh the first coordinate twice. The function becomes:\n\n"
        "```python\n"
        "def pair_loss(y_true, y_pred):\n"
        "    mask = y_true[:, 0]\n"
        "    ...\n"
        "    first = ops.square(y_true[:, 1] - y_pred[:, 1])\n"
        "    rest = ops.sum(ops.square(y_true[:, 2:] - y_pred[:, 2:]), axis=-1)\n"
        "    err = 2.0 * first + rest\n"
        "    reg = ops.sum(err * mask) / scale\n"
        "    ...\n"
        "    return bce + reg\n"
        "```\n"
    )
    result = apply_answer(LOSS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    body = result.new_text.split("def pair_loss")[1].split("\n\n\n")[0].split("\n")
    order = [line.strip().split(" = ")[0] for line in body[1:] if " = " in line]
    assert order == ["mask", "scale", "first", "rest", "err", "reg", "bce"], order


REGRESSION = """import numpy as np
import keras

model = keras.Sequential([keras.Input(shape=(3,)), keras.layers.Dense(1)])
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-3),
    loss="mse",
    metrics=["mae"],
)
model.fit(np.random.rand(8, 3), np.random.rand(8, 1), epochs=1, verbose=0)
"""


def _steps(second_intro: str, second: str) -> str:
    return (
        "1. Use a robust loss:\n\n"
        "```python\n"
        "model.compile(\n"
        "    optimizer=keras.optimizers.Adam(learning_rate=1e-3),\n"
        "    loss=keras.losses.Huber(delta=2.0),\n"
        '    metrics=["mae"],\n'
        ")\n"
        "```\n\n"
        f"2. {second_intro}\n\n"
        f"```python\n{second}```\n"
    )


def test_a_later_block_giving_a_keyword_a_third_value_is_a_contradiction() -> None:
    second = (
        "model.compile(\n"
        "    optimizer=keras.optimizers.Adam(learning_rate=1e-3),\n"
        '    loss="mae",\n'
        '    metrics=["mse"],\n'
        ")\n"
    )
    result = apply_answer(REGRESSION, _steps("The compile call then looks like this:", second))
    assert not result.ok
    assert "contradicts itself" in str(result.refusal)


def test_a_later_block_that_keeps_the_first_change_and_adds_another_applies() -> None:
    second = (
        "model.compile(\n"
        "    optimizer=keras.optimizers.Adam(learning_rate=3e-4),\n"
        "    loss=keras.losses.Huber(delta=2.0),\n"
        '    metrics=["mae"],\n'
        ")\n"
    )
    result = apply_answer(REGRESSION, _steps("Also lower the learning rate:", second))
    assert result.ok and result.new_text is not None, result.refusal
    assert "loss=keras.losses.Huber(delta=2.0)," in result.new_text
    assert "learning_rate=3e-4" in result.new_text


def test_a_later_block_said_to_replace_the_first_applies_as_corrected() -> None:
    second = (
        "model.compile(\n"
        "    optimizer=keras.optimizers.Adam(learning_rate=1e-3),\n"
        '    loss="mae",\n'
        '    metrics=["mae"],\n'
        ")\n"
    )
    result = apply_answer(
        REGRESSION, _steps("Actually, plain MAE is simpler, use this instead:", second)
    )
    assert result.ok and result.new_text is not None, result.refusal
    assert 'loss="mae",' in result.new_text and "Huber" not in result.new_text
