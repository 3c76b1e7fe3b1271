"""Choosing among what an answer offers: one option of several (the one its closing words
pick, else the first), the closest of several look-alike lines, the script's own config
spelling, and code that would do nothing."""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import keras
from keras import layers


class Config:
    units = 64
    learning_rate = 1e-3
    epochs = 3


def build(n_classes):
    return keras.Sequential(
        [
            keras.Input(shape=(20,)),
            layers.Dense(Config.units, activation="relu"),
            layers.Dense(Config.units, activation="relu"),
            layers.Dense(n_classes, activation="softmax"),
        ]
    )


model = build(4)
model.compile(optimizer=keras.optimizers.Adam(Config.learning_rate), loss="sparse_categorical_crossentropy")
"""


def test_first_option_applies_whole_when_none_is_recommended() -> None:
    answer = (
        "## Option A\n\nA wider head:\n\n```python\n"
        '            layers.Dense(n_classes, activation="softmax", name="head"),\n```\n\n'
        "and compile with a smaller step:\n\n```python\n"
        "model.compile(optimizer=keras.optimizers.Adam(1e-4), "
        'loss="sparse_categorical_crossentropy")\n```\n\n'
        "## Option B\n\nOnly change the loss:\n\n```python\n"
        'model.compile(optimizer="sgd", loss="categorical_crossentropy")\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is not None, result.refusal
    assert 'name="head"' in result.new_text and "Adam(1e-4)" in result.new_text
    assert "sgd" not in result.new_text
    assert result.blocks[2].status == "skipped" and "option b" in result.blocks[2].detail


def test_a_tie_between_look_alike_lines_is_refused() -> None:
    answer = (
        "Give the hidden layers a regulariser:\n\n```python\n"
        '            layers.Dense(Config.units, activation="relu", kernel_regularizer="l2"),\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is None
    assert "ambiguous" in (result.refusal or "")


def test_config_read_respelled_only_for_a_closed_config() -> None:
    answer = "```python\nhistory = model.fit(x, y, epochs=Config.EPOCHS)\n```\n"
    script = SCRIPT + "x = y = None\nhistory = model.fit(x, y, epochs=1)\n"
    result = apply_answer(script, answer)
    assert result.new_text is not None, result.refusal
    assert "epochs=Config.epochs" in result.new_text
    assert any(n.answer == "Config.EPOCHS" for n in result.names)
    opened = script.replace("model = build(4)", 'setattr(Config, "EPOCHS", 5)\nmodel = build(4)')
    result = apply_answer(opened, answer)
    assert result.new_text is None or "Config.EPOCHS" in result.new_text


def test_alternative_continues_over_blocks_without_prose() -> None:
    answer = (
        "Lower the learning rate:\n\n```python\nmodel.compile(optimizer=keras.optimizers.Adam(1e-4), "
        'loss="sparse_categorical_crossentropy")\n```\n\n'
        "Alternatively, switch optimizer:\n\n```python\nopt = keras.optimizers.SGD(0.01)\n```\n"
        '```python\nmodel.compile(optimizer=opt, loss="sparse_categorical_crossentropy")\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is not None, result.refusal
    assert "Adam(1e-4)" in result.new_text and "SGD" not in result.new_text
    assert [b.status for b in result.blocks] == ["applied", "skipped", "skipped"]


def test_the_option_the_closing_words_pick_is_the_one_applied() -> None:
    answer = (
        "Two ways to go.\n\n**Option A**: a smaller step.\n\n```python\n"
        "model.compile(optimizer=keras.optimizers.Adam(1e-4), "
        'loss="sparse_categorical_crossentropy")\n```\n\n'
        "**Option B**: one more epoch.\n\n```python\nclass Config:\n    epochs = 4\n```\n\n"
        "I'd go with Option B: the step is already small.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is not None, result.refusal
    assert "    epochs = 4\n" in result.new_text
    assert "Adam(1e-4)" not in result.new_text
    answer = answer.replace("I'd go with Option B", "Option A is simpler, option B is better")
    result = apply_answer(SCRIPT, answer.replace("the step is already small", "both work"))
    assert (
        result.new_text is not None and "Adam(1e-4)" in result.new_text
    )  # no clear pick: the first


def test_named_options_announced_as_ways_keep_the_recommended_one() -> None:
    answer = (
        "There are two ways to slow the training down.\n\n### Quick fix\n\n"
        "Lower the rate in the config:\n\n```python\n    learning_rate = 1e-4\n```\n\n"
        "### Schedule (recommended)\n\nDecay the rate instead:\n\n```python\n"
        "schedule = keras.optimizers.schedules.ExponentialDecay(Config.learning_rate, 100, 0.9)\n"
        "model.compile(optimizer=keras.optimizers.Adam(schedule), "
        'loss="sparse_categorical_crossentropy")\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is not None, result.refusal
    assert "learning_rate = 1e-3" in result.new_text
    assert "optimizer=keras.optimizers.Adam(schedule)" in result.new_text
    assert result.blocks[0].status == "skipped"


def test_named_headings_without_a_choice_announced_are_steps() -> None:
    answer = (
        "Two changes help here.\n\n### Smaller rate\n\n```python\n    learning_rate = 1e-4\n```\n\n"
        "### Wider layers (recommended)\n\n```python\n    units = 128\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.new_text is not None, result.refusal
    assert "learning_rate = 1e-4" in result.new_text and "units = 128" in result.new_text
