"""A value a function reads but never makes, which one of the script's functions builds:
the function makes it with that builder, from its own names, right before the first read
(a retraining helper that calls ``net.fit`` after only finding the best epoch).

Each case is a small program written here with the message Python gives for it; the
expected edit is the one the book's merged repair makes for the same slip.
"""

from __future__ import annotations

from repair_support import rule_fixes

from gptfix.model import Applicability

PROGRAM = """import numpy as np
import keras


def make_net(cfg):
    net = keras.Sequential([keras.Input((4,)), keras.layers.Dense(cfg["units"], activation="relu"),
                            keras.layers.Dense(1, activation="sigmoid")])
    net.compile(optimizer="adam", loss="binary_crossentropy")
    return net


def best_epochs(cfg, x, y):
    net = make_net(cfg)
    hist = net.fit(x, y, validation_split=0.2, epochs=3, verbose=0)
    return int(np.argmin(hist.history["val_loss"])) + 1


def retrain(cfg, x, y):
    epochs = best_epochs(cfg, x, y)
    net.fit(x, y, epochs=epochs, verbose=0)
    return net


x = np.random.rand(64, 4).astype("float32")
y = np.random.randint(0, 2, 64)
net = retrain({"units": 8}, x, y)
"""


def test_the_value_is_made_by_the_builder_before_its_first_read() -> None:
    (fix,) = rule_fixes(
        PROGRAM, "NameError", "name 'net' is not defined", 20, "names.build-in-function"
    )
    assert (
        "    epochs = best_epochs(cfg, x, y)\n    net = make_net(cfg)\n    net.fit(" in fix.new_text
    )
    assert fix.new_text.count("net = make_net(cfg)") == 2
    assert fix.applicability is Applicability.UNSAFE


def test_no_fix_when_the_function_lacks_what_the_builder_needs() -> None:
    text = (
        PROGRAM.replace("def retrain(cfg, x, y):", "def retrain(x, y):")
        .replace("epochs = best_epochs(cfg, x, y)", "epochs = 2")
        .replace('retrain({"units": 8}, x, y)', "retrain(x, y)")
    )
    assert (
        rule_fixes(text, "NameError", "name 'net' is not defined", 20, "names.build-in-function")
        == []
    )


def test_no_fix_when_two_builders_could_make_it() -> None:
    text = PROGRAM.replace(
        "def best_epochs(",
        "def make_wide_net(cfg):\n    net = make_net(cfg)\n    return net\n\n\ndef best_epochs(",
    )
    line = text.split("\n").index("    net.fit(x, y, epochs=epochs, verbose=0)") + 1
    assert (
        rule_fixes(text, "NameError", "name 'net' is not defined", line, "names.build-in-function")
        == []
    )


def test_no_fix_at_module_level_or_from_a_builder_that_calls_back() -> None:
    top = PROGRAM + "net2.fit(x, y)\n"
    line = len(top.split("\n")) - 1
    assert (
        rule_fixes(top, "NameError", "name 'net2' is not defined", line, "names.build-in-function")
        == []
    )
    loop = PROGRAM.replace("    net.compile(", "    retrain(cfg, None, None)\n    net.compile(")
    line = loop.split("\n").index("    net.fit(x, y, epochs=epochs, verbose=0)") + 1
    assert (
        rule_fixes(loop, "NameError", "name 'net' is not defined", line, "names.build-in-function")
        == []
    )
