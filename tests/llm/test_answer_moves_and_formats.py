"""Answers that move code, pick an option by its place, or come unfenced.

- ``def main():`` holding the script's top-level code, then ``if __name__ == "__main__":
  main()``: the code moves into the function (a class defined among it stays at module
  level, above), nothing runs twice;
- two snippets and "Use the second one": the second is applied, the first is not;
- "pass it to Adam: `keras.optimizers.Adam(learning_rate=schedule)`" rewrites the script's
  one ``Adam(...)`` call;
- "Run this in a new cell after the datasets are created" with a loop that prints is
  still inspection: nothing is written;
- a value said only in Polish ("zmień `BATCH` z 32 na 16") or Hebrew ("תוריד את `"lr"`
  ב-`CFG` ל-`5e-4`") is set where the script writes it;
- a ```` ```text ```` fence holding Python is Python; a whole script pasted with no fence
  between two lines of prose is applied as a re-paste;
- "rename `X` to `features` everywhere" (Italian "rinomina ... in ... ovunque") renames the
  script's name first, so blocks written with the new names anchor;
- advice in the prose about code the script lacks ("same story for `evaluate_generator`") is
  skipped, a block the author takes back right below it ("- actually, ...") is not applied,
  and a German place named by its noun ("vor der Vorhersage") places a block that matches
  several statements; "(nach `y`)" in parentheses is no place;
- a move said only in prose ("move `X` before the `fit` call", "`X` vor den `fit`-Aufruf
  ziehen", "把 `X` 移到 `Y` 之前") moves the script's statement, beside the answer's blocks; a
  move to a place the script does not have is refused, one of a line the script lacks is
  skipped.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

SCRIPT = """import numpy as np
import keras

CFG = {"lr": 2e-3, "units": 8}
BATCH = 32


class Printer(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        print(epoch, logs)


X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=CFG["lr"]), loss="binary_crossentropy")
model.fit(X, y, batch_size=BATCH, epochs=1, callbacks=[Printer()])
print("done")
"""


def new_text(answer: str, script: str = SCRIPT) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_the_scripts_code_moved_into_main_leaves_the_top_level() -> None:
    answer = f"""Put the training in a `main()` and guard it:

{F}python
def main():
    X = np.random.rand(64, 4).astype("float32")
    y = np.random.randint(0, 2, 64)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=CFG["lr"]), loss="binary_crossentropy")
    model.fit(X, y, batch_size=BATCH, epochs=1, callbacks=[Printer()])
    print("done")


if __name__ == "__main__":
    main()
{F}
"""
    text = new_text(answer)
    assert text.count("model.fit(") == 1 and text.count('print("done")') == 1
    assert "\n    model.fit(" in text  # inside the function
    assert text.index("class Printer") < text.index("def main():") < text.index("__main__")
    assert text.rstrip().endswith("main()")


def test_use_the_second_one_applies_the_second_snippet() -> None:
    answer = f"""Two ways to regularise:

**Option 1** - a dropout layer:

{F}python
model = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.2), keras.layers.Dense(1, activation="sigmoid")])
{F}

**Option 2** - a smaller learning rate:

{F}python
CFG = {{"lr": 5e-4, "units": 8}}
{F}

Use the second one: the model is too small for dropout to help.
"""
    text = new_text(answer)
    assert '"lr": 5e-4' in text
    assert "Dropout" not in text


def test_pass_it_to_the_optimizer_rewrites_the_scripts_call() -> None:
    answer = f"""Add a schedule right before `model.compile`:

{F}python
schedule = keras.optimizers.schedules.ExponentialDecay(CFG["lr"], 100, 0.9)
{F}

and pass it to Adam: `keras.optimizers.Adam(learning_rate=schedule)`.
"""
    text = new_text(answer)
    assert "optimizer=keras.optimizers.Adam(learning_rate=schedule)" in text
    assert text.index("schedule = ") < text.index("model.compile(")


def test_run_this_in_a_new_cell_after_a_place_is_still_inspection() -> None:
    answer = f"""Run this in a new cell after the data is created:

{F}python
for a, b in zip(X[:2], y[:2]):
    print(a, b)
{F}

and tell me what it prints.
"""
    result = apply_answer(SCRIPT, answer)
    assert not result.ok and result.new_text is None


def test_a_value_said_in_polish_or_hebrew_is_set() -> None:
    text = new_text("Zmniejsz batch: zmień `BATCH` z 32 na 16. Reszta bez zmian.")
    assert "BATCH = 16\n" in text
    text = new_text('תוריד את `"lr"` ב-`CFG` ל-`5e-4` ותשאיר את השאר.')
    assert 'CFG = {"lr": 5e-4, "units": 8}' in text


def test_python_in_a_text_fence_is_python() -> None:
    answer = f"""Stop early:

{F}text
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=2)
model.fit(X, y, batch_size=BATCH, epochs=1, callbacks=[Printer(), stop])
{F}
"""
    text = new_text(answer)
    assert "callbacks=[Printer(), stop]" in text and text.count("model.fit(") == 1


def test_a_whole_script_pasted_with_no_fence_is_a_re_paste() -> None:
    answer = (
        "Here is the full script with the batch size halved:\n\n"
        + SCRIPT.replace("BATCH = 32", "BATCH = 16")
        + "\nThat's the only change.\n"
    )
    text = new_text(answer)
    assert "BATCH = 16\n" in text and "BATCH = 32" not in text
    assert text.count("model.fit(") == 1


def test_names_the_prose_renames_everywhere_are_renamed_and_the_blocks_anchor() -> None:
    answer = f"""Rename `X` to `features` and `y` to `labels` everywhere, and train longer:

