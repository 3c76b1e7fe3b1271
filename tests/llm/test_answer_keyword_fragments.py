"""Blocks that are one argument of a call: ``callbacks=[Warmup(BASE_LR, 3, EPOCHS)]`` shown
alone, or ``optimizer=keras.optimizers.Adam(...),`` cut out of ``compile`` with its comma.
Placed as statements they would run and change nothing; they replace that argument of the
script's one call that gives it. A name the answer goes on to use (``callbacks=callbacks``)
stays a variable of its own. And "replace" / the quoted line / "with" said in paragraphs of
their own (no colon) makes the block that follows the new version of the quoted line. A
``...,`` among a re-pasted call's arguments stands for the script's; a diff that splits a
call over other lines than the script replaces the same statements.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras

BASE_LR = 1e-3
EPOCHS = 4


class Warmup(keras.callbacks.Callback):
    def __init__(self, base_lr, warm):
        super().__init__()
        self.base_lr, self.warm = base_lr, warm

    def on_epoch_begin(self, epoch, logs=None):
        self.model.optimizer.learning_rate.assign(self.base_lr * min(1.0, (epoch + 1) / self.warm))


def train(x, y):
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(1)])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=BASE_LR),
        loss="mse",
    )
    model.fit(x, y, epochs=EPOCHS, callbacks=[Warmup(BASE_LR, 2)], verbose=0)
    return model


train(np.random.rand(32, 6), np.random.rand(32))
"""


def test_an_argument_shown_alone_replaces_the_calls_argument() -> None:
    answer = (
        "Give the callback more warmup epochs:\n\n```python\ncallbacks=[Warmup(BASE_LR, 3)]\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text == SCRIPT.replace("Warmup(BASE_LR, 2)]", "Warmup(BASE_LR, 3)]")


