"""Multi-step answers: code blocks with steps said only in prose, in several languages.

- "add `callbacks=[es]` to the `model.fit(...)` call" and "set `EPOCHS` to 5" beside code
  blocks are applied (a block that only reads `EPOCHS` does not take the step for its own);
  "add it to the callbacks: `callbacks=[es, ckpt]`" grows the call's list;
- "Setze `lr` in der `CFG`-Klasse auf `3e-3`", "In cell 2 set `EPOCHS = 3`", Italian
  "aumentare `epochs` a 20 nel config";
- "ersetze `learning_rate=CFG.lr` durch ..." changes the compile's argument (whole names: a
  method after a dot still counts), not the
  ``initial_learning_rate=CFG.lr`` a block added;
- "Delete the two lines `a = ...` and `b = ...`"; "remove the `labels = to_categorical(...)`
  line" for a line that transforms a value read later;
- "Replace `layers.GRU(32),` in the model with:" two items;
- the code of a numbered step is code to apply even when a later step changes it;
- a second ``history_ft = model.fit(...)`` in a new cell ("次のセルを追加") keeps its name;
- "dove `cfg` è il tuo dizionario di configurazione" names the script's ``config``;
- ``X = X[..., np.newaxis]`` "after the normalisation" is a new step, never a rewrite of
  ``X = (X - mu) / sd``, in a block of statements or a fragment.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
import keras


class CFG:
    lr = 1e-3
    epochs = 2


EPOCHS = 2
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
labels = y.copy()
labels = keras.utils.to_categorical(labels, 2)
a_dbg = X.sum()
b_dbg = y.sum()
model = keras.Sequential([
    keras.Input((4,)),
    keras.layers.Dense(8, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=CFG.lr), loss="binary_crossentropy")
es = keras.callbacks.EarlyStopping(patience=2)
history = model.fit(X, y, epochs=EPOCHS, verbose=0, callbacks=[es])
print(history.history["loss"][-1])
"""


def new_text(answer: str, script: str = SCRIPT) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_prose_steps_beside_a_block_are_applied() -> None:
    answer = f"""1. Create a checkpoint right before `history = model.fit(...)`:

{F}python
ckpt = keras.callbacks.ModelCheckpoint("best.keras")
print("epochs:", EPOCHS)
{F}

2. Add it to the callbacks passed to `fit`: `callbacks=[es, ckpt]`.
3. Set `EPOCHS` to 5.
"""
    text = new_text(answer)
    assert "callbacks=[es, ckpt]" in text and "EPOCHS = 5" in text
    assert text.index("ckpt = keras.callbacks.ModelCheckpoint") < text.index("model.fit(")


def test_settings_said_in_german_italian_and_as_an_assignment() -> None:
    text = new_text("1. Setze `lr` in der `CFG`-Klasse auf `3e-3`.\n2. In cell 2 set `EPOCHS = 3`.")
    assert "    lr = 3e-3" in text and "EPOCHS = 3\n" in text
    text = new_text("**1.** Con l'early stopping puoi aumentare `epochs` a 20 nel `CFG`.")
    assert "    epochs = 20" in text


def test_a_replacement_inside_a_longer_name_is_not_the_one_meant() -> None:
    answer = f"""1. Direkt vor `model.compile` den Schedule anlegen:

{F}python
schedule = keras.optimizers.schedules.CosineDecay(initial_learning_rate=CFG.lr, decay_steps=100)
{F}

2. Im `model.compile` ersetze `learning_rate=CFG.lr` durch `learning_rate=schedule`.
"""
    text = new_text(answer)
    assert "Adam(learning_rate=schedule)" in text and "initial_learning_rate=CFG.lr" in text


def test_two_lines_deleted_and_a_transform_removed() -> None:
    text = new_text(
        "Delete the two lines `a_dbg = X.sum()` and `b_dbg = y.sum()`: they are unused."
    )
    assert "a_dbg" not in text and "b_dbg" not in text
    text = new_text("Remove the `labels = keras.utils.to_categorical(labels, 2)` line.")
    assert "to_categorical" not in text and "labels = y.copy()" in text


