"""Answers that change command-line defaults by their flags, add an item to a list the prose
names, correct a value right below their block, add a second object like one the script
keeps reading, delete a line in Korean, and replace a line named in German over several
lines ("Ersetze die Zeile" / `X` / "durch:").

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

CLI = """import argparse

import numpy as np
import keras


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--units", type=int, default=8)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--batch-size", type=int, default=4)
    p.add_argument("--lr", type=float, default=1e-3)
    return p.parse_args([])


args = parse_args()
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(args.units), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse")
cbs = [keras.callbacks.EarlyStopping(patience=2)]
model.fit(np.zeros((8, 3)), np.zeros((8, 1)), epochs=args.epochs, batch_size=args.batch_size,
          callbacks=cbs, verbose=0)
"""


def test_re_pasted_options_replace_the_ones_of_the_same_flag() -> None:
    answer = (
        "| flag | now | better |\n|---|---|---|\n| `--units` | 8 | 16 |\n"
        "| `--epochs` | 1 | 1 (keep) |\n| `--lr` | 1e-3 | 3e-4 |\n\n"
        "In `parse_args`:\n\n```python\n"
        '    p.add_argument("--units", type=int, default=16)\n'
        '    p.add_argument("--lr", type=float, default=3e-4)\n'
        "```\n"
    )
    result = apply_answer(CLI, answer)
    assert result.ok and result.new_text is not None, result.refusal
    text = result.new_text
    assert 'p.add_argument("--units", type=int, default=16)' in text
    assert 'p.add_argument("--epochs", type=int, default=1)' in text
    assert 'p.add_argument("--batch-size", type=int, default=4)' in text
    assert 'p.add_argument("--lr", type=float, default=3e-4)' in text


def test_an_item_said_to_go_into_a_named_list_is_added_to_it() -> None:
    answer = "Add `keras.callbacks.TerminateOnNaN()` to your `cbs` list.\n"
    result = apply_answer(CLI, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "keras.callbacks.TerminateOnNaN()" in result.new_text
    assert result.new_text.count("cbs = [") == 1
    assert "keras.callbacks.TerminateOnNaN()\n" not in result.new_text.split("cbs = [")[0]


def test_a_value_corrected_right_below_its_block_is_written_corrected() -> None:
    answer = (
        "1. Add a clip constant at the top of the script:\n\n```python\nCLIP = 5.0\n```\n\n"
        "Hmm, wait — 5.0 is far too loose here. Use `CLIP = 1.0` instead.\n\n"
        "2. Pass it to the optimizer:\n\n```python\n"
        'model.compile(optimizer=keras.optimizers.Adam(args.lr, clipnorm=CLIP), loss="mse")\n'
        "```\n"
    )
    result = apply_answer(CLI, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "CLIP = 1.0\n" in result.new_text and "CLIP = 5.0" not in result.new_text


def test_a_keyword_corrected_in_german_below_its_block() -> None:
    answer = (
        "Ersetze die Zeile\n\n"
        '`model.compile(optimizer=keras.optimizers.Adam(args.lr), loss="mse")`\n\n'
        "durch:\n\n```python\n"
        'model.compile(optimizer=keras.optimizers.Adam(args.lr, clipnorm=5.0), loss="mse")\n'
        "```\n\n"
        "Korrektur: `clipnorm=5.0` ist zu locker — nimm lieber `clipnorm=1.0`.\n"
    )
    result = apply_answer(CLI, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "keras.optimizers.Adam(args.lr, clipnorm=1.0)" in result.new_text


LOOP = """import numpy as np
import keras

model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
train_acc = keras.metrics.SparseCategoricalAccuracy()
sample = np.zeros((4, 3))
probe = sample[:2]
for step in range(2):
    train_acc.update_state(np.zeros(4), model(sample))
print(float(train_acc.result()), probe.shape)
"""


def test_a_second_object_like_one_the_script_reads_is_added_below_it() -> None:
    answer = (
        "Eine zweite Metrik unter `train_acc` anlegen:\n\n"
        "```python\nval_acc = keras.metrics.SparseCategoricalAccuracy()\n```\n"
    )
    result = apply_answer(LOOP, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        "train_acc = keras.metrics.SparseCategoricalAccuracy()\n"
        "val_acc = keras.metrics.SparseCategoricalAccuracy()\n"
    ) in result.new_text


def test_a_korean_deletion_with_a_reason_between_removes_the_line() -> None:
    answer = "`probe = sample[:2]` 줄은 더 이상 필요 없으니 삭제하세요. 그리고 마지막 print 에서도 빼세요:\n\n```python\nprint(float(train_acc.result()))\n```\n"
    result = apply_answer(LOOP, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "probe = sample[:2]" not in result.new_text


MODULE = """import numpy as np
import keras

BATCH_SIZE = 32
config = {"lr": 0.1, "epochs": 2}
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.SGD(config["lr"]), loss="mse")
model.fit(np.zeros((8, 3)), np.zeros((8, 1)), epochs=config["epochs"], batch_size=BATCH_SIZE)
model.save("model.h5")
"""


def test_a_module_setting_is_set_where_it_is_even_when_a_config_is_named() -> None:
    answer = (
        "Keep `config` as it is, but lower the batch size:\n\n```python\nBATCH_SIZE = 16\n```\n"
    )
    result = apply_answer(MODULE, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "\nBATCH_SIZE = 16\n" in result.new_text
    assert '"BATCH_SIZE"' not in result.new_text


def test_a_bare_call_with_a_string_argument_stays_one_call() -> None:
    answer = (
        'Keras 3 needs the new extension. Change model.save("model.h5") to '
        'model.save("model.keras") and it works.'
    )
    result = apply_answer(MODULE, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert 'model.save("model.keras")' in result.new_text


def test_a_correction_changes_its_own_keyword_not_a_longer_one() -> None:
    script = MODULE.replace('model.save("model.h5")\n', "")
    answer = (
        "Train longer:\n\n```python\n"
        "model.fit(np.zeros((8, 3)), np.zeros((8, 1)), initial_epoch=1, epochs=1, batch_size=BATCH_SIZE)\n"
        "```\n\nWait, 1 is too few. Use `epochs=20` instead.\n"
    )
    result = apply_answer(script, answer)
    text = result.new_text or ""
    assert "initial_epoch=20" not in text
    if result.ok:
        assert "initial_epoch=1, epochs=20" in text


def test_a_method_for_a_one_line_class_is_never_written_at_module_level() -> None:
    script = "import keras\n\n\nclass Net(keras.Model): pass\n\n\nnet = Net()\n"
    answer = "Add this method to the `Net` class:\n\n```python\n    def call(self, x):\n        return x\n```\n"
    result = apply_answer(script, answer)
    assert "\ndef call(self, x):" not in (result.new_text or "")
