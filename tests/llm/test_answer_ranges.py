"""Answers that say in prose which part of the script their block replaces, or where it
goes, in words the block's code does not carry: "replace `X` with `Y`:" above the new
line, "replace your whole `model = keras.Model(...)` statement", "everything from `A`
down to the last `B`", "right after the imports" and "at the end of the script" in the
languages answers come in.

Each answer here was written for its test against a fixture; what is checked is the
patched script a user gets.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.llm import apply_answer

ROOT = Path(__file__).resolve().parents[2]
FLOWERS = (ROOT / "fixtures" / "06-adam-lr-keyword" / "train.py").read_text()


def applied(script: str, answer: str) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_renamed_callee_stated_in_prose_replaces_the_line_that_has_the_old_one() -> None:
    answer = (
        "L'argument `lr` n'existe plus. Remplace `Adam(lr=` par `Adam(learning_rate=` :\n\n"
        "```python\n    optimizer=Adam(learning_rate=CFG.lr),\n```\n"
    )
    new = applied(FLOWERS, answer)
    assert "    optimizer=Adam(learning_rate=CFG.lr),\n" in new
    assert "lr=CFG.lr)" not in new.replace("learning_rate=CFG.lr", "")
    assert new.count("optimizer=") == 1  # replaced, not inserted next to it


def test_a_statement_quoted_with_an_elision_is_replaced_whole() -> None:
    answer = (
        "For more capacity, replace the entire `outputs = layers.Dense(...)` line with a "
        'small head:\n\n```python\nx = layers.Dense(64, activation="relu")(x)\n'
        'outputs = layers.Dense(CFG.num_classes, activation="softmax")(x)\n```\n'
    )
    new = applied(FLOWERS, answer)
    assert '    x = layers.Dense(64, activation="relu")(x)\n    outputs = layers.Dense(' in new
    assert new.count("outputs = layers.Dense(") == 1
    assert '    return keras.Model(inputs, outputs, name="flowers_cnn")' in new


def test_a_run_of_statements_named_by_its_first_and_last_is_replaced() -> None:
    answer = (
        "Train three seeds and keep the best. Swap everything from `model = build_model()` "
        "all the way to the last `print` for:\n\n```python\nbest = None\n"
        "for seed in (1, 2, 3):\n    keras.utils.set_random_seed(seed)\n"
        "    model = build_model()\n    model.compile(optimizer=Adam(learning_rate=CFG.lr),\n"
        '                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])\n'
        "    h = model.fit(images, labels, batch_size=CFG.batch_size, epochs=CFG.epochs,\n"
        "                  validation_split=0.25)\n"
        '    score = h.history["val_accuracy"][-1]\n'
        "    best = score if best is None else max(best, score)\n"
        'print("best of three:", best)\n```\n'
    )
    new = applied(FLOWERS, answer)
    assert "history = model.fit(" not in new and 'print("history:"' not in new
    assert new.count("model = build_model()") == 1
    assert new.rstrip().endswith('print("best of three:", best)')
    assert "labels = rng.integers(" in new  # the data above the run stays


def test_a_run_whose_end_is_ambiguous_is_not_guessed() -> None:
    script = FLOWERS + 'print("done")\n'
    answer = (
        "Replace from `model = build_model()` to `print` with:\n\n"
        "```python\nmodel = build_model()\nmodel.summary()\n```\n"
    )
    result = apply_answer(script, answer)
    # two prints after the start and no "last": the run is not taken (both prints stay,
    # whether the block is then placed by itself or refused)
    out = result.new_text if result.ok and result.new_text is not None else script
    assert 'print("done")' in out and 'print("history:"' in out


def test_placement_words_in_portuguese_russian_and_korean() -> None:
    pt = (
        "Logo depois dos imports, ative a precisão mista:\n\n"
        '```python\nkeras.mixed_precision.set_global_policy("mixed_float16")\n```\n'
    )
    new = applied(FLOWERS, pt)
    lines = new.splitlines()
    at = lines.index('keras.mixed_precision.set_global_policy("mixed_float16")')
    assert lines[at - 1] == "from keras.optimizers import Adam"
    ru = 'Добавьте в конец скрипта:\n\n```python\nmodel.save("flowers.keras")\n```\n'
    assert applied(FLOWERS, ru).rstrip().endswith('model.save("flowers.keras")')
    ko = '스크립트 맨 끝에 추가하세요:\n\n```python\nmodel.save("flowers.keras")\n```\n'
    assert applied(FLOWERS, ko).rstrip().endswith('model.save("flowers.keras")')


def test_everything_from_the_model_definition_down_is_replaced() -> None:
    answer = (
        "Train a small ensemble. Replace everything from the model definition down with "
        "this (the data above stays):\n\n```python\n# ... data loading unchanged ...\n\n"
        "members = []\nfor seed in (1, 2):\n    keras.utils.set_random_seed(seed)\n"
        "    member = build_model()\n    member.compile(optimizer=Adam(learning_rate=CFG.lr),\n"
        '                   loss="sparse_categorical_crossentropy")\n'
        "    member.fit(images, labels, epochs=CFG.epochs, batch_size=CFG.batch_size)\n"
        "    members.append(member)\n```\n"
    )
    result = apply_answer(FLOWERS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "model = build_model()" not in new and "history = model.fit(" not in new
    assert new.rstrip().endswith("members.append(member)")
    assert "labels = rng.integers(" in new and "def build_model():" in new
    assert any("from the model's definition to the end" in e.summary for e in result.edits)
