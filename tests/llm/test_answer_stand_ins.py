"""Answers whose new code stands in for the script's, or that say in prose what goes.

- a backbone swapped under a name of the answer's (``base_model = ResNet50(...)``, ``x =
  base_model(inputs)``): the script's backbone, now read nowhere, goes;
- a lone ``model = keras.models.load_model(...)`` "before the prediction" (quoted, or
  "before predicting") is a new binding there, not a rewrite of ``model = Sequential(...)``;
  "replace the model with a loaded one" still rewrites it;
- "Replace the `np.savetxt(...)` call with the `with open(...)` block above": the block goes
  in (after the line it repeats) and the quoted call goes;
- the Russian "Замените строку `X` на:" replaces that line;
- a short preview of code a later block gives in full is not applied twice, nor refused;
- "Add these two lines after ..., before the model is built:" is code to add, not the
  "before" code of a fix;
- a value of the answer's own that it changes (``tta = model.predict(x)``, ``tta += ...``)
  is not taken for the script's ``preds`` of the same call; a test-time augmentation loop
  reading only the script's values is its code, not an unrelated example;
- "Raise the `dropout` in `config` to 0.3" sets the value where the dict writes it;
- a new cell at the end of a run notebook export takes the next ``In[n]`` number;
- an answer that trains on generators read from a folder, leaving the script's arrays only
  printed, is written for another script: refused;
- a numbered step that states a change in prose no reader understood ("double `units`")
  refuses the whole answer instead of applying the other steps; conditional advice does not.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

BACKBONE = """import numpy as np
import keras
from keras import layers

backbone = keras.applications.MobileNetV2(input_shape=(32, 32, 3), include_top=False, weights=None)

