"""Code on lines of its own with no fence, as answers pasted from forums and issue threads
lose their Markdown: read as code when the answer has no fence at all, never a sentence.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer, parse_answer

SCRIPT = """import numpy as np
import keras
from keras import layers

model = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(1)])
model.compile(
    optimizer=keras.optimizers.Adam(lr=0.001),
    loss="mse",
)
model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=1, verbose=0)
"""


def test_a_bare_argument_line_after_a_sentence_replaces_the_scripts() -> None:
    answer = "Keras 3 dropped `lr`. It should be replaced with\noptimizer=keras.optimizers.Adam(learning_rate=0.001),\n"
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "Adam(learning_rate=0.001)," in result.new_text and "lr=0.001" not in result.new_text


def test_bare_statements_between_sentences_are_blocks_with_their_sentences() -> None:
    answer = (
        "You should build the optimizer first:\n"
        "opt = keras.optimizers.Adam(\n"
        "    learning_rate=0.001,\n"
        ")\n"
        "and then pass it to compile.\n"
    )
    blocks = parse_answer(answer).blocks
    code = [b for b in blocks if b.kind == "code"]
    assert len(code) == 1 and code[0].text.startswith("opt = keras.optimizers.Adam(")
    assert "build the optimizer first" in code[0].prose


def test_sentences_and_fenced_answers_give_no_bare_blocks() -> None:
    prose_only = "I think x = 5 would be better here, or maybe use Adam(lr=...) instead.\n"
    assert not [b for b in parse_answer(prose_only).blocks if b.kind == "code"]
    fenced = "Use this:\n\n```python\nmodel.summary()\n```\n\nnot this:\nmodel.fit(x)\n"
    code = [b for b in parse_answer(fenced).blocks if b.kind == "code"]
    assert [b.text.strip() for b in code] == ["model.summary()"]


OPT = """import numpy as np
import keras

opt = keras.optimizers.SGD(lr = 0.01, momentum=0.9)
model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(1)])
model.compile(optimizer=opt, loss="mse")
model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=1, verbose=0)
"""


def test_two_quoted_versions_of_a_line_replace_the_one_the_script_has() -> None:
    new_first = (
        "`lr` was renamed. Change your code as follows:\n"
        "`opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)`\n"
        "`opt = keras.optimizers.SGD(lr= 0.01, momentum=0.9)`\n"
    )
    old_first = (
        "`lr` was renamed. Change your code as follows:\n"
        "`opt = keras.optimizers.SGD(lr= 0.01, momentum=0.9)`\n\n"
        "`opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)`\n"
    )
    for answer in (new_first, old_first):
        result = apply_answer(OPT, answer)
        assert result.ok and result.new_text is not None, result.refusal
        assert "opt = keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)" in result.new_text
        assert "lr =" not in result.new_text and result.new_text.count("opt = ") == 1


def test_two_quoted_versions_neither_in_the_script_write_nothing() -> None:
    answer = (
        "Change your code as follows:\n"
        "`opt = keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)`\n"
        "`opt = keras.optimizers.SGD(lr=0.02, momentum=0.9)`\n"
    )
    result = apply_answer(OPT, answer)
    assert not result.ok and result.new_text is None


def test_and_then_with_one_quoted_statement_goes_on_as_code() -> None:
    script = OPT.replace(
        "model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=1, verbose=0)",
        "history = model.fit(\n    np.zeros((8, 4)),\n    np.zeros((8, 1)),\n    epochs=1,\n    verbose=0,\n)",
    )
    answer = (
        "you need to add an EarlyStopping callback and pass it to fit:\n\n"
        'es = keras.callbacks.EarlyStopping(monitor="loss", patience=3)\n\n'
        "and then `model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=1, verbose=0, "
        "callbacks=[es])`\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index("es = keras.callbacks.EarlyStopping(") < new.index("history = model.fit(")
    assert "callbacks=[es]" in new and new.count("model.fit(") == 1
