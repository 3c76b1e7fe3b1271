"""Argument lines given alone (``optimizer=Adam(1e-3),``): they go into a call, never
between statements, where they would bind a new tuple to that name.

Each answer here was written for its test against a short program of the kind users have
(a ``build_model()`` with a one-line ``compile``, a ``main()`` that fits).
"""

from __future__ import annotations

import ast

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

EPOCHS = 1


def build_model():
    model = keras.Sequential([layers.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(1)])
    model.compile(loss="mse", metrics=["mae"])
    return model


def main():
    x = np.random.rand(64, 8).astype("float32")
    y = np.random.rand(64, 1).astype("float32")
    model = build_model()
    model.fit(x, y, epochs=EPOCHS, verbose=0)
    model.evaluate(x, y, verbose=0)


if __name__ == "__main__":
    main()
"""


def _call(text: str, name: str) -> ast.Call:
    calls = [
        n
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == name
    ]
    assert len(calls) == 1
    return calls[0]


def _keywords(call: ast.Call) -> dict[str, str]:
    return {str(k.arg): ast.unparse(k.value) for k in call.keywords}


def _no_tuple_bindings(text: str) -> bool:
    """No statement binds a name to a 1-tuple (what a lone argument line would become)."""
    return not any(
        isinstance(n, ast.Assign) and isinstance(n.value, ast.Tuple)
        for n in ast.walk(ast.parse(text))
    )


def test_keyword_said_to_go_into_a_one_line_call_is_added_to_it() -> None:
    answer = (
        "You never set an optimizer, so Keras falls back to its default. In `build_model`, "
        "add this to the `compile` call:\n\n"
        "```python\n    optimizer=keras.optimizers.Adam(learning_rate=1e-3),\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    keys = _keywords(_call(result.new_text, "compile"))
    assert keys["optimizer"] == "keras.optimizers.Adam(learning_rate=0.001)"
    assert keys["loss"] == "'mse'"
    assert _no_tuple_bindings(result.new_text)


def test_several_keywords_for_the_fit_call_go_into_it() -> None:
    answer = (
        "Pass the validation data and shuffle explicitly; put these in your `fit` call:\n\n"
        "```python\nvalidation_split=0.2,\nshuffle=True,\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    keys = _keywords(_call(result.new_text, "fit"))
    assert keys == {
        "epochs": "EPOCHS",
        "verbose": "0",
        "validation_split": "0.2",
        "shuffle": "True",
    }
    assert _no_tuple_bindings(result.new_text)


def test_a_keyword_one_call_passes_is_set_there() -> None:
    script = SCRIPT.replace(
        'model.compile(loss="mse"', 'model.compile(optimizer="adam", loss="mse"'
    )
    answer = (
        "The default learning rate is too high for this data. Use:\n\n"
        "```python\noptimizer=keras.optimizers.Adam(learning_rate=3e-4),\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    compile_call = _call(result.new_text, "compile")
    assert _keywords(compile_call)["optimizer"] == "keras.optimizers.Adam(learning_rate=0.0003)"
    assert len(compile_call.keywords) == 3
    assert _no_tuple_bindings(result.new_text)


def test_a_keyword_several_calls_pass_is_refused() -> None:
    answer = "Be quieter while training:\n\n```python\nverbose=2,\n```\n"
    result = apply_answer(SCRIPT, answer)  # fit and evaluate both pass verbose=
    assert not result.ok
    assert result.new_text is None or result.new_text == SCRIPT


def test_a_keyword_with_no_call_to_go_to_is_refused() -> None:
    answer = "Lower the learning rate:\n\n```python\nlearning_rate=1e-4,\n```\n"
    result = apply_answer(SCRIPT, answer)
    assert not result.ok
    assert result.new_text is None or result.new_text == SCRIPT


CALLBACKS = """import numpy as np
from tensorflow import keras

x = np.random.rand(64, 8).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
callbacks = [
    keras.callbacks.EarlyStopping(patience=2),
]
model.fit(x, y, epochs=2, callbacks=callbacks, verbose=0)
"""


def _callbacks(text: str) -> list[str]:
    tree = ast.parse(text)
    value = next(
        n.value
        for n in tree.body
        if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "callbacks"
    )
    assert isinstance(value, ast.List)
    return [ast.unparse(e) for e in value.elts]


def test_a_lone_call_said_to_go_into_a_list_is_an_item() -> None:
    for answer in (
        "Also reduce the learning rate on plateaus. Add this to your `callbacks` list:\n\n"
        "```python\nkeras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)\n```\n",
        "Also reduce the learning rate on plateaus:\n\n"
        "```python\nkeras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)\n```\n\n"
        "added to your `callbacks` list.\n",
    ):
        result = apply_answer(CALLBACKS, answer)
        assert result.ok and result.new_text is not None, result.refusal
        assert _callbacks(result.new_text) == [
            "keras.callbacks.EarlyStopping(patience=2)",
            "keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)",
        ]


def test_a_lone_call_with_no_list_said_is_not_made_an_item() -> None:
    answer = (
        "Also reduce the learning rate on plateaus:\n\n"
        "```python\nkeras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)\n```\n"
    )
    result = apply_answer(CALLBACKS, answer)
    assert not result.ok and result.new_text is None


def test_a_keyword_for_the_call_the_prose_names_goes_there_not_to_another_passing_it() -> None:
    answer = "Put this in your `fit` call:\n\n```python\nverbose=2,\n```\n"
    script = SCRIPT.replace(
        "model.fit(x, y, epochs=EPOCHS, verbose=0)", "model.fit(x, y, epochs=EPOCHS)"
    )
    result = apply_answer(script, answer)  # evaluate passes verbose=0; the answer means fit
    assert result.ok and result.new_text is not None, result.refusal
    assert _keywords(_call(result.new_text, "fit"))["verbose"] == "2"
    assert _keywords(_call(result.new_text, "evaluate"))["verbose"] == "0"