{F}python
model.fit(features, labels, batch_size=BATCH, epochs=3, callbacks=[Printer()])
{F}
"""
    text = new_text(answer)
    assert 'features = np.random.rand(64, 4).astype("float32")' in text
    assert "labels = np.random.randint(0, 2, 64)" in text
    assert "model.fit(features, labels, batch_size=BATCH, epochs=3" in text
    assert text.count("model.fit(") == 1
    assert "X =" not in text and "(X," not in text


def test_a_rename_alone_in_prose_is_applied() -> None:
    text = new_text("Rinomina `BATCH` in `batch_size` ovunque.")
    assert "batch_size = 32" in text and "batch_size=batch_size" in text
    assert "BATCH" not in text


def test_a_rename_only_suggested_is_not_made() -> None:
    answer = f"""You could rename `X` to `features` for clarity. Train longer:

{F}python
model.fit(X, y, batch_size=BATCH, epochs=3, callbacks=[Printer()])
{F}
"""
    text = new_text(answer)
    assert "features" not in text and "epochs=3" in text


def test_advice_about_code_the_script_lacks_does_not_sink_the_answer() -> None:
    answer = f"""Use `fit` with a larger batch:

{F}python
model.fit(X, y, batch_size=64, epochs=1, callbacks=[Printer()])
{F}

Same story for `evaluate_generator` -> `evaluate` if you use it elsewhere.
"""
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "batch_size=64" in result.new_text
    assert any("does not have" in b.detail for b in result.blocks)


def test_a_block_the_author_takes_back_right_below_is_not_applied() -> None:
    answer = f"""{F}python
model.add(keras.layers.Dropout(0.2))
{F}
Add this before the head - actually, since it is a list, give the list a dropout instead:

{F}python
model = keras.Sequential([keras.Input((4,)), keras.layers.Dropout(0.2), keras.layers.Dense(1, activation="sigmoid")])
{F}
"""
    text = new_text(answer)
    assert "model.add(" not in text
    assert "keras.layers.Dropout(0.2), keras.layers.Dense(1" in text


def test_a_place_named_by_a_german_noun_and_a_parenthesis_that_is_no_place() -> None:
    answer = f"""Speichere das beste Modell (nach `y`) und lade es wieder.

{F}python
ckpt = keras.callbacks.ModelCheckpoint("best.keras")
model.fit(X, y, batch_size=BATCH, epochs=1, callbacks=[Printer(), ckpt])
{F}

Und vor der Vorhersage das beste Modell laden:

{F}python
model = keras.models.load_model("best.keras")
{F}
"""
    # ``model = ...`` twice (in a factory and at the top level): the key alone cannot place it
    script = (
        SCRIPT.replace(
            "model = keras.Sequential(",
            "def make():\n    model = keras.Sequential(",
        )
        .replace(
            '    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])\n',
            '    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])\n'
            "    return model\n\n\nmodel = make()\n",
        )
        .replace('print("done")', 'print("Ausgabe", model.predict(X[:2], verbose=0))')
    )
    text = new_text(answer, script)
    order = [
        text.index(s)
        for s in ("ckpt = ", "callbacks=[Printer(), ckpt]", "load_model(", 'print("Ausgabe"')
    ]
    assert order == sorted(order)


SAVES = """import os

import numpy as np
import keras

X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
model.fit(X, y, epochs=1, verbose=0)
os.makedirs("out", exist_ok=True)
model.save("out/model.keras")
"""


def test_a_move_said_in_prose_moves_the_scripts_line_beside_the_blocks() -> None:
    for answer in (
        f"""The checkpoint needs the folder before training, so move
`os.makedirs("out", exist_ok=True)` before the `model.fit` call, and add:

{F}python
ckpt = keras.callbacks.ModelCheckpoint("out/best.keras", save_best_only=False)
{F}
""",
        f"""Der Ordner muss vorher existieren, also `os.makedirs("out", exist_ok=True)` vor
den `fit`-Aufruf ziehen. Dazu:

{F}python
ckpt = keras.callbacks.ModelCheckpoint("out/best.keras", save_best_only=False)
{F}
""",
        f"""把 `os.makedirs("out", exist_ok=True)` 移到 `model.fit(...)` 之前，然后加上：

{F}python
ckpt = keras.callbacks.ModelCheckpoint("out/best.keras", save_best_only=False)
{F}
""",
    ):
        text = new_text(answer, SAVES)
        assert text.count("os.makedirs(") == 1 and text.count("ModelCheckpoint(") == 1, answer
        assert text.index("os.makedirs(") < text.index("model.fit("), answer
        assert text.index("model.fit(") < text.index("model.save("), answer


def test_a_move_to_a_place_the_script_lacks_is_refused_and_one_of_an_absent_line_skipped() -> None:
    result = apply_answer(
        SAVES, 'Move `os.makedirs("out", exist_ok=True)` before the `tuner.search` call.'
    )
    assert not result.ok and result.new_text is None
    assert "place" in (result.refusal or "")
    answer = f"""Move `os.makedirs("ckpt", exist_ok=True)` above the fit, and use fewer epochs:

{F}python
model.fit(X, y, epochs=1, batch_size=16, verbose=0)
{F}
"""
    text = new_text(answer, SAVES)
    assert "batch_size=16" in text and 'os.makedirs("ckpt"' not in text
    assert text.count("os.makedirs(") == 1