def test_an_argument_with_its_comma_over_several_lines() -> None:
    answer = (
        "In `train`, use a decaying rate:\n\n```python\n"
        "        optimizer=keras.optimizers.Adam(\n"
        "            learning_rate=keras.optimizers.schedules.CosineDecay(BASE_LR, 100)\n"
        "        ),\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        "    model.compile(\n"
        "        optimizer=keras.optimizers.Adam(\n"
        "            learning_rate=keras.optimizers.schedules.CosineDecay(BASE_LR, 100)\n"
        "        ),\n"
        '        loss="mse",\n'
    ) in result.new_text
    assert "optimizer = " not in result.new_text


def test_a_list_the_answer_passes_by_name_stays_a_variable() -> None:
    answer = (
        "Right before the `model.fit(...)` line, collect the callbacks:\n\n```python\n"
        "    callbacks = [Warmup(BASE_LR, 2), keras.callbacks.TerminateOnNaN()]\n```\n\n"
        "and pass them:\n\n```python\n"
        "    model.fit(x, y, epochs=EPOCHS, callbacks=callbacks, verbose=0)\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "    callbacks = [Warmup(BASE_LR, 2), keras.callbacks.TerminateOnNaN()]\n" in (
        result.new_text
    )
    assert "callbacks=callbacks" in result.new_text


def test_replace_the_quoted_line_with_said_in_paragraphs_of_their_own() -> None:
    answer = (
        "In `train`, replace\n\n`optimizer=keras.optimizers.Adam(learning_rate=BASE_LR),`\n\n"
        "with\n\n```python\n"
        "        optimizer=keras.optimizers.Adam(\n"
        "            learning_rate=BASE_LR, clipnorm=1.0\n"
        "        ),\n"
        "        jit_compile=False,\n"
        "```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text == SCRIPT.replace(
        "        optimizer=keras.optimizers.Adam(learning_rate=BASE_LR),\n",
        "        optimizer=keras.optimizers.Adam(\n"
        "            learning_rate=BASE_LR, clipnorm=1.0\n"
        "        ),\n"
        "        jit_compile=False,\n",
    )


def test_several_arguments_shown_alone_change_and_join_the_call() -> None:
    answer = (
        "Clip the gradients and turn XLA off while you debug:\n\n```python\n"
        "        optimizer=keras.optimizers.Adam(\n"
        "            learning_rate=BASE_LR, clipnorm=1.0\n"
        "        ),\n"
        "        jit_compile=False,\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        "    model.compile(\n"
        "        optimizer=keras.optimizers.Adam(\n"
        "            learning_rate=BASE_LR, clipnorm=1.0\n"
        "        ),\n"
        '        loss="mse",\n'
        "        jit_compile=False,\n"
        "    )\n"
    ) in result.new_text


def test_arguments_on_one_line_each_join_the_one_call_giving_one_of_them() -> None:
    answer = "Train longer, in smaller batches:\n\n```python\nepochs=10,\nbatch_size=8,\n```\n"
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        "model.fit(x, y, epochs=10, callbacks=[Warmup(BASE_LR, 2)], verbose=0, batch_size=8)"
        in (result.new_text)
    )


def test_a_marker_with_its_comma_among_the_arguments_keeps_the_scripts_arguments() -> None:
    answer = (
        "Add a second callback, the rest of the call stays:\n\n```python\n"
        "    model.fit(x, y,\n"
        "              ...,\n"
        "              callbacks=[Warmup(BASE_LR, 2), keras.callbacks.TerminateOnNaN()],\n"
        "              verbose=0)\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "epochs=EPOCHS" in result.new_text and "..." not in result.new_text
    assert "keras.callbacks.TerminateOnNaN()]" in result.new_text


def test_a_diff_whose_lines_split_a_call_otherwise_replaces_the_same_statements() -> None:
    answer = (
        "```diff\n--- a/train.py\n+++ b/train.py\n@@ -19,5 +19,5 @@\n"
        "     model.compile(\n"
        '-        optimizer=keras.optimizers.Adam(learning_rate=BASE_LR), loss="mse",\n'
        '+        optimizer=keras.optimizers.Adam(learning_rate=BASE_LR / 10), loss="mse",\n'
        "     )\n"
        "     model.fit(x, y, epochs=EPOCHS, callbacks=[Warmup(BASE_LR, 2)], verbose=0)\n"
        "```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "learning_rate=BASE_LR / 10" in result.new_text
    assert result.new_text.count("model.compile(") == 1
    assert 'loss="mse"' in result.new_text and "return model" in result.new_text


def test_a_traceback_quoting_the_keyword_does_not_make_it_a_variable() -> None:
    answer = (
        "```\nKeyError: \"The path: ('mae',) in the `loss` argument can't be found\"\n```\n\n"
        "Use a loss object instead:\n\n```python\n"
        "        loss=keras.losses.Huber(\n"
        "            delta=0.5,\n"
        "        ),\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text == SCRIPT.replace(
        'loss="mse",', "loss=keras.losses.Huber(\n            delta=0.5,\n        ),"
    )


def test_replace_then_with_a_described_version_pairs_the_two_blocks() -> None:
    # "replace ``y = ...`` / with an explicit mapping (keep the dict around ...): ``y_ids``"
    script = (
        "import numpy as np\n\nnames = np.array(['a', 'b', 'a', 'b'])\nX = np.random.rand(4, 3)\n"
        "for i, n in enumerate(names):\n    X[i, 0] += n == 'a'\n\ny = np.array(names)\n\n"
        "n_tr = 2\nX_tr, X_va = X[:n_tr], X[n_tr:]\ny_tr, y_va = y[:n_tr], y[n_tr:]\nprint(y_tr, y_va)\n"
    )
    answer = (
        "In the part where you build the labels, replace\n\n```python\ny = np.array(names)\n```\n\n"
        "with an explicit mapping (keep the dict around, you'll need it later):\n\n"
        "```python\nlabel2id = {n: i for i, n in enumerate(sorted(set(names)))}\n"
        "y_ids = np.array([label2id[n] for n in names], dtype='int32')\n```\n\n"
        "Then use the new array when you split:\n\n```python\ny_tr, y_va = y_ids[:n_tr], y_ids[n_tr:]\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "y = np.array(names)" not in result.new_text
    assert result.new_text.index("label2id = {") < result.new_text.index("y_tr, y_va = y_ids")


def test_a_japanese_note_that_fixes_a_quoted_call_changes_it() -> None:
    # "`Dense(2)` のままだとエラーになるので、`Dense(N * 2)` に直してください"
    script = (
        "from tensorflow import keras\n\nN = 5\n"
        "inp = keras.Input((8,))\nout = keras.layers.Dense(2)(inp)\nmodel = keras.Model(inp, out)\n"
    )
    answer = "出力層が `Dense(2)` のままだとエラーになるので、`Dense(N * 2)` に直してください。\n"
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "out = keras.layers.Dense(N * 2)(inp)" in result.new_text
