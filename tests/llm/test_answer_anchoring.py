"""Anchoring and placement behaviours of answers in more styles:

- a block whose repeated line (``x = layers.MaxPooling2D()(x)``) comes right after a line
  the script has once is placed by that unique line, not refused as ambiguous;
- "Put this before the training call:" introduces code to add, not the "before" code;
- several list items shown without their list ("add these to your `hooks` list") go to
  that list, also when the script writes it on one line;
- "before `to_categorical`" where the script calls ``keras.utils.to_categorical`` twice in
  a row means before the first of the two;
- ``model = make_net()`` written where the script built ``model`` step by step, with those
  steps moved into the new ``make_net``: the steps leave the top level;
- placement words in Polish ("tuż przed", "zaraz po");
- a loop re-pasted up to the line a new step goes above (no elision marker) keeps the
  loop's later lines; a loop shown with one of its own lines left out loses it, and a line
  shown moved out of the loop is not kept in it too; a function shown down to the
  statement it changes keeps its compile and return.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

CNN = """import numpy as np
import keras
from keras import layers


def net(n_out):
    inp = keras.Input((28, 28, 1))
    x = layers.Conv2D(8, 3, padding="same", activation="relu")(inp)
    x = layers.MaxPooling2D()(x)
    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)
    x = layers.MaxPooling2D()(x)
    x = layers.Flatten()(x)
    return keras.Model(inp, layers.Dense(n_out, activation="softmax")(x))


digits = np.random.rand(80, 28, 28, 1).astype("float32")
classes = np.random.randint(0, 10, 80)
hooks = [keras.callbacks.TerminateOnNaN()]
clf = net(10)
clf.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
clf.fit(digits, classes, epochs=2, callbacks=hooks)
"""


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_repeated_line_is_placed_by_the_unique_line_above_it() -> None:
    answer = (
        "Normalise after the second convolution:\n\n```python\n"
        '    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)\n'
        "    x = layers.BatchNormalization()(x)\n"
        "    x = layers.MaxPooling2D()(x)\n```\n"
    )
    new = applied(CNN, answer)
    assert (
        '    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)\n'
        "    x = layers.BatchNormalization()(x)\n"
        "    x = layers.MaxPooling2D()(x)\n"
        "    x = layers.Flatten()(x)\n"
    ) in new
    assert new.count("MaxPooling2D") == 2


def test_code_put_before_the_training_call_is_code_to_add() -> None:
    answer = (
        "Put this before the training call:\n\n```python\n"
        "stop = keras.callbacks.EarlyStopping(monitor='loss', patience=2)\n```\n\n"
        "and give it to `fit`:\n\n```python\n"
        "clf.fit(digits, classes, epochs=2, callbacks=[*hooks, stop])\n```\n"
    )
    new = applied(CNN, answer)
    assert "stop = keras.callbacks.EarlyStopping(monitor='loss', patience=2)\n" in new
    assert new.index("stop = keras") < new.index("clf.fit(")
    assert "clf.fit(digits, classes, epochs=2, callbacks=[*hooks, stop])" in new


def test_several_items_go_to_the_named_list_written_on_one_line() -> None:
    answer = (
        "Add these to your `hooks` list:\n\n```python\n"
        '    keras.callbacks.CSVLogger("train_log.csv",\n'
        "                              append=True),\n"
        '    keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=1),\n```\n'
    )
    new = applied(CNN, answer)
    assert (
        "hooks = [\n"
        "    keras.callbacks.TerminateOnNaN(),\n"
        '    keras.callbacks.CSVLogger("train_log.csv",\n'
        "                              append=True),\n"
        '    keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=1),\n'
        "]\n"
    ) in new


LABELS = """import numpy as np
import keras