def test_a_list_item_replaced_by_two_with_words_between_quote_and_with() -> None:
    answer = f"""Replace `keras.layers.Dense(8, activation="relu"),` in the model with:

{F}python
keras.layers.Dense(32, activation="relu"),
keras.layers.Dense(8, activation="relu"),
{F}
"""
    text = new_text(answer)
    assert (
        'keras.layers.Dense(32, activation="relu"),\n    keras.layers.Dense(8, activation="relu"),'
        in text
    )


def test_a_numbered_steps_code_is_applied_though_a_later_step_changes_it() -> None:
    answer = f"""**Step 1** - right after the model is built, freeze it:

{F}python
model.trainable = False
{F}

**Step 2** - add a new cell at the end to fine-tune everything:

{F}python
model.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="binary_crossentropy")
history_ft = model.fit(X, y, epochs=EPOCHS, verbose=0, callbacks=[es])
{F}
"""
    text = new_text(answer)
    assert "model.trainable = False" in text and "model.trainable = True" in text
    assert text.index("model.trainable = False") < text.index("model.compile(")
    assert "history_ft = model.fit(" in text and text.count("model.fit(") == 2


DICT = """import numpy as np
import keras

config = {"units": 8, "lr": 1e-3, "epochs": 1}
X = np.random.rand(32, 4).astype("float32")
y = np.random.randint(0, 2, 32)


def get_model(n):
    inp = keras.Input((n,))
    h = keras.layers.Dense(config["units"], activation="relu")(inp)
    out = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inp, out)
    model.compile(optimizer=keras.optimizers.Adam(config["lr"]), loss="binary_crossentropy")
    return model


model = get_model(4)
model.fit(X, y, epochs=config["epochs"], verbose=0)
"""


def test_an_italian_naming_hint_maps_the_answers_name() -> None:
    answer = f"""Aggiungi BatchNormalization:

{F}python
def get_model(n):
    inp = keras.Input((n,))
    h = keras.layers.Dense(cfg["units"], activation="relu")(inp)
    h = keras.layers.BatchNormalization()(h)
    out = keras.layers.Dense(1, activation="sigmoid")(h)
    model = keras.Model(inp, out)
    model.compile(optimizer=keras.optimizers.Adam(cfg["lr"]), loss="binary_crossentropy")
    return model
{F}

(dove `cfg` è il tuo dizionario di configurazione)
"""
    text = new_text(answer, DICT)
    assert "cfg" not in text and 'Dense(config["units"]' in text and "BatchNormalization" in text


SERIES = """import numpy as np
import keras

X = np.random.rand(32, 16).astype("float32")
X = (X - X.mean(axis=1, keepdims=True)) / (X.std(axis=1, keepdims=True) + 1e-8)
y = np.random.rand(32).astype("float32")
model = keras.Sequential([keras.Input((16, 1)), keras.layers.Conv1D(4, 3), keras.layers.Flatten(), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
"""


def test_a_new_axis_after_the_normalisation_is_a_new_step() -> None:
    for code in ("X = X[..., np.newaxis]", "X = np.expand_dims(X, axis=-1)"):
        answer = f"Add a channel axis (after the normalisation):\n\n{F}python\n{code}\n{F}\n"
        text = new_text(answer, SERIES)
        assert "X = (X - X.mean(" in text, code
        assert text.index("X = (X - X.mean(") < text.index(code) < text.index("model.fit("), code


def test_a_japanese_next_cell_after_the_fit_cell_is_a_new_cell() -> None:
    script = SCRIPT.replace("es = keras.callbacks", "# %%\nes = keras.callbacks").replace(
        "print(history", "# %%\nprint(history"
    )
    answer = f"""`model.fit(...)` のセルの直後に、次のセルを追加してください。

{F}python
model.trainable = True
history_ft = model.fit(X, y, epochs=EPOCHS, verbose=0, callbacks=[es])
{F}
"""
    text = new_text(answer, "# %%\n" + script)
    assert text.count("model.fit(") == 2 and "history_ft = model.fit(" in text
    assert (
        text.index("history = model.fit(") < text.index("history_ft") < text.index("print(history")
    )


