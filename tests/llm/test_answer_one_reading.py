"""A step said in prose is read once, as its words mean, and a closing remark is no
alternative to it.

- "change `"dropout": 0.2` to `"dropout": 0.3`" is a replacement, not also a setting back
  to 0.2; "change `batch_size` from `32` to `16`" sets ``batch_size`` even where another
  field is 32 too;
- "insert `Flatten(),` between `MaxPooling2D(),` and `Dense(64),`" puts the item there;
- "pass `x` when building the model: `model = build(settings, x)`" changes that call;
- a last paragraph "if it still overfits, you could also ..." leaves a step above it a step.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
import keras
from keras import layers

CONFIG = {"dropout": 0.2, "epochs": 1}


class Settings:
    batch_size = 32
    seq_len = 32


def build(settings, n=4):
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        layers.Conv2D(4, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Dense(16, activation="relu"),
        layers.Dropout(CONFIG["dropout"]),
        layers.Dense(n, activation="softmax"),
    ])
    return model


X = np.random.rand(64, 8, 8, 1).astype("float32")
y = np.random.randint(0, 4, 64)
model = build(Settings)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(X, y, epochs=CONFIG["epochs"], batch_size=Settings.batch_size, verbose=0)
"""


def new_text(answer: str) -> str:
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_dict_entry_changed_to_another_is_replaced_once_not_set_back() -> None:
    for step in (
        'In your `CONFIG` dict, change `"dropout": 0.2` to `"dropout": 0.3`.',
        'Dans `CONFIG`, change `"dropout": 0.2` en `"dropout": 0.3`.',
    ):
        text = new_text(f"Regularise a bit more.\n\n**1. More dropout**\n\n{step}\n")
        assert 'CONFIG = {"dropout": 0.3, "epochs": 1}' in text, step


def test_a_setting_changed_from_a_value_another_field_shares_is_set_by_its_name() -> None:
    for step in (
        "In the `Settings` class, change `batch_size` from `32` to `16`.",
        "En la clase `Settings`, cambia `batch_size` de `32` a `16`.",
    ):
        text = new_text(f"Smaller batches help here.\n\n**Step 1.** {step}\n")
        assert "batch_size = 16" in text and "seq_len = 32" in text, step


def test_an_item_inserted_between_two_quoted_items_goes_between_them() -> None:
    for step in (
        "insert a `layers.Flatten(),` between `layers.MaxPooling2D(),` and "
        '`layers.Dense(16, activation="relu"),` in your `Sequential` list.',
        "ajoute `layers.Flatten(),` entre `layers.MaxPooling2D(),` et "
        '`layers.Dense(16, activation="relu"),` dans la liste du `Sequential`.',
    ):
        text = new_text(f"The Dense layers get a 4D tensor.\n\n**Fix:** {step}\n")
        assert (
            '        layers.MaxPooling2D(),\n        layers.Flatten(),\n        layers.Dense(16, activation="relu"),'
            in text
        ), step


def test_a_call_quoted_whole_after_a_colon_replaces_the_scripts_call() -> None:
    step = "At the bottom, pass `n` when building the model: `model = build(Settings, 4)`."
    text = new_text(f"Make the class count explicit.\n\n1. {step}\n")
    assert "model = build(Settings, 4)" in text
    assert "model = build(Settings)\n" not in text


def test_a_closing_you_could_also_leaves_the_step_above_it_applied() -> None:
    for closing in (
        "If it still overfits, you could also try a smaller `Dense`.",
        "如果验证集效果还是不理想，也可以尝试更小的 `Dense`。",
    ):
        answer = f"""Two steps:

**1. More dropout**

{F}python
CONFIG = {{"dropout": 0.4, "epochs": 1}}
{F}

**2. Build with the class count**

把 `model = build(Settings)` 改成 `model = build(Settings, 4)`。

{closing}
"""
        text = new_text(answer)
        assert '"dropout": 0.4' in text and "model = build(Settings, 4)" in text, closing


def test_a_replacement_said_in_french_with_an_adverb_is_applied() -> None:
    answer = (
        "Vos étiquettes sont des entiers.\n\nRemplacez simplement "
        '`loss="sparse_categorical_crossentropy"` par `loss="categorical_crossentropy"` '
        "dans l'appel à `model.compile`.\n"
    )
    text = new_text(answer)
    assert 'loss="categorical_crossentropy"' in text
    assert "sparse_categorical" not in text


def test_a_layer_after_the_second_of_two_calls_goes_before_the_one_named_next() -> None:
    script = SCRIPT.replace(
        "        layers.MaxPooling2D(),\n",
        '        layers.MaxPooling2D(),\n        layers.Conv2D(4, 3, padding="same"),\n'
        "        layers.MaxPooling2D(),\n",
        1,
    )
    for step in (
        "Füge eine `layers.Flatten()`-Schicht direkt nach dem zweiten `layers.MaxPooling2D()` "
        'ein, also vor `layers.Dense(16, activation="relu")`.',
        "Add a `layers.Flatten()` layer right after the second `layers.MaxPooling2D()`, "
        'i.e. before `layers.Dense(16, activation="relu")`.',
    ):
        result = apply_answer(script, f"The Dense layer gets a 4D tensor.\n\n{step}\n")
        assert result.ok and result.new_text is not None, (step, result.refusal)
        assert (
            '        layers.MaxPooling2D(),\n        layers.Flatten(),\n        layers.Dense(16, activation="relu"),'
            in result.new_text
        ), step
        assert result.new_text.count("layers.Flatten()") == 1, step


def test_two_settings_in_one_sentence_one_said_as_an_assignment_are_both_set() -> None:
    script = SCRIPT.replace('CONFIG["epochs"]', "EPOCHS").replace(
        'CONFIG = {"dropout": 0.2, "epochs": 1}', 'EPOCHS = 1\nCONFIG = {"dropout": 0.2}'
    )
    result = apply_answer(
        script, "Bump `seq_len` from 32 to 48 and train longer by setting `EPOCHS = 3`.\n"
    )
    assert result.ok and result.new_text is not None, result.refusal
    assert "seq_len = 48" in result.new_text and "EPOCHS = 3" in result.new_text


def test_the_end_of_a_function_that_returns_is_right_before_its_return() -> None:
    answer = f"""Save the weights when building is done.

Add this at the end of `build()`, right before `return model`:

{F}python
    model.summary()
{F}
"""
    text = new_text(answer)
    assert "    model.summary()\n    return model" in text


def test_a_change_taken_back_then_recommended_again_is_refused() -> None:
    answer = f"""More dropout:

{F}python
CONFIG = {{"dropout": 0.5, "epochs": 1}}
{F}

Actually, with this little data keep the dropout and train longer instead:

{F}python
CONFIG = {{"dropout": 0.2, "epochs": 3}}
{F}

Either of these should help; I'd go with the first one.
"""
    result = apply_answer(SCRIPT, answer)
    assert not result.ok and result.new_text is None


def test_an_assignment_quoted_with_a_new_value_that_no_reader_sets_refuses_the_answer() -> None:
    script = SCRIPT.replace('CONFIG = {"dropout": 0.2, "epochs": 1}', "EPOCHS = 1\nCONFIG = {}")
    script = script.replace('CONFIG["epochs"]', "EPOCHS").replace(
        'layers.Dropout(CONFIG["dropout"])', "layers.Dropout(0.2)"
    )
    result = apply_answer(
        script, "Raise `Settings.seq_len` to 48, and go for `EPOCHS = 5` while you are at it.\n"
    )
    assert not result.ok and result.new_text is None
    assert "EPOCHS = 5" in (result.refusal or "")