grades = np.random.randint(1, 6, 120)
grades_test = np.random.randint(1, 6, 40)
feats = np.random.rand(120, 6)
grades = keras.utils.to_categorical(grades, 5)
grades_test = keras.utils.to_categorical(grades_test, 5)
m = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="softmax")])
m.compile(loss="categorical_crossentropy")
m.fit(feats, grades, epochs=1)
"""


def test_before_two_consecutive_calls_means_before_the_first() -> None:
    answer = (
        "Las notas van de 1 a 5; añade esto justo antes de `to_categorical`:\n\n```python\n"
        "grades = grades - 1\ngrades_test = grades_test - 1\n```\n"
    )
    new = applied(LABELS, answer)
    assert (
        "grades = grades - 1\ngrades_test = grades_test - 1\n"
        "grades = keras.utils.to_categorical(grades, 5)\n"
        "grades_test = keras.utils.to_categorical(grades_test, 5)\n"
    ) in new


FLAT = """import numpy as np
from keras.models import Sequential
from keras.layers import Dense

X = np.random.rand(100, 4)
y = X.sum(axis=1)
model = Sequential()
model.add(Dense(16, activation="relu", input_dim=4))
model.add(Dense(1))
model.compile(optimizer="adam", loss="mse")
model.fit(X, y, epochs=2, verbose=0)
print(model.predict(X[:3]))
"""


def test_steps_moved_into_the_new_builder_leave_the_top_level() -> None:
    answer = (
        "Krok 1. Zamień budowę modelu na funkcję:\n\n```python\n"
        "def make_net():\n"
        "    model = Sequential()\n"
        '    model.add(Dense(16, activation="relu", input_dim=4))\n'
        "    model.add(Dense(1))\n"
        '    model.compile(optimizer="adam", loss="mse")\n'
        "    return model\n\n\n"
        "model = make_net()\n```\n\n"
        "Krok 2. Dodaj tuż przed `model.predict` krótki test powtarzalności:\n\n```python\n"
        "second = make_net()\n"
        "second.fit(X, y, epochs=2, verbose=0)\n```\n"
    )
    new = applied(FLAT, answer)
    assert new.count("model.add(Dense(16") == 1  # only inside make_net
    assert new.count("model.compile(") == 1
    top = new[new.index("model = make_net()") :]
    assert "model.add(" not in top
    assert top.index("second = make_net()") < top.index("print(model.predict")


def test_an_explanation_that_says_wrong_then_so_set_introduces_the_fix() -> None:
    answer = (
        "The crash comes from a wrong label count: the grades run 1..5 but the encoding is "
        "told 5 classes and the largest is 5, so set the count one higher:\n\n```python\n"
        "grades = keras.utils.to_categorical(grades, 6)\n"
        "grades_test = keras.utils.to_categorical(grades_test, 6)\n```\n"
    )
    result = apply_answer(LABELS, answer)
    assert result.new_text is not None, result.refusal
    assert "grades = keras.utils.to_categorical(grades, 6)\n" in result.new_text
    assert result.blocks[0].status == "applied"


def test_lines_to_add_said_only_in_prose_go_where_the_prose_puts_them() -> None:
    answer = (
        "Two small changes. Add `x = layers.Dropout(0.25)(x)` right after "
        "`x = layers.Flatten()(x)`, and añade `hooks.append(keras.callbacks.TerminateOnNaN())` "
        "antes de `clf = net(10)`."
    )
    result = apply_answer(CNN, answer)
    assert result.new_text is not None, result.refusal
    new = result.new_text
    assert "    x = layers.Flatten()(x)\n    x = layers.Dropout(0.25)(x)\n    return" in new
    assert "hooks.append(keras.callbacks.TerminateOnNaN())\nclf = net(10)\n" in new
    assert [b.status for b in result.blocks] == ["applied", "applied"]


def test_lines_to_add_after_a_quoted_anchor_in_chinese_japanese_and_korean() -> None:
    line = "x = layers.Dropout(0.25)(x)"
    expected = f"    x = layers.Flatten()(x)\n    {line}\n    return"
    for answer in (
        f"在 `x = layers.Flatten()(x)` 之后加上 `{line}` 就可以了。",
        f"`x = layers.Flatten()(x)` の後に `{line}` を追加してください。",
        f"`x = layers.Flatten()(x)` 다음에 `{line}`를 추가하세요.",
    ):
        result = apply_answer(CNN, answer)
        assert result.new_text is not None, result.refusal
        assert expected in result.new_text
        assert result.new_text.count("Dropout") == 1


HEADLESS = """import numpy as np
from keras.models import Sequential
from keras.layers import Input, Conv2D, Flatten, Dense, Reshape