inputs = keras.Input((32, 32, 3))
x = backbone(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
X = np.random.rand(16, 32, 32, 3).astype("float32")
y = np.random.randint(0, 3, 16)
model.fit(X, y, epochs=1, verbose=0)
preds = model.predict(X, verbose=0)
np.savetxt("preds.csv", preds, delimiter=",")
print("done")
"""


def new_text(answer: str, script: str = BACKBONE) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_backbone_swapped_under_a_new_name_leaves_no_old_backbone() -> None:
    answer = f"""Try EfficientNetB0 instead:

{F}python
base_model = keras.applications.EfficientNetB0(input_shape=(32, 32, 3), include_top=False, weights=None)

inputs = keras.Input((32, 32, 3))
x = base_model(inputs)
x = layers.GlobalAveragePooling2D()(x)
# ... the rest stays
{F}
"""
    text = new_text(answer)
    assert "MobileNetV2" not in text and "backbone" not in text
    assert text.count("EfficientNetB0(") == 1 and "x = base_model(inputs)" in text


def test_a_loaded_model_before_the_prediction_is_a_new_binding_there() -> None:
    for intro in (
        "Then, right before `preds = model.predict(X, verbose=0)`, load the best checkpoint:",
        "Before predicting, reload the saved model:",
    ):
        text = new_text(
            f'{intro}\n\n{F}python\nmodel = keras.models.load_model("best.keras")\n{F}\n'
        )
        assert "model = keras.Model(inputs, outputs)" in text, intro
        assert (
            text.index("model.fit(") < text.index("load_model(") < text.index("model.predict(")
        ), intro
    text = new_text(
        f'Replace the model with a loaded one:\n\n{F}python\nmodel = keras.models.load_model("m.keras")\n{F}\n'
    )
    assert "model = keras.Model(inputs, outputs)" not in text


def test_the_call_the_prose_replaces_with_the_block_above_goes() -> None:
    answer = f"""Write the file with the csv module:

{F}python
import csv

preds = model.predict(X, verbose=0)
with open("preds.csv", "w", newline="") as f:
    csv.writer(f).writerows(preds.tolist())
{F}

Replace the `np.savetxt(...)` call with the `with open(...)` block above.
"""
    text = new_text(answer)
    assert "np.savetxt(" not in text and text.count("csv.writer(f)") == 1
    assert (
        text.index("preds = model.predict(")
        < text.index("with open(")
        < text.index('print("done")')
    )


def test_a_russian_replace_the_line_with_replaces_it() -> None:
    answer = f"""Замените строку `x = layers.GlobalAveragePooling2D()(x)` на:

{F}python
x = layers.GlobalMaxPooling2D()(x)
{F}
"""
    text = new_text(answer)
    assert "GlobalAveragePooling2D" not in text and text.count("GlobalMaxPooling2D()(x)") == 1


def test_a_preview_of_a_later_block_is_neither_applied_twice_nor_refused() -> None:
    answer = f"""Save it and reload it:

    model.save("m.keras")
    again = keras.models.load_model("m.keras")

Put this at the end of the script:

{F}python
model.save("m.keras")
again = keras.models.load_model("m.keras")
print(again.predict(X[:2], verbose=0))
{F}
"""
    text = new_text(answer)
    assert text.count('model.save("m.keras")') == 1 and text.count("load_model(") == 1


def test_lines_to_add_before_a_described_step_are_not_the_before_code() -> None:
    answer = f"""Add these two lines after you create the data, before the model is fit:

{F}python
y = keras.utils.to_categorical(y, num_classes=3)
X = X / 1.0
{F}

Later you can switch to `keras.losses.CategoricalCrossentropy(label_smoothing=0.1)`.
"""
    text = new_text(
        answer, BACKBONE.replace("sparse_categorical_crossentropy", "categorical_crossentropy")
    )
    assert text.count("to_categorical(y, num_classes=3)") == 1
    assert (
        text.index("y = np.random.randint")
        < text.index("to_categorical(")
        < text.index("model.fit(")
    )


def test_a_value_the_answer_changes_is_its_own_and_tta_reads_the_scripts_values() -> None:
    answer = f"""Average the plain and flipped predictions at the end of the script:

{F}python
tta = model.predict(X, verbose=0)
tta += model.predict(X[:, :, ::-1, :], verbose=0)
tta /= 2.0
print(tta.argmax(axis=1))
{F}
"""
    text = new_text(answer)
    assert (
        "tta = model.predict(X, verbose=0)" in text
        and "preds = model.predict(X, verbose=0)" in text
    )
    answer = f"""Use test-time augmentation instead of the single predict:

{F}python
views = []
for flip in (False, True):
    views.append(model.predict(X[:, :, ::-1, :] if flip else X, verbose=0))
preds = np.mean(views, axis=0)
{F}
"""
    text = new_text(answer)
    assert text.count("model.predict(") == 1 and "preds = np.mean(views, axis=0)" in text
    assert text.index("preds = np.mean") < text.index("np.savetxt(")


def test_a_setting_said_with_the_dict_it_lives_in_is_set_there() -> None:
    script = 'config = {"epochs": 2, "dropout": 0.2}\nprint(config["epochs"], config["dropout"])\n'
    text = new_text(
        "1. Increase `epochs` to 3 in your `config`.\n2. Raise the `dropout` in `config` to 0.3.",
        script,
    )
    assert text.startswith('config = {"epochs": 3, "dropout": 0.3}')


def test_a_new_cell_at_the_end_of_a_run_notebook_takes_the_next_number() -> None:
    script = "# In[1]:\n\n\nx = 1\n\n\n# In[2]:\n\n\nprint(x)\n"
    text = new_text(f"Add a new cell at the end:\n\n{F}python\nprint(x * 2)\n{F}\n", script)
    assert "# In[3]:" in text and text.index("# In[3]:") < text.index("print(x * 2)")


def test_training_on_a_folder_leaving_the_arrays_only_printed_is_refused() -> None:
    script = BACKBONE.replace(
        "y = np.random.randint(0, 3, 16)\n",
        "y = np.random.randint(0, 3, 16)\nprint(X.shape, y.shape)\n",
    )
    answer = f"""Use a generator with one-hot labels:

{F}python
gen = keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255)
train_gen = gen.flow_from_directory("data/train", target_size=(32, 32), class_mode="sparse")
model.fit(train_gen, epochs=1, verbose=0)
{F}
"""
    result = apply_answer(script, answer)
    assert not result.ok and "another script's data" in (result.refusal or "")


CONFIG_SCRIPT = 'config = {"epochs": 2, "dropout": 0.2, "units": 8}\nprint(config)\n'


def test_a_prose_step_not_understood_refuses_the_answer_rather_than_half_of_it() -> None:
    answer = "1. Increase `epochs` to 3 in your `config`.\n2. Make it deeper: double `units` in `config`."
    result = apply_answer(CONFIG_SCRIPT, answer)
    assert not result.ok and result.new_text is None
    assert "double `units`" in (result.refusal or "")


def test_a_step_said_in_chinese_japanese_or_korean_not_understood_refuses_too() -> None:
    for step in (
        "2. 把 `units` 的值翻倍，然后把 `dropout` 那一行删除。",
        "2. `units` を倍にして、`dropout` の行を削除してください。",
        "2. `units` 값을 두 배로 하고 `dropout` 줄은 삭제하세요.",
    ):
        answer = f"1. Increase `epochs` to 3 in your `config`.\n{step}"
        result = apply_answer(CONFIG_SCRIPT, answer)
        assert not result.ok and result.new_text is None, step
        assert "not understood" in (result.refusal or ""), step


def test_conditional_advice_in_a_step_is_not_a_change_left_undone() -> None:
    answer = (
        "1. Increase `epochs` to 3 in your `config`.\n2. If it overfits, try `dropout` 0.3.\n"
        "* Double-check `units` against your data."
    )
    text = new_text(answer, CONFIG_SCRIPT)
    assert text.startswith('config = {"epochs": 3, "dropout": 0.2')
