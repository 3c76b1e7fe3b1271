"""Answers that pick one of several alike calls by its order ("before the second compile",
"во втором `fit`", "第二个 `fit`"), that mean every one of them ("in both `compile` calls",
"en los dos `fit`"), and that place new code in words: "justo antes del compile", "oben
bei den Konstanten", "放在 `Net` 类定义后面".

Every answer was written for its test; the script is a short two-stage program written here.
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

TWO_STAGES = """import numpy as np
import keras

EPOCHS = 2
LR = 1e-3
BATCH = 8

x = np.random.rand(32, 4).astype("float32")
y = np.random.randint(0, 3, 32)


class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(8, activation="relu")
        self.out = keras.layers.Dense(3, activation="softmax")

    def call(self, inputs):
        return self.out(self.hidden(inputs))


net = Net()
net.compile(
    optimizer=keras.optimizers.Adam(LR),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
h1 = net.fit(x, y, epochs=EPOCHS, batch_size=BATCH, verbose=0)

net.hidden.trainable = False
net.compile(
    optimizer=keras.optimizers.Adam(LR / 10),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
h2 = net.fit(x, y, epochs=EPOCHS, batch_size=BATCH, verbose=0)
"""


def _calls(text: str, name: str) -> list[ast.Call]:
    tree = ast.parse(text)
    found = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == name
    ]
    return sorted(found, key=lambda n: n.lineno)


def _keyword(call: ast.Call, name: str) -> str | None:
    return next((ast.unparse(k.value) for k in call.keywords if k.arg == name), None)


def _applied(answer: str, script: str = TWO_STAGES) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_keyword_line_for_both_compile_calls_goes_into_both() -> None:
    answer = (
        "Track top-2 accuracy too. Put it in **both** compile calls, otherwise the second "
        "`compile` drops it:\n\n```python\n"
        '    metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2)],\n```\n'
    )
    text = _applied(answer)
    compiles = _calls(text, "compile")
    assert len(compiles) == 2
    assert all("SparseTopKCategoricalAccuracy" in (_keyword(c, "metrics") or "") for c in compiles)


def test_a_new_keyword_for_both_fits_in_spanish_goes_into_both() -> None:
    answer = "Y en los dos `net.fit` añade el argumento:\n\n```python\nshuffle=True,\n```\n"
    text = _applied(answer)
    assert [_keyword(c, "shuffle") for c in _calls(text, "fit")] == ["True", "True"]


def test_the_second_fit_said_by_its_order_gets_the_keyword_alone() -> None:
    for words in (
        "In the second `fit`, add:",
        "第二个 `fit` 里加上：",
        "Во втором `fit` добавьте:",
    ):
        text = _applied(f"{words}\n\n```python\nshuffle=False,\n```\n")
        assert [_keyword(c, "shuffle") for c in _calls(text, "fit")] == [None, "False"], words


def test_a_re_pasted_compile_said_to_be_the_second_rewrites_that_one() -> None:
    answer = (
        "Use a cosine schedule in the second stage. Перед второй компиляцией создайте "
        "расписание:\n\n```python\n"
        "sched = keras.optimizers.schedules.CosineDecay(LR / 10, decay_steps=20)\n"
        "net.compile(\n    optimizer=keras.optimizers.Adam(sched),\n"
        '    loss="sparse_categorical_crossentropy",\n    metrics=["accuracy"],\n)\n```\n'
    )
    text = _applied(answer)
    compiles = _calls(text, "compile")
    assert _keyword(compiles[0], "optimizer") == "keras.optimizers.Adam(LR)"
    assert _keyword(compiles[1], "optimizer") == "keras.optimizers.Adam(sched)"
    lines = text.split("\n")
    sched = next(i for i, x in enumerate(lines) if x.startswith("sched = "))
    assert lines.index("net.hidden.trainable = False") < sched < compiles[1].lineno - 1


def test_a_word_of_order_about_something_else_does_not_pick_a_call() -> None:
    answer = (
        "In the first stage, the model overfits. Add to `fit`:\n\n```python\nshuffle=True,\n```\n"
    )
    result = apply_answer(TWO_STAGES, answer)
    assert not result.ok and result.new_text is None  # which `fit` is not said: not guessed


def test_before_the_compile_said_in_spanish_places_before_it() -> None:
    script = TWO_STAGES.split("\nnet.hidden.trainable")[0] + "\n"
    answer = (
        "Primero, justo antes del compile, define el schedule:\n\n```python\n"
        "sched = keras.optimizers.schedules.CosineDecay(LR, decay_steps=20)\n```\n"
    )
    lines = _applied(answer, script).split("\n")
    assert lines.index("sched = keras.optimizers.schedules.CosineDecay(LR, decay_steps=20)") == (
        lines.index("net.compile(") - 1
    )


def test_a_new_constant_said_to_go_with_the_constants_goes_after_them() -> None:
    for words in (
        "Füge oben bei den Konstanten eine neue Konstante hinzu:",
        "Add it at the top, with the other constants:",
        "和其他常量放在一起：",
    ):
        answer = (
            f"{words}\n\n```python\nWARMUP = 1\n```\n\nThen:\n\n"
            "```python\nh1 = net.fit(x, y, epochs=EPOCHS + WARMUP, batch_size=BATCH, verbose=0)\n```\n"
        )
        lines = _applied(answer).split("\n")
        assert lines.index("WARMUP = 1") == lines.index("BATCH = 8") + 1, words


def test_a_class_said_to_go_after_a_class_definition_in_chinese_goes_there() -> None:
    answer = (
        "写一个回调（放在 `Net` 类定义后面就行）：\n\n```python\n"
        "class Stop(keras.callbacks.Callback):\n"
        "    def on_epoch_end(self, epoch, logs=None):\n"
        "        pass\n```\n\n训练时传进去：\n\n```python\n"
        "h1 = net.fit(x, y, epochs=EPOCHS, batch_size=BATCH, verbose=0, callbacks=[Stop()])\n```\n"
    )
    text = _applied(answer)
    tree = ast.parse(text)
    order = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
    assert order == ["Net", "Stop"]
    net_at = next(
        i for i, n in enumerate(tree.body) if isinstance(n, ast.ClassDef) and n.name == "Net"
    )
    assert isinstance(tree.body[net_at + 1], ast.ClassDef)  # right after it, before `net = Net()`
