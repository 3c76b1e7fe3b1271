"""Top-level statements an answer moves into a new function and a loop that calls it."""

from __future__ import annotations

from gptfix.llm.supersede import superseded

SCRIPT = """import numpy as np
import keras

x, y = np.random.rand(40, 3), np.random.rand(40)
net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
net.compile(loss="mse")
net.fit(x, y, epochs=2)
net.save("net.keras")
"""


def test_a_function_and_a_loop_that_replace_the_single_fit_take_its_place() -> None:
    patched = SCRIPT.replace(
        'net.save("net.keras")',
        "def build():\n"
        "    net = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])\n"
        '    net.compile(loss="mae")\n'
        "    return net\n\n\n"
        "for seed in range(3):\n"
        "    net = build()\n"
        "    net.fit(x, y, epochs=2)\n"
        'net.save("net.keras")',
    )
    text, removed = superseded(SCRIPT, patched)
    assert text.count("net = keras.Sequential") == 1 and text.count("net.compile") == 1
    assert "\nnet.fit(x, y, epochs=2)" not in text and "    net.fit(x, y, epochs=2)" in text
    assert 'net.save("net.keras")' in text and len(removed) == 3


def test_a_new_helper_that_repeats_a_line_without_a_loop_removes_nothing() -> None:
    patched = SCRIPT + '\n\ndef rebuild():\n    net.compile(loss="mse")\n    return net\n'
    assert superseded(SCRIPT, patched) == (patched, [])