x = np.random.rand(20, 12, 12, 1)
y = np.random.rand(20, 2, 3)
model = Sequential()
model.add(Input(shape=(12, 12, 1)))
model.add(Conv2D(4, 3))
model.add(Reshape((2, 3)))
model.compile(loss="mse")
model.fit(x, y, epochs=1)
print("done:", model.count_params())
print("shape:", model.output_shape)
"""


def test_lines_inserted_before_a_quoted_add_keep_that_add() -> None:
    answer = (
        "Insert these two lines right before `model.add(Reshape((2, 3)))`:\n\n```python\n"
        "model.add(Flatten())\nmodel.add(Dense(2 * 3))\n```\n"
    )
    new = applied(HEADLESS, answer)
    assert "model.add(Flatten())\nmodel.add(Dense(2 * 3))\nmodel.add(Reshape((2, 3)))\n" in new


def test_a_hindi_place_after_an_elided_quoted_call_among_several_prints() -> None:
    answer = (
        '`print("done:", ...)` वाली लाइन के बाद यह कोड जोड़ें:\n\n```python\n'
        "model.save('net.keras')\n```\n"
    )
    new = applied(HEADLESS, answer)
    assert "model.count_params())\nmodel.save('net.keras')\nprint(\"shape:\"" in new


def test_a_change_that_quotes_only_the_new_call_replaces_the_scripts_call() -> None:
    answer = (
        "The data has one channel less than declared? No: the images are 12x12x1, so "
        "change the input layer to `Input(shape=(12, 12, 1), name='img'),` and keep the rest."
    )
    new = applied(HEADLESS, answer)
    assert "model.add(Input(shape=(12, 12, 1), name='img'))\n" in new
    assert new.count("Input(") == 1


def test_option_headings_in_more_languages_keep_only_the_first_option() -> None:
    for first, second in (
        ("**विकल्प 1 (अनुशंसित):**", "**विकल्प 2:**"),
        ("**Вариант 1 (рекомендуется):**", "**Вариант 2:**"),
        ("### گزینه 1", "### گزینه 2"),
        ("**Optie 1 (aanbevolen)**", "**Optie 2**"),
        ("**Phương án 1:**", "**Phương án 2:**"),
    ):
        answer = (
            f"{first}\n\n```python\nhooks = [keras.callbacks.TerminateOnNaN(), "
            "keras.callbacks.History()]\n```\n\n"
            f"{second}\n\n```python\nhooks = []\n```\n"
        )
        result = apply_answer(CNN, answer)
        assert result.new_text is not None, (first, result.refusal)
        assert "keras.callbacks.History()]" in result.new_text
        assert "hooks = []" not in result.new_text
        assert result.blocks[1].status == "skipped"


def test_a_keyword_argument_said_in_prose_is_given_to_the_one_such_call() -> None:
    es = 'callbacks=[keras.callbacks.EarlyStopping(monitor="loss", patience=1)]'
    for answer in (
        f"Add `{es}` to `clf.fit(...)`.",
        f"Nella chiamata a `clf.fit` aggiungi l'argomento `{es}`.",
    ):
        # the script's call gives callbacks= already: not a second one
        result = apply_answer(CNN, answer)
        assert result.new_text is None
        assert "already gives `callbacks=`" in result.blocks[0].detail
        fresh = CNN.replace(", callbacks=hooks)", ")")
        result = apply_answer(fresh, answer)
        assert result.new_text is not None, result.refusal
        assert f"clf.fit(digits, classes, epochs=2, {es})\n" in result.new_text


def test_an_indonesian_line_to_add_with_words_between_it_and_its_place() -> None:
    answer = (
        "Tambahkan baris `clf.save('digits.keras')` di akhir skrip, setelah "
        "`clf.fit(digits, classes, epochs=2, callbacks=hooks)`."
    )
    new = applied(CNN, answer)
    assert new.endswith("callbacks=hooks)\nclf.save('digits.keras')\n")


def test_a_diff_that_adds_the_same_line_twice_in_two_places_is_applied() -> None:
    answer = (
        "```diff\n@@ def net(n_out):\n"
        '     x = layers.Conv2D(8, 3, padding="same", activation="relu")(inp)\n'
        "+    x = layers.Dropout(0.1)(x)\n"
        "     x = layers.MaxPooling2D()(x)\n"
        '     x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)\n'
        "+    x = layers.Dropout(0.1)(x)\n"
        "     x = layers.MaxPooling2D()(x)\n```\n"
    )
    new = applied(CNN, answer)
    assert new.count("x = layers.Dropout(0.1)(x)") == 2


SEARCH_LOOP = """import numpy as np
import keras