def test_an_inline_change_of_a_method_name_after_a_dot_is_made() -> None:
    script = SCRIPT.replace("history = model.fit(", "history = model.fit_generator(")
    text = new_text(
        "In the line `history = model.fit_generator(`, replace `fit_generator` with `fit`.", script
    )
    assert "history = model.fit(X, y" in text and "fit_generator" not in text


UNITS_SCRIPT = """import numpy as np
import keras

config = {"units": [16, 8], "epochs": 1}
X = np.random.rand(64, 4).astype("float32")
y = np.random.rand(64).astype("float32")
model = keras.Sequential([keras.Input((4,))] + [keras.layers.Dense(u, activation="relu") for u in config["units"]] + [keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=config["epochs"], verbose=0)
model.save("reg.keras")
loss = model.evaluate(X, y, verbose=0)
print(loss)
"""


def test_a_list_setting_and_a_step_labelled_in_chinese_are_applied() -> None:
    answer = f"""**第一步**：在 `model.fit` 之前定义回调：

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

**第二步**：把 `callbacks=[stop]` 传给 `model.fit`。

- **Wider**: in `config`, change `"units"` from `[16, 8]` to `[32, 16, 8]`.
"""
    text = new_text(answer, UNITS_SCRIPT)
    assert 'config = {"units": [32, 16, 8], "epochs": 1}' in text
    assert 'model.fit(X, y, epochs=config["epochs"], verbose=0, callbacks=[stop])' in text
    assert text.index("stop = ") < text.index("model.fit(")


def test_a_call_given_in_french_prose_with_its_place_is_added() -> None:
    answer = f"""1. Avant `model.fit`, ajoute un arrêt précoce :

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

2. Passe-le à l'entraînement : ajoute `callbacks=[stop]` dans l'appel à `model.fit`.

3. Ensuite, recharge le modèle avec `model = keras.models.load_model("reg.keras")` juste avant le `model.evaluate`.
"""
    text = new_text(answer, UNITS_SCRIPT)
    assert text.count("stop = keras.callbacks.EarlyStopping(") == 1
    assert "callbacks=[stop]" in text
    save, load, evaluate = (
        text.index('model.save("reg.keras")'),
        text.index('model = keras.models.load_model("reg.keras")'),
        text.index("loss = model.evaluate("),
    )
    assert save < load < evaluate


def test_a_step_labelled_step_n_that_is_not_understood_refuses_the_answer() -> None:
    answer = f"""**Step 1**: add early stopping before `model.fit`:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

**Step 2**: then, double `units` for every hidden layer in `config`.
"""
    result = apply_answer(UNITS_SCRIPT, answer)
    assert not result.ok and result.new_text is None


def test_a_value_changed_from_one_quote_to_another_in_english_and_chinese() -> None:
    script = UNITS_SCRIPT.replace('optimizer="adam"', "optimizer=keras.optimizers.Adam(1e-3)")
    for step in (
        "2. Also lower the learning rate in `model.compile` from `1e-3` to `3e-4`.",
        "2. 另外建议把 `model.compile` 里的学习率从 `1e-3` 改成 `3e-4`。",
    ):
        answer = f"""1. Stop early before `model.fit`:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
model.fit(X, y, epochs=config["epochs"], verbose=0, callbacks=[stop])
{F}

{step}
"""
        text = new_text(answer, script)
        assert "keras.optimizers.Adam(3e-4)" in text and "1e-3" not in text, step
        assert "callbacks=[stop]" in text, step


def test_a_keyword_added_in_a_chinese_step_is_applied() -> None:
    answer = f"""1. 在 `model.fit` 之前加上回调：

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

2. 在 `model.fit(...)` 调用里加上 `callbacks=[stop]`。
"""
    text = new_text(answer, UNITS_SCRIPT)
    assert 'model.fit(X, y, epochs=config["epochs"], verbose=0, callbacks=[stop])' in text


