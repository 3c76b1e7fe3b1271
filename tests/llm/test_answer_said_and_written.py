"""What an answer says against what its code writes, and prose steps read in more forms.

- A block whose code contradicts the sentence right before it ("lower the learning rate to
  `1e-4`:" over ``default=1e-2``; "**increase** the batch size instead:" over a smaller
  one) is refused, not applied either way.
- A load line shown "for afterwards" ("You can then reload it with:") is usage, not a new
  version of the script's ``model = ...``.
- Error values quoted in a fence (``output.shape=(32, 7, 7, 4)``) are output, not code.
- "replace" ``a`` "with" ``b`` across two fences is one replacement.
- Steps: "you can safely set `EPOCHS` to 5" after a "when" clause; "delete the line `X`"
  after an explanation naming other code; a keyword "passed" to a call in the passive,
  to "the final `Dense`", in German to `fit` named twice; a callback block whose only
  place is the keyword step's call goes before that call, inside its function.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

ARGS = """import argparse

import numpy as np
from tensorflow import keras


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--batch-size", type=int, default=32)
    args = p.parse_args()
    x = np.random.rand(64, 4).astype("float32")
    y = np.random.rand(64, 1).astype("float32")
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse")
    model.fit(x, y, epochs=1, batch_size=args.batch_size, verbose=0)
    model.evaluate(x, y, verbose=0)


if __name__ == "__main__":
    main()
"""

FLAT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

EPOCHS = 2
NUM_CLASSES = 3

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, NUM_CLASSES, 64)
model = keras.Sequential([
    keras.Input((8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(16, activation="relu"),
    layers.Dense(NUM_CLASSES),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x, y, epochs=EPOCHS, verbose=0)
print(model.evaluate(x, y, verbose=0))
model.save("clf.keras")
"""


