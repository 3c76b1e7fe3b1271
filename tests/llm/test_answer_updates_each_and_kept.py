"""Forum-thread shapes: an "UPDATE:" that swaps one name of the block above ("i.e. `B` in
place of `A`"), "Ignore the line above" under a withdrawn block, "keep `X` exactly as it is"
under a diff that rewrote X, one line for "each" of two named methods, new lines "in
`Net.__init__`", a keyword "in both calls to `f`", a one-line dict entry that only one of two
dicts can take, and an example output shown after "出力例：".

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

TRACKER = """import numpy as np
import keras
from keras import layers


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = layers.Dense(8, activation="relu")
        self.pool = layers.Dense(4)
        self.out = layers.Dense(1, activation="sigmoid")
        self.acc = keras.metrics.BinaryAccuracy(name="acc")

    def call(self, x):
        return self.out(self.pool(self.hidden(x)))

    def train_step(self, data):
        x, y = data
        p = self(x)
        self.acc.update_state(y, p)
        return {"acc": self.acc.result()}

    def test_step(self, data):
        x, y = data
        p = self(x)
        self.acc.update_state(y, p)
        return {"acc": self.acc.result()}


def make(x, y, batch, shuffle):
    return x, y


x = np.random.rand(16, 3).astype("float32")
y = np.random.randint(0, 2, 16)
tr = make(x, y, 4, True)
va = make(x, y, 4, False)
net = Net()
net.compile(
    optimizer="adam",
    loss={
        "a": keras.losses.BinaryCrossentropy(),
        "b": keras.losses.MeanSquaredError(),
    },
    metrics={
        "a": [keras.metrics.AUC()],
        "b": [keras.metrics.MeanAbsoluteError()],
    },
)
"""


def _applied(answer: str, script: str = TRACKER) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def _method(text: str, name: str) -> list[str]:
    tree = ast.parse(text)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    fn = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == name)
    return [ast.unparse(s) for s in fn.body]


def test_one_line_for_each_of_two_named_methods_goes_into_both() -> None:
    answer = (
        "1. In `Net.__init__` add\n\n```python\n        self.auc = keras.metrics.AUC()\n```\n\n"
        "2. In `train_step` and `test_step`, right after `self.acc.update_state(y, p)`, add one "
        "line each:\n\n```python\n        self.auc.update_state(y, p)\n```\n"
    )
    text = _applied(answer)
    for name in ("train_step", "test_step"):
        body = _method(text, name)
        assert (
            body.index("self.auc.update_state(y, p)")
            == body.index("self.acc.update_state(y, p)") + 1
        )


def test_new_lines_said_to_go_in_a_method_go_at_its_end() -> None:
    answer = "In `Net.__init__` add\n\n```python\n        self.drop = layers.Dropout(0.2)\n```\n"
    body = _method(_applied(answer), "__init__")
    assert body[-1] == "self.drop = layers.Dropout(0.2)"
    assert body.count("self.drop = layers.Dropout(0.2)") == 1


def test_a_keyword_for_both_calls_of_a_function_goes_into_both() -> None:
    answer = "Pass `batch=8` in both calls to `make`.\n"
    text = _applied(answer)
    calls = [
        n
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.Call) and ast.unparse(n.func) == "make"
    ]
    assert len(calls) == 2
    assert all("batch" in {k.arg for k in c.keywords} or len(c.args) == 4 for c in calls)
    assert text.count("batch=8") == 2


def test_an_entry_only_one_dict_can_take_replaces_it_there() -> None:
    answer = (
        "Use focal loss for `a`:\n\n```python\n"
        '    "a": keras.losses.BinaryFocalCrossentropy(gamma=2.0),\n```\n'
    )
    text = _applied(answer)
    assert '"a": keras.losses.BinaryFocalCrossentropy(gamma=2.0)' in text
    assert '"a": [keras.metrics.AUC()]' in text  # the metrics dict keeps its entry


def test_an_update_that_swaps_a_name_of_the_block_above_is_made() -> None:
    answer = (
        "Lower the learning rate:\n\n```python\n"
        "    optimizer=keras.optimizers.Adam(1e-4),\n```\n\n"
        "UPDATE: a commenter is right, decoupled weight decay works better here, i.e. "
        "`keras.optimizers.AdamW(1e-4)` in place of `keras.optimizers.Adam(1e-4)`.\n"
    )
    text = _applied(answer)
    assert "optimizer=keras.optimizers.AdamW(1e-4)," in text
    assert "keras.optimizers.Adam(" not in text


def test_a_block_withdrawn_by_ignore_the_line_above_is_not_applied() -> None:
    answer = (
        "Set the optimizer:\n\n```python\n    optimizer=keras.optimizers.Lion(),\n```\n\n"
        "**Edit:** sorry, that one does not exist in your version. Ignore the line above and "
        "use this instead:\n\n```python\n    optimizer=keras.optimizers.AdamW(),\n```\n"
    )
    text = _applied(answer)
    assert "AdamW()" in text and "Lion" not in text


def test_a_statement_kept_below_a_diff_stays_as_the_script_wrote_it() -> None:
    answer = (
        "```diff\n@@ -9,3 +9,4 @@\n"
        '         self.hidden = layers.Dense(8, activation="relu")\n'
        "-        self.pool = layers.Dense(4)\n"
        "+        self.norm = layers.LayerNormalization()\n"
        "+        self.pool = layers.Dense(16)\n"
        '         self.out = layers.Dense(1, activation="sigmoid")\n```\n\n'
        "Hmm, actually, scratch the width change: keep `self.pool = layers.Dense(4)` exactly "
        "as it is. The new normalization layer stands.\n"
    )
    body = _method(_applied(answer), "__init__")
    assert "self.pool = layers.Dense(4)" in body and "self.pool = layers.Dense(16)" not in body
    assert "self.norm = layers.LayerNormalization()" in body


def test_an_example_output_block_is_skipped_and_the_edit_applies() -> None:
    answer = (
        "学習率を下げてください：\n\n```python\n"
        "    optimizer=keras.optimizers.Adam(1e-4),\n```\n\n"
        "学習後に確認できます：\n\n```python\nprint(hist.history.keys())\n```\n\n"
        "出力例：\n\n```\ndict_keys(['loss', 'acc', 'val_loss', ...])\n[0.5, 0.4]\n```\n"
    )
    text = _applied(answer)
    assert "optimizer=keras.optimizers.Adam(1e-4)," in text
    assert "dict_keys" not in text and "print(hist" not in text


def test_a_keyword_an_update_keeps_gets_the_scripts_value_back() -> None:
    for words in (
        "**更新：** `binary_accuracy` 没有参考价值，metrics 那一行请保持原样，只改 `loss`。",
        "UPDATE: keep the `metrics` line as it is and only change the loss.",
    ):
        answer = (
            'Use a weighted loss:\n\n```python\nnet.compile(\n    optimizer="adam",\n'
            '    loss={\n        "a": keras.losses.BinaryFocalCrossentropy(),\n'
            '        "b": keras.losses.MeanSquaredError(),\n    },\n'
            '    metrics=["binary_accuracy"],\n)\n```\n\n' + words + "\n"
        )
        text = _applied(answer)
        assert "BinaryFocalCrossentropy()" in text, words
        assert '"binary_accuracy"' not in text and '"a": [keras.metrics.AUC()]' in text, words


TWO_FITS = """import numpy as np
import keras

