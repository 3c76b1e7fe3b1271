"""Answers that add to a class of the script, pick one of two options, correct themselves
in Chinese, or say their change only in prose with little Markdown: settings given alone
for a config class ("Add to the `Settings` class:"), a method given alone for a model class,
an option the answer does not pick, "等一下，更正", a table of constants, code in double quotes
among fenced blocks, a bare ``name=value`` keyword, and a print named by its message.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
import keras


class Settings:
    seed = 1
    epochs = 2
    lr = 1e-3
    batch = 8


class Scorer(keras.Model):
    def __init__(self):
        super().__init__()
        self.head = keras.layers.Dense(1)

    def call(self, x):
        return self.head(x)

    def train_step(self, data):
        x, y = data
        return super().train_step((x, y))


keras.utils.set_random_seed(Settings.seed)
x = np.random.rand(32, 4).astype("float32")
y = np.random.rand(32, 1).astype("float32")
model = Scorer()
model.compile(optimizer=keras.optimizers.Adam(Settings.lr), loss="mse")
history = model.fit(x, y, epochs=Settings.epochs, batch_size=Settings.batch, verbose=0)
for epoch, value in enumerate(history.history["loss"]):
    print(f"epoch {epoch}: loss={value:.4f}")
print("done", len(x))
"""


def test_a_setting_given_alone_for_the_config_class_is_added_to_it() -> None:
    answer = (
        "Add a warm-up length to the `Settings` class:\n\n"
        "```python\n    warmup = 2\n```\n\n"
        "and keep the rest.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "    batch = 8\n    warmup = 2\n" in result.new_text
    assert "    epochs = 2\n" in result.new_text  # not taken for a rewrite of a like line


def test_a_setting_said_to_go_below_another_is_written_below_it() -> None:
    answer = "1. Settings クラスに weight_decay を追加（lr の下）：\n\n    weight_decay = 1e-4\n"
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "    lr = 1e-3\n    weight_decay = 1e-4\n    batch = 8\n" in result.new_text


def test_a_new_setting_is_never_written_over_a_like_line_of_another_name() -> None:
    answer = "Put this at the top of the script:\n\n```python\nwarmup_epochs = 2\n```\n"
    result = apply_answer(SCRIPT, answer)
    assert "    epochs = 2\n" in str(result.new_text or SCRIPT)


def test_a_method_given_alone_goes_into_the_class_the_answer_names() -> None:
    answer = (
        "Add this method to the `Scorer` class, right after `call`:\n\n"
        "```python\n"
        "    def test_step(self, data):\n"
        "        x, y = data\n"
        "        return super().test_step((x, y))\n"
        "```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert (
        "        return self.head(x)\n\n    def test_step(self, data):\n        x, y = data\n"
        "        return super().test_step((x, y))\n\n    def train_step(self, data):"
    ) in text
    assert "\ndef test_step" not in text


def test_an_option_the_answer_does_not_pick_is_not_read_as_a_step() -> None:
    answer = (
        "Two ways to go:\n\n"
        "**Option A — smaller batches.** Passe `batch = 8` à `batch = 4` dans `Settings`.\n\n"
        "**Option B — a lower learning rate:**\n\n"
        "```python\n"
        'model.compile(optimizer=keras.optimizers.Adam(Settings.lr / 10), loss="mse")\n'
        "```\n\n"
        "Je vous conseille **l'option B**.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Adam(Settings.lr / 10)" in result.new_text
    assert "    batch = 8\n" in result.new_text


def test_a_chinese_correction_takes_the_block_above_back() -> None:
    answer = (
        "把学习率调大：\n\n"
        '```python\nmodel.compile(optimizer=keras.optimizers.Adam(1e-1), loss="mse")\n```\n\n'
        "等一下，更正一下：1e-1 会发散，用 3e-3：\n\n"
        '```python\nmodel.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse")\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Adam(3e-3)" in result.new_text and "Adam(1e-1)" not in result.new_text


def test_a_table_of_constants_sets_each_one() -> None:
    answer = (
        "Try these values in the `Settings` class:\n\n"
        "| setting | old | new |\n|---|---|---|\n| epochs | 2 | 5 |\n| batch | 8 | 16 |\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "    epochs = 5\n" in result.new_text and "    batch = 16\n" in result.new_text


def test_code_in_double_quotes_beside_a_fenced_block_is_read() -> None:
    answer = (
        "Define a schedule right before the compile call:\n\n"
        "```python\nschedule = keras.optimizers.schedules.ExponentialDecay(Settings.lr, 10, 0.9)\n```\n\n"
        'Then replace "keras.optimizers.Adam(Settings.lr)" with '
        '"keras.optimizers.Adam(schedule)" in the compile call.\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "optimizer=keras.optimizers.Adam(schedule)" in result.new_text


def test_a_bare_keyword_said_in_a_sentence_is_passed_where_it_says() -> None:
    answer = (
        "Compute weights before model.fit:\n\n"
        "weights = np.ones(len(y))\n\n"
        "and pass them to fit by adding sample_weight=weights after batch_size=Settings.batch.\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "batch_size=Settings.batch, sample_weight=weights" in result.new_text
    assert result.new_text.index("weights = np.ones") < result.new_text.index("history = model")


def test_a_print_named_by_its_message_is_the_one_replaced() -> None:
    answer = (
        "Show the learning rate as well: replace the print with\n\n"
        '`print(f"epoch {epoch}: loss={value:.4f} lr={float(model.optimizer.learning_rate):.5f}")`\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "lr={float(model.optimizer.learning_rate):.5f}" in result.new_text
    assert 'print("done", len(x))' in result.new_text