xs = np.random.rand(64, 4).astype("float32")
ys = np.random.rand(64).astype("float32")
scores = {}
for width in [8, 16]:
    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width), keras.layers.Dense(1)])
    net.compile(optimizer="adam", loss="mse")
    log = net.fit(xs, ys, epochs=1, verbose=0)
    scores[width] = log.history["loss"][-1]
    print(width, scores[width])
"""


def test_a_loop_shown_up_to_where_a_step_goes_keeps_its_later_lines() -> None:
    answer = (
        "Reset the Keras state at the start of every trial:\n\n```python\n"
        "for width in [8, 16]:\n"
        "    keras.utils.clear_session()\n"
        "    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width), "
        "keras.layers.Dense(1)])\n```\n"
    )
    new = applied(SEARCH_LOOP, answer)
    assert "for width in [8, 16]:\n    keras.utils.clear_session()\n    net = keras" in new
    assert "    log = net.fit(xs, ys, epochs=1, verbose=0)\n" in new
    assert "    print(width, scores[width])\n" in new
    assert new.count("net.fit(") == 1


def test_a_loop_shown_without_one_of_its_lines_loses_it() -> None:
    answer = (
        "Drop the print inside the loop:\n\n```python\n"
        "for width in [8, 16]:\n"
        "    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width), "
        "keras.layers.Dense(1)])\n"
        '    net.compile(optimizer="adam", loss="mse")\n'
        "    log = net.fit(xs, ys, epochs=1, verbose=0)\n"
        '    scores[width] = log.history["loss"][-1]\n```\n'
    )
    new = applied(SEARCH_LOOP, answer)
    assert "print(width" not in new
    assert "    log = net.fit(xs, ys, epochs=1, verbose=0)\n" in new


def test_a_line_shown_moved_out_of_the_loop_is_not_kept_in_it() -> None:
    answer = (
        "Print once, after the search, and reset the state per trial:\n\n```python\n"
        "for width in [8, 16]:\n"
        "    keras.utils.clear_session()\n"
        "    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(width), "
        "keras.layers.Dense(1)])\n"
        '    net.compile(optimizer="adam", loss="mse")\n'
        "    log = net.fit(xs, ys, epochs=1, verbose=0)\n"
        '    scores[width] = log.history["loss"][-1]\n'
        "print(scores)\n```\n"
    )
    new = applied(SEARCH_LOOP, answer)
    assert "print(width, scores[width])" not in new
    assert new.count("clear_session()") == 1


def test_a_function_shown_down_to_the_line_it_changes_keeps_the_rest() -> None:
    answer = (
        "Add dropout between the convolutions and the head:\n\n```python\n"
        "def net(n_out):\n"
        "    inp = keras.Input((28, 28, 1))\n"
        '    x = layers.Conv2D(8, 3, padding="same", activation="relu")(inp)\n'
        "    x = layers.MaxPooling2D()(x)\n"
        '    x = layers.Conv2D(16, 3, padding="same", activation="relu")(x)\n'
        "    x = layers.MaxPooling2D()(x)\n"
        "    x = layers.Dropout(0.25)(x)\n```\n"
    )
    new = applied(CNN, answer)
    assert (
        "    x = layers.MaxPooling2D()(x)\n    x = layers.Dropout(0.25)(x)\n    x = layers.Flatten()(x)\n"
        in new
    )
    assert '    return keras.Model(inp, layers.Dense(n_out, activation="softmax")(x))\n' in new
