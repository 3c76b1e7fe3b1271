"""Settings an answer names in words, not quoted: "Then, lower the learning rate to 1e-4".

The words are matched to the script's own names (``LEARNING_RATE``, ``CFG.lr``, ``--lr``)
and the one literal written under that name is set; a name written in two places, or in
none, refuses the answer rather than leaving its other steps half done; a condition ("if
it still overfits, ...") is advice, and a value the answer's code already writes is not
set twice.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"

CONSTANTS = """import numpy as np
import keras

LEARNING_RATE = 1e-3
EPOCHS = 3
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(LEARNING_RATE), loss="binary_crossentropy")
model.fit(X, y, epochs=EPOCHS, verbose=0)
"""

CONFIG_CLASS = (
    CONSTANTS.replace(
        "LEARNING_RATE = 1e-3\nEPOCHS = 3\n",
        "class CFG:\n    lr = 1e-3\n    num_epochs = 3\n\n\n",
    )
    .replace("Adam(LEARNING_RATE)", "Adam(CFG.lr)")
    .replace("epochs=EPOCHS", "epochs=CFG.num_epochs")
)

ARGPARSE = (
    CONSTANTS.replace(
        "LEARNING_RATE = 1e-3\nEPOCHS = 3\n",
        "import argparse\n\np = argparse.ArgumentParser()\n"
        'p.add_argument("--lr", type=float, default=1e-3)\n'
        'p.add_argument("--epochs", type=int, default=3)\nargs = p.parse_args([])\n',
    )
    .replace("Adam(LEARNING_RATE)", "Adam(args.lr)")
    .replace("epochs=EPOCHS", "epochs=args.epochs")
)

STEPS = f"""Two things:

1. Stop early when the loss stalls:

{F}python
stop = keras.callbacks.EarlyStopping(monitor="loss", patience=1)
{F}

and pass `callbacks=[stop]` to `model.fit`.

2. {{step}}
"""


def test_a_learning_rate_said_in_words_is_set_where_each_script_writes_it() -> None:
    for script, written in (
        (CONSTANTS, "LEARNING_RATE = 3e-4"),
        (CONFIG_CLASS, "lr = 3e-4"),
        (ARGPARSE, 'p.add_argument("--lr", type=float, default=3e-4)'),
    ):
        for step in (
            "Then lower the learning rate to 3e-4.",
            "Setze danach die Lernrate auf 3e-4.",
        ):
            result = apply_answer(script, STEPS.format(step=step))
            assert result.ok and result.new_text is not None, (step, result.refusal)
            assert written in result.new_text, step
            assert "callbacks=[stop]" in result.new_text, step
            assert "1e-3" not in result.new_text, step


def test_the_number_of_epochs_in_words_finds_num_epochs_and_an_argparse_default() -> None:
    for script, written in (
        (CONFIG_CLASS, "num_epochs = 10"),
        (ARGPARSE, 'p.add_argument("--epochs", type=int, default=10)'),
    ):
        result = apply_answer(script, STEPS.format(step="Increase the number of epochs to 10."))
        assert result.ok and result.new_text is not None, result.refusal
        assert written in result.new_text


def test_a_setting_in_words_the_script_writes_twice_or_not_at_all_refuses_the_answer() -> None:
    twice = CONSTANTS.replace("EPOCHS = 3\n", "EPOCHS = 3\nepochs = 3\n")
    for script, step in (
        (twice, "Raise the epochs to 10."),
        (CONSTANTS, "Set the warmup steps to 100."),
    ):
        result = apply_answer(script, STEPS.format(step=step))
        assert not result.ok and result.new_text is None, step
        assert result.refusal, step


def test_a_setting_in_words_under_a_condition_is_advice() -> None:
    step = "If it still overfits after that, lower the learning rate to 1e-4."
    result = apply_answer(CONSTANTS, STEPS.format(step=step))
    assert result.ok and result.new_text is not None, result.refusal
    assert "LEARNING_RATE = 1e-3" in result.new_text
    assert "callbacks=[stop]" in result.new_text


def test_a_value_in_words_that_the_code_below_writes_is_not_set_twice() -> None:
    answer = f"""Lower the learning rate to 1e-4 in the compile call:

{F}python
model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="binary_crossentropy")
{F}
"""
    result = apply_answer(CONSTANTS, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Adam(1e-4)" in result.new_text
    assert "LEARNING_RATE = 1e-3" in result.new_text


LITERALS = """import numpy as np
import keras

EPOCHS = 2
X = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="binary_crossentropy")
model.summary()
model.fit(X, y, epochs=EPOCHS, batch_size=32, verbose=0)
"""


def test_values_in_words_of_other_forms_and_two_under_one_verb() -> None:
    for step, written in (
        ("Then train for 10 epochs instead of 2.", ["EPOCHS = 10"]),
        ("Finally, use a batch size of 64.", ["batch_size=64"]),
        ("Zum Schluss: setze die Batchgröße auf 64.", ["batch_size=64"]),
        (
            "Next, reduce the batch size to 16 and the learning rate to 5e-4.",
            ["batch_size=16", "Adam(5e-4)"],
        ),
    ):
        result = apply_answer(LITERALS, STEPS.format(step=step))
        assert result.ok and result.new_text is not None, (step, result.refusal)
        for piece in written:
            assert piece in result.new_text, (step, piece)


def test_a_second_value_in_words_no_reader_places_refuses_the_answer() -> None:
    step = "Next, reduce the batch size to 16 and the warmup to 3."
    result = apply_answer(LITERALS, STEPS.format(step=step))
    assert not result.ok and result.new_text is None


def test_a_portuguese_holder_and_a_korean_line_removal() -> None:
    script = LITERALS.replace(
        "model.fit(", "stop = keras.callbacks.EarlyStopping(patience=2)\nmodel.fit("
    )
    for step, check in (
        ("Depois, aumente o `patience` do `EarlyStopping` para 5.", "patience=5"),
        ("마지막으로 `model.summary()` 줄을 삭제하세요.", None),
    ):
        result = apply_answer(
            script, f"Two small things.\n\n1. Keep the data as is.\n\n2. {step}\n"
        )
        assert result.ok and result.new_text is not None, (step, result.refusal)
        if check:
            assert check in result.new_text
        else:
            assert "model.summary()" not in result.new_text