def test_the_line_that_prints_a_quoted_value_is_deleted_when_the_prose_says_so() -> None:
    script = UNITS_SCRIPT + "print(model.count_params())\n"
    answer = f"""1. Stop early before `model.fit`:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
model.fit(X, y, epochs=config["epochs"], verbose=0, callbacks=[stop])
{F}

2. The last line that prints `model.count_params()` is not needed any more, so you can delete that line.
"""
    text = new_text(answer, script)
    assert "count_params" not in text and "print(loss)" in text
    assert "callbacks=[stop]" in text


def test_a_name_quoted_in_a_removal_never_takes_the_call_that_reads_it_away() -> None:
    answer = f"""1. Stop early before `model.fit`:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

2. Remove `verbose=0` from the fit call, so you can delete that line of output noise.
"""
    result = apply_answer(UNITS_SCRIPT, answer)
    assert result.new_text is None or "model.fit(" in result.new_text


def test_a_place_said_in_parentheses_with_an_elided_quote_is_read() -> None:
    answer = f"""1. **Fija la semilla.** Añádelo aquí (antes de la línea del `loss = model.evaluate(...)`):

{F}python
keras.utils.set_random_seed(1)
{F}
"""
    text = new_text(answer, UNITS_SCRIPT)
    assert (
        text.index("model.save(") < text.index("set_random_seed(1)") < text.index("model.evaluate(")
    )


def test_a_callback_passed_to_the_fit_call_said_without_quotes_is_defined_and_passed() -> None:
    answer = f"""I'd add early stopping so you don't have to guess the epochs:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

and pass it to the fit call with `callbacks=[stop]`.
"""
    text = new_text(answer, UNITS_SCRIPT)
    assert 'model.fit(X, y, epochs=config["epochs"], verbose=0, callbacks=[stop])' in text
    assert text.count("stop = keras.callbacks.EarlyStopping(") == 1
    assert text.index("stop = ") < text.index("model.fit(")


def test_a_line_said_whole_as_what_it_becomes_replaces_that_line() -> None:
    script = UNITS_SCRIPT.replace(
        "model.fit(",
        "stop = keras.callbacks.EarlyStopping(monitor='loss')\ncallbacks = [stop]\nmodel.fit(",
    ).replace("verbose=0)\nmodel.save", "verbose=0, callbacks=callbacks)\nmodel.save")
    answer = f"""**Step 1 – another callback.** Put it right after your `EarlyStopping` (`stop = ...`):

{F}python
plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=1)
{F}

**Step 2 – register it.** Add it to your callbacks list so it reads `callbacks = [stop, plateau]`.
"""
    text = new_text(answer, script)
    assert "callbacks = [stop, plateau]" in text and "callbacks = [stop]\n" not in text
    assert text.index("plateau = ") < text.index("callbacks = [stop, plateau]")
    assert "stop = keras.callbacks.EarlyStopping(monitor='loss')" in text  # a place, no edit


WINDOW_SCRIPT = """import numpy as np
import keras

WINDOW = 8
series = np.sin(np.arange(200) / 5).astype("float32")
X = np.stack([series[i : i + WINDOW] for i in range(len(series) - WINDOW)])[..., None]
y = series[WINDOW:]
model = keras.Sequential([keras.Input((WINDOW, 1)), keras.layers.LSTM(8), keras.layers.Dropout(0.2), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=1, verbose=0)
"""


def test_a_name_changed_to_a_number_is_a_setting_in_japanese_and_portuguese() -> None:
    answer = """1. 最初のセルで `WINDOW` を `12` に変更してください。
2. **Regularização:** aumente o `Dropout` de `0.2` para `0.3`.
"""
    text = new_text(answer, WINDOW_SCRIPT)
    assert "WINDOW = 12\n" in text and text.count("WINDOW") == WINDOW_SCRIPT.count("WINDOW")
    assert "keras.layers.Dropout(0.3)" in text