x = np.random.rand(16, 3).astype("float32")
y = np.random.rand(16, 1).astype("float32")
model = keras.Sequential([keras.Input((3,)), keras.layers.Dropout(0.3), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
es = keras.callbacks.EarlyStopping(patience=3)
model.fit(x, y, epochs=5)
model.compile(optimizer="sgd", loss="mse")
model.fit(x, y, epochs=10)
"""


def test_words_near_a_call_that_are_no_choice_of_it_pick_nothing() -> None:
    for words in (
        "Use `callbacks=[es]` in `fit`; the first model does not fit into memory otherwise.",
        "Add `callbacks=[es]` so training stops early; that is all `fit` needs.",
    ):
        result = apply_answer(TWO_FITS, words + "\n")
        assert not result.ok or (result.new_text or "").count("callbacks=[es]") != 1, words
        assert (result.new_text or "").count("callbacks=[es]") != 2, words


def test_an_article_before_a_class_name_does_not_make_it_the_call() -> None:
    one = TWO_FITS.split('model.compile(optimizer="sgd"')[0]
    result = apply_answer(
        one, "Add `callbacks=[es]` so training stops early with a Sequential model.\n"
    )
    assert "keras.layers.Dense(1)])" in (result.new_text or one)  # the Sequential is untouched
    assert (
        "Sequential([keras.Input((3,)), keras.layers.Dropout(0.3), keras.layers.Dense(1)], "
        not in (result.new_text or "")
    )


def test_a_quote_an_edit_warns_against_is_no_correction_of_the_block() -> None:
    answer = (
        "Lower the dropout:\n\n```python\nmodel = keras.Sequential([keras.Input((3,)), "
        "keras.layers.Dropout(0.1), keras.layers.Dense(1)])\n```\n\n"
        "Edit: never use `keras.layers.Dropout(0.9)` here, the model would not learn.\n"
    )
    result = apply_answer(TWO_FITS, answer)
    assert result.ok and "keras.layers.Dropout(0.1)" in (result.new_text or ""), result.refusal
    assert "Dropout(0.9)" not in (result.new_text or "")


def test_one_method_named_in_an_aside_does_not_get_the_line_too() -> None:
    answer = (
        "After `self.acc.update_state(y, p)` in `train_step` (all of `test_step` stays as it "
        "is), add:\n\n```python\n        p = keras.ops.clip(p, 0.0, 1.0)\n```\n"
    )
    result = apply_answer(TRACKER, answer)
    body = _method(result.new_text, "test_step") if result.new_text else []
    assert "p = keras.ops.clip(p, 0.0, 1.0)" not in body


def test_a_block_taken_back_that_mentions_the_first_step_stays_taken_back() -> None:
    answer = (
        "1. Lower the learning rate:\n\n```python\nmodel.compile(optimizer=keras.optimizers.Adam(1e-4), "
        'loss="mse")\n```\n\n2. Less dropout:\n\n```python\nmodel = keras.Sequential([keras.Input((3,)), '
        "keras.layers.Dropout(0.1), keras.layers.Dense(1)])\n```\n\n"
        "Wait, no, scratch that, the dropout is fine; the problem is in the first step only.\n\n"
        "3. Train longer:\n\n```python\nmodel.fit(x, y, epochs=8)\n```\n"
    )
    result = apply_answer(TWO_FITS.split('model.compile(optimizer="sgd"')[0], answer)
    assert "keras.layers.Dropout(0.1)" not in (result.new_text or "")