def _ok(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def _refused(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert not result.ok and result.new_text is None
    assert result.refusal
    return result.refusal


def test_a_value_said_one_way_and_written_another_is_refused() -> None:
    answer = (
        "The loss oscillates: the learning rate is too high.\n\n"
        "**Step 1.** Lower the default learning rate to `1e-4`:\n\n"
        '```python\n    p.add_argument("--lr", type=float, default=1e-2)\n```\n'
    )
    assert "1e-4" in _refused(ARGS, answer).replace("0.0001", "1e-4")


def test_a_direction_said_one_way_and_written_another_is_refused() -> None:
    answer = (
        "Bigger batches give steadier gradients here, so you should **increase** the batch "
        'size:\n\n```python\n    p.add_argument("--batch-size", type=int, default=8)\n```\n'
    )
    assert "increase" in _refused(ARGS, answer)


def test_the_same_change_said_and_written_alike_applies() -> None:
    answer = (
        "Lower the default learning rate to `1e-4`:\n\n"
        '```python\n    p.add_argument("--lr", type=float, default=1e-4)\n```\n'
    )
    assert 'p.add_argument("--lr", type=float, default=1e-4)' in _ok(ARGS, answer)


def test_a_reload_shown_for_afterwards_is_not_an_edit() -> None:
    answer = (
        "Save with an explicit extension so Keras 3 picks the native format:\n\n"
        '```python\nmodel.save("clf_best.keras")\n```\n\n'
        "You can then reload it with:\n\n"
        '```python\nmodel = keras.models.load_model("clf_best.keras")\n```\n'
    )
    new = _ok(FLAT, answer)
    assert "load_model" not in new
    assert "model = keras.Sequential([" in new
    assert 'model.save("clf_best.keras")' in new


def test_error_values_quoted_in_a_fence_do_not_sink_the_fix() -> None:
    answer = (
        "Your loss gets logits of the wrong shape; the error says:\n\n"
        "```\ntarget.shape=(32,), output.shape=(32, 7, 7, 4)\n```\n\n"
        "Use a softmax on the last layer:\n\n"
        '```python\n    layers.Dense(NUM_CLASSES, activation="softmax"),\n```\n'
    )
    new = _ok(FLAT, answer)
    assert 'layers.Dense(NUM_CLASSES, activation="softmax"),' in new
    assert "output.shape" not in new


def test_replace_and_with_across_two_fences_is_one_replacement() -> None:
    answer = (
        "Make the middle layer wider. Replace\n\n"
        '```python\n    layers.Dense(16, activation="relu"),\n```\n\n'
        "with\n\n"
        '```python\n    layers.Dense(64, activation="relu"),\n```\n'
    )
    new = _ok(FLAT, answer)
    assert 'layers.Dense(64, activation="relu"),' in new
    assert 'layers.Dense(16, activation="relu")' not in new


def test_a_setting_after_a_when_clause_is_a_step() -> None:
    answer = (
        "1. Add early stopping:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "2. Since training now stops when the loss stops improving, you can safely set "
        "`EPOCHS` to 5.\n\n"
        "3. Then add `callbacks=[es]` to your `model.fit(...)` call.\n"
    )
    new = _ok(FLAT, answer)
    assert "EPOCHS = 5" in new
    assert "callbacks=[es]" in new


def test_delete_the_line_after_an_explanation_quoting_other_code() -> None:
    answer = (
        "1. Add `callbacks=[keras.callbacks.EarlyStopping(patience=1)]` to the `model.fit(...)` call.\n"
        "2. Since `history` already holds the metrics, the final evaluation is redundant: "
        "delete the line `print(model.evaluate(x, y, verbose=0))`.\n"
    )
    new = _ok(FLAT, answer)
    assert "model.evaluate" not in new
    assert "EarlyStopping(patience=1)" in new


def test_a_keyword_for_the_final_dense_goes_to_the_last_one() -> None:
    answer = (
        "The loss expects probabilities, but the head gives logits. The final `Dense` should "
        'be given `activation="softmax"`.\n'
    )
    new = _ok(FLAT, answer)
    assert 'layers.Dense(NUM_CLASSES, activation="softmax"),' in new
    assert new.count('activation="softmax"') == 1


def test_a_keyword_passed_in_the_passive_is_a_step() -> None:
    answer = (
        "1. Create the callback before training:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "2. It then has to be passed to the `model.fit(...)` call as `callbacks=[es]`.\n"
    )
    new = _ok(FLAT, answer)
    assert "callbacks=[es]" in new


def test_a_keyword_for_fit_named_twice_in_german() -> None:
    answer = (
        "**Schritt 1:** Lege den Callback direkt vor dem `model.fit(...)`-Aufruf an:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "**Schritt 2:** Übergib ihn an `fit`, indem du `callbacks=[es]` zum "
        "`model.fit(...)`-Aufruf hinzufügst.\n"
    )
    new = _ok(FLAT, answer)
    assert "callbacks=[es]" in new


def test_a_step_that_passes_a_value_and_is_not_understood_refuses_the_answer() -> None:
    answer = (
        "**Schritt 1:** Lege den Callback direkt vor dem `model.fit(...)`-Aufruf an:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "**Schritt 2:** Übergib ihn an `fit` über das Argument `callbacks`.\n"
    )
    assert "Übergib" in _refused(FLAT, answer)


def test_a_callback_for_a_call_inside_main_goes_before_that_call() -> None:
    answer = (
        "Then pass `callbacks=[es]` to the `model.fit(...)` call in `main()`:\n\n"
        "```python\n    es = keras.callbacks.EarlyStopping(patience=2)\n```\n"
    )
    new = _ok(ARGS, answer)
    body = next(
        n for n in ast.parse(new).body if isinstance(n, ast.FunctionDef) and n.name == "main"
    ).body
    lines = [ast.unparse(s) for s in body]
    at = next(i for i, s in enumerate(lines) if s.startswith("es = "))
    assert lines[at + 1].startswith("model.fit(") and "callbacks=[es]" in lines[at + 1]


def test_code_said_for_the_top_of_a_function_goes_there() -> None:
    answer = (
        "At the top of `main()`, fix the seed:\n\n"
        "```python\n    keras.utils.set_random_seed(0)\n```\n"
    )
    new = _ok(ARGS, answer)
    assert "def main():\n    keras.utils.set_random_seed(0)\n    p = argparse" in new


LABELS = """import numpy as np
from tensorflow import keras

x_train = np.random.rand(64, 8).astype("float32")
y_train = np.random.randint(0, 3, 64)
y_train_oh = keras.utils.to_categorical(y_train, 3)
print(x_train.shape)
print(y_train[:5])
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.fit(x_train, y_train, epochs=2, verbose=0)
"""


def test_a_change_said_in_one_call_is_made_there_only() -> None:
    answer = (
        "Your loss wants one-hot labels, which you already compute. In `model.fit`, change "
        "`y_train` to `y_train_oh`.\n"
    )
    new = _ok(LABELS, answer)
    assert "model.fit(x_train, y_train_oh, epochs=2, verbose=0)" in new
    assert "y_train_oh = keras.utils.to_categorical(y_train, 3)" in new
    assert "print(y_train[:5])" in new


def test_lines_a_japanese_sentence_asks_to_delete_are_removed() -> None:
    answer = (
        "デバッグ用の出力はもう要りません。次の2行を削除してください：\n\n"
        "```python\nprint(x_train.shape)\nprint(y_train[:5])\n```\n"
    )
    new = _ok(LABELS, answer)
    assert "print(" not in new
    assert "model.fit(x_train, y_train" in new


STAGES = """import numpy as np
from tensorflow import keras

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 3, 64)
base = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu")])
base.trainable = False
model = keras.Sequential([base, keras.layers.Dense(3, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=2, verbose=0)
print("done")
"""


def test_a_second_stage_added_at_the_end_keeps_the_first() -> None:
    answer = (
        "To fine-tune the backbone afterwards, add this at the end of the script:\n\n"
        "```python\nbase.trainable = True\n"
        'model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy")\n'
        "model.fit(x, y, epochs=1, verbose=0)\n```\n"
    )
    new = _ok(STAGES, answer)
    assert new.startswith(STAGES.rstrip("\n"))  # the first stage as it was
    tail = [ast.unparse(s) for s in ast.parse(new).body[-3:]]
    assert tail[0] == "base.trainable = True"
    assert "Adam(1e-05)" in tail[1] and tail[2] == "model.fit(x, y, epochs=1, verbose=0)"


SPLIT = """import numpy as np
from sklearn.model_selection import train_test_split
from tensorflow import keras

X = np.random.rand(120, 8).astype("float32")
y = np.random.randint(0, 2, 120)


def build_model():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.2, random_state=0)
model = build_model()
model.fit(X_train, y_train, validation_data=(X_val, y_val), epochs=2, verbose=0)
print(model.evaluate(X_val, y_val, verbose=0))
"""


def test_a_range_from_a_call_named_by_its_function_to_the_end_is_replaced() -> None:
    answer = (
        "A single split is noisy on 120 rows. Use 5-fold cross-validation instead: replace "
        "everything from the `train_test_split` line to the end with:\n\n"
        "```python\nfrom sklearn.model_selection import StratifiedKFold\n\n"
        "skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)\nscores = []\n"
        "for fold, (tr, va) in enumerate(skf.split(X, y)):\n    model = build_model()\n"
        "    model.fit(X[tr], y[tr], validation_data=(X[va], y[va]), epochs=2, verbose=0)\n"
        "    scores.append(model.evaluate(X[va], y[va], verbose=0)[1])\n"
        'print("CV accuracy:", np.mean(scores))\n```\n'
    )
    new = _ok(SPLIT, answer)
    assert "train_test_split" not in new and "X_train" not in new
    assert new.rstrip().endswith('print("CV accuracy:", np.mean(scores))')
    assert "def build_model():" in new and "StratifiedKFold(n_splits=5" in new


def test_a_default_said_with_instead_of_is_set() -> None:
    answer = "Train a bit longer: make the `--batch-size` default 16 instead of 32.\n"
    new = _ok(ARGS, answer)
    assert 'p.add_argument("--batch-size", type=int, default=16)' in new


def test_a_value_for_a_later_run_or_a_range_is_not_set() -> None:
    answer = (
        "Add early stopping:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "and add `callbacks=[es]` to your `model.fit(...)` call. With two epochs you won't "
        "see it kick in, so bump `EPOCHS` to 20–30 when you run on the full data.\n"
    )
    new = _ok(FLAT, answer)
    assert "EPOCHS = 2" in new and "callbacks=[es]" in new


def test_code_said_to_go_right_above_a_call_in_korean() -> None:
    answer = (
        "`model.fit(...)` 바로 위에 콜백을 만들고:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "`fit` 에 `callbacks` 인자를 추가하세요:\n\n"
        "```python\nhistory = model.fit(x, y, epochs=EPOCHS, verbose=0, callbacks=[es])\n```\n"
    )
    new = _ok(FLAT, answer)
    assert "es = keras.callbacks.EarlyStopping(patience=2)\nhistory = model.fit(" in new


def test_an_assignment_quoted_as_a_place_is_not_a_keyword() -> None:
    answer = (
        "在 `model = keras.Sequential([...])` 之后加上学习率调度，然后把 `model.compile(...)` 换成下面这样：\n\n"
        "```python\nschedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10)\n"
        'model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", '
        'metrics=["accuracy"])\n```\n'
    )
    new = _ok(FLAT, answer)
    compile_call = next(
        n
        for n in ast.walk(ast.parse(new))
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "compile"
    )
    assert sorted(str(k.arg) for k in compile_call.keywords) == ["loss", "metrics", "optimizer"]
    assert "CosineDecay(1e-3" in new


def test_old_and_new_values_said_against_the_code_refuse_the_answer() -> None:
    answer = (
        "The network overfits a little; I'd reduce the dropout from 0.2 to 0.1 so it keeps "
        "more capacity.\n\nChange this line:\n\n"
        '```python\n    layers.Dense(16, activation="relu"),\n    layers.Dropout(0.5),\n```\n'
    )
    script = FLAT.replace(
        '    layers.Dense(16, activation="relu"),\n',
        '    layers.Dense(16, activation="relu"),\n    layers.Dropout(0.2),\n',
    )
    assert "0.1" in _refused(script, answer)


def test_a_direction_word_about_something_else_does_not_refuse() -> None:
    answer = (
        "To reduce overfitting, raise the dropout rate:\n\n"
        '```python\n    layers.Dense(16, activation="relu"),\n    layers.Dropout(0.5),\n```\n'
    )
    script = FLAT.replace(
        '    layers.Dense(16, activation="relu"),\n',
        '    layers.Dense(16, activation="relu"),\n    layers.Dropout(0.2),\n',
    )
    assert "layers.Dropout(0.5)," in _ok(script, answer)


def test_a_german_setting_with_its_verb_last_is_set() -> None:
    answer = (
        "Füge den Callback hinzu:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "und übergib `callbacks=[es]` an `model.fit(...)`. Außerdem würde ich `EPOCHS` auf 6 "
        "erhöhen, damit der Callback greifen kann.\n"
    )
    new = _ok(FLAT, answer)
    assert "EPOCHS = 6" in new and "callbacks=[es]" in new


def test_a_range_to_the_end_of_the_script_replaces_all_of_it() -> None:
    answer = (
        "Replace everything from `X_train, X_val, y_train, y_val = train_test_split(...)` to "
        "the end of the script with:\n\n"
        "```python\nscores = []\nfor seed in (0, 1):\n    model = build_model()\n"
        "    model.fit(X, y, epochs=1, verbose=0)\n"
        "    scores.append(model.evaluate(X, y, verbose=0)[1])\n"
        'print("mean accuracy:", np.mean(scores))\n```\n'
    )
    new = _ok(SPLIT, answer)
    assert "X_train" not in new and "train_test_split(" not in new
    assert new.rstrip().endswith('print("mean accuracy:", np.mean(scores))')


CELLS = """# %%
import numpy as np
from tensorflow import keras

x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 2, 64)


def build_model():
    m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy")
    return m


# %%
model = build_model()
model.summary()

# %%
history = model.fit(x, y, epochs=2, verbose=0)
preds = model.predict(x, verbose=0)
print(preds.mean())
"""


def test_a_seed_loop_for_the_training_cell_keeps_the_model_cell() -> None:
    answer = (
        "For a more stable score, average a few seeds. Replace the training cell with:\n\n"
        "```python\nall_preds = []\nfor seed in range(3):\n"
        "    keras.utils.set_random_seed(seed)\n    model = build_model()\n"
        "    history = model.fit(x, y, epochs=2, verbose=0)\n"
        "    all_preds.append(model.predict(x, verbose=0))\n"
        "preds = np.mean(all_preds, axis=0)\nprint(preds.mean())\n```\n"
    )
    new = _ok(CELLS, answer)
    assert "# %%\nmodel = build_model()\nmodel.summary()\n\n# %%\nall_preds = []\n" in new
    assert new.count("# %%") == 3


DICT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

CONFIG = {"lr": 1e-3, "epochs": 2}


class Config:
    vocab_size = 500


x = np.random.rand(64, 8).astype("float32")
y = np.random.randint(0, 3, 64)
model = keras.Sequential([
    layers.Input(shape=(8,)),
    layers.Dense(32, activation="relu"),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer=keras.optimizers.Adam(CONFIG["lr"]), loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=CONFIG["epochs"], verbose=0)
print(Config.vocab_size)
"""


def test_settings_said_as_a_dict_entry_and_with_their_holder_in_chinese() -> None:
    new = _ok(DICT, 'Train a bit longer: set `"epochs": 3` in `CONFIG`.\n')
    assert 'CONFIG = {"lr": 1e-3, "epochs": 3}' in new
    new = _ok(DICT, "1. 把 `Config` 里的 `vocab_size` 改成 `1000`。\n")
    assert "    vocab_size = 1000" in new


def test_a_spanish_change_with_a_and_a_portuguese_one_across_paragraphs() -> None:
    new = _ok(FLAT, "Con el callback no tiene sentido: cambia `EPOCHS = 2` a `EPOCHS = 20`.\n")
    assert "EPOCHS = 20" in new
    answer = (
        "Substitua a linha\n\n`history = model.fit(x, y, epochs=EPOCHS, verbose=0)`\n\npor\n\n"
        "`history = model.fit(x, y, epochs=EPOCHS, verbose=0, validation_split=0.2)`\n\n"
        "e pode apagar a linha `print(model.evaluate(x, y, verbose=0))`, que não é mais usada.\n"
    )
    new = _ok(FLAT, answer)
    assert "validation_split=0.2" in new and "model.evaluate" not in new


def test_replace_the_two_lines_with_across_fences_in_portuguese() -> None:
    answer = (
        "Substitua as duas linhas\n\n"
        '```python\n    layers.Dense(32, activation="relu"),\n    layers.Dense(16, activation="relu"),\n```\n\n'
        "por:\n\n"
        '```python\n    layers.Dense(64, activation="relu"),\n```\n'
    )
    new = _ok(FLAT, answer)
    assert 'layers.Dense(64, activation="relu"),\n    layers.Dense(NUM_CLASSES),' in new
    assert "Dense(32" not in new and "Dense(16" not in new


def test_place_first_then_add_and_insert_as_a_layer() -> None:
    answer = (
        'Right after `layers.Dense(32, activation="relu"),` in the model, add '
        "`layers.Dropout(0.2),` to regularise it.\n"
    )
    new = _ok(DICT, answer)
    assert 'layers.Dense(32, activation="relu"),\n    layers.Dropout(0.2),\n' in new
    answer = (
        "**Step 1: Define the augmentation**\n\nPut this right after `CONFIG = ...`:\n\n"
        '```python\naug = keras.Sequential([layers.GaussianNoise(0.1)], name="aug")\n```\n\n'
        "**Step 2: Use it in the model**\n\n"
        "Insert `aug` as the first layer right after the `layers.Input(shape=(8,))` line in your "
        "`keras.Sequential([...])` list.\n"
    )
    new = _ok(DICT, answer)
    assert "    layers.Input(shape=(8,)),\n    aug,\n    layers.Dense(32" in new


def test_code_added_at_the_end_keeps_its_own_constant() -> None:
    # FLAT has ``EPOCHS = 2``: an equal number is no evidence that N_MODELS is EPOCHS
    answer = (
        "Keep everything you have, and add this at the end of the script:\n\n"
        "```python\nN_MODELS = 2\nmodels = []\nfor i in range(N_MODELS):\n"
        "    keras.utils.set_random_seed(i)\n    m = keras.models.clone_model(model)\n"
        '    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "    m.fit(x, y, epochs=EPOCHS, verbose=0)\n    models.append(m)\n"
        'print("members:", len(models))\n```\n'
    )
    new = _ok(FLAT, answer)
    assert new.startswith(FLAT.rstrip("\n"))
    assert "N_MODELS = 2\n" in new and "for i in range(N_MODELS):" in new


def test_a_layer_placed_after_a_shortened_quote_of_its_neighbour() -> None:
    answer = (
        "Add dropout right after the `Dense(32)` layer:\n\n"
        "```python\n    layers.Dropout(0.3),\n```\n"
    )
    new = _ok(DICT, answer)
    assert 'layers.Dense(32, activation="relu"),\n    layers.Dropout(0.3),\n' in new


def test_insert_into_a_named_list_and_the_german_split_verb() -> None:
    answer = (
        "Inside the model, insert `layers.Dropout(0.3),` into the `Sequential` list right "
        'after the `layers.Dense(32, activation="relu"),` line.\n'
    )
    new = _ok(DICT, answer)
    assert 'layers.Dense(32, activation="relu"),\n    layers.Dropout(0.3),\n' in new
    answer = (
        '1. **Dropout:** Füge in der `Sequential`-Liste direkt nach `layers.Dense(32, activation="relu"),` '
        "eine Zeile `layers.Dropout(0.5),` ein.\n"
    )
    new = _ok(DICT, answer)
    assert 'layers.Dense(32, activation="relu"),\n    layers.Dropout(0.5),\n' in new


def test_a_line_changed_so_that_it_keeps_the_result_and_a_print_put_after_it() -> None:
    answer = (
        "### Keep the history\n\nChange the `model.fit(...)` line so that it stores the return value:\n\n"
        '```python\nhistory = model.fit(x, y, epochs=CONFIG["epochs"], verbose=0)\n```\n\n'
        "and after training print the final loss:\n\n"
        '```python\nprint("final loss:", history.history["loss"][-1])\n```\n\n'
        "Put that print right after the `fit` call.\n"
    )
    new = _ok(DICT, answer)
    assert new.count(".fit(") == 1
    assert (
        'history = model.fit(x, y, epochs=CONFIG["epochs"], verbose=0)\nprint("final loss:"' in new
    )


def test_a_probe_to_run_and_paste_back_is_not_an_edit() -> None:
    answer = (
        "Before fixing anything, run this in a new cell (or the interpreter) and paste me the "
        "output:\n\n"
        "```python\nmodel = keras.Sequential([layers.Input(shape=(8,)), layers.Dense(3)])\n"
        "model.summary()\nprint(x.shape, y.shape)\n```\n"
    )
    result = apply_answer(DICT, answer)
    assert not result.ok and result.new_text is None


def test_a_german_setting_with_its_holder_first_and_a_quoted_key_read_once() -> None:
    new = _ok(DICT, 'Setze in deinem `CONFIG`-Dictionary den Wert `"epochs"` auf 4.\n')
    assert 'CONFIG = {"lr": 1e-3, "epochs": 4}' in new
    new = _ok(DICT, '1. `CONFIG` の `"lr"` を `0.0005` に変更してください。\n')
    assert 'CONFIG = {"lr": 0.0005, "epochs": 2}' in new


def test_a_model_re_pasted_with_its_tail_elided_keeps_the_names_of_the_tail() -> None:
    answer = (
        "Add a hidden layer; the rest stays as it is:\n\n"
        "```python\nmodel = keras.Sequential([\n    layers.Input(shape=(8,)),\n"
        '    layers.Dense(64, activation="relu"),\n    layers.Dense(32, activation="relu"),\n'
        "    ...\n])\n```\n"
    )
    script = DICT.replace("layers.Dense(3, activation", "layers.Dense(N_OUT, activation").replace(
        'CONFIG = {"lr"', 'N_OUT = 3\nCONFIG = {"lr"'
    )
    new = _ok(script, answer)
    assert 'layers.Dense(64, activation="relu"),\n    layers.Dense(32, activation="relu"),\n' in new
    assert 'layers.Dense(N_OUT, activation="softmax"),' in new