def test_a_chatty_config_entry_beside_code_that_reads_it_in_a_call() -> None:
    script = UNITS_SCRIPT.replace('"epochs": 1}', '"epochs": 1, "lr": 0.01}')
    answer = f"""First, add a `"patience": 2` entry to your `config` dict, so it's tunable.

Next, put this just before the `model.fit(...)` call:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss",
                                     patience=config["patience"])
{F}

Then pass `callbacks=[stop]` to `model.fit`, and bump `"epochs"` in the config to `3`.
"""
    text = new_text(answer, script)
    assert '"epochs": 3, "lr": 0.01, "patience": 2}' in text
    assert "callbacks=[stop]" in text


def test_a_new_value_placed_by_a_later_note_that_names_it() -> None:
    answer = f"""Add a small augmentation stack:

{F}python
jitter = keras.layers.GaussianNoise(0.1)
{F}

Then apply it in the model:

{F}python
model = keras.Sequential([keras.Input((4,)), jitter] + [keras.layers.Dense(u, activation="relu") for u in config["units"]] + [keras.layers.Dense(1)])
{F}

A few notes:
- Put the `jitter` definition with your settings, e.g. right after `config = ...`.
"""
    text = new_text(answer, UNITS_SCRIPT)
    assert text.index("config = ") < text.index("jitter = ") < text.index("X = np.random")


SEQ_ANSWER = """Two changes will help.

**First**, stop early when the loss stalls:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
history = model.fit(X, y, epochs=EPOCHS, verbose=0, callbacks=[es, stop])
{F}

{step}

That should reduce overfitting.
"""


def test_a_step_said_as_a_then_paragraph_with_an_unknown_verb_refuses_the_answer() -> None:
    for step in (
        "**Then**, to regularise the head, squeeze `keras.layers.Dropout(0.3),` into the "
        'model right below `keras.layers.Dense(8, activation="relu"),`.',
        "Danach quetschst du `keras.layers.Dropout(0.3),` direkt nach "
        '`keras.layers.Dense(8, activation="relu"),` in das Modell.',
        '次に、`keras.layers.Dense(8, activation="relu"),` のすぐ下に '
        "`keras.layers.Dropout(0.3),` をはさみましょう。",
    ):
        result = apply_answer(SCRIPT, SEQ_ANSWER.format(F=F, step=step))
        assert not result.ok and result.new_text is None, step
        assert "not understood" in (result.refusal or ""), step


def test_a_then_paragraph_that_explains_or_repeats_a_block_is_not_a_step() -> None:
    for step in (
        "Then, `stop` ends the run once `history.history` stops improving.",
        '**Next**, the new `keras.callbacks.EarlyStopping(monitor="loss", patience=1)` goes '
        "right after `model.compile(...)`, as above.",
        "Finally, you could also squeeze `keras.layers.Dropout(0.3),` in after "
        '`keras.layers.Dense(8, activation="relu"),` if it still overfits.',
    ):
        text = new_text(SEQ_ANSWER.format(F=F, step=step))
        assert "callbacks=[es, stop]" in text, step
        assert "Dropout" not in text, step


def test_a_then_paragraph_with_a_known_step_is_applied_with_the_blocks() -> None:
    text = new_text(
        SEQ_ANSWER.format(F=F, step="Next, bump `EPOCHS` up to 20 since `stop` cuts it short.")
    )
    assert "EPOCHS = 20" in text and "callbacks=[es, stop]" in text


def test_a_then_paragraph_in_japanese_puts_the_layer_right_after_the_quoted_one() -> None:
    step = (
        'まず `keras.layers.Dense(8, activation="relu"),` の直後に '
        "`keras.layers.Dropout(0.3),` を入れるといいです。"
    )
    text = new_text(SEQ_ANSWER.format(F=F, step=step))
    assert 'Dense(8, activation="relu"),\n    keras.layers.Dropout(0.3),\n' in text


def test_a_value_said_in_words_that_no_reader_places_refuses_the_answer() -> None:
    step = "Then raise the number of units in the first hidden layer to 32."
    result = apply_answer(SCRIPT, SEQ_ANSWER.format(F=F, step=step))
    assert not result.ok and result.new_text is None
    assert "units in the first hidden layer" in (result.refusal or "")
