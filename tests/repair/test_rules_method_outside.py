"""A method written one level out of its class, and a member called by another word: the
fault of the nineteenth real-world set's held-out thread, in scripts written here (a
subclassed Keras model whose own ``fit`` landed at module level, so Keras's ``Model.fit``
runs on a model never compiled; a plain class whose ``transform`` did, so the instance has
no such attribute). The ``def`` moves into the class; a ``self.x`` the class names
otherwise (``objective`` for its ``cost``) is read by the class's name.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

from gptfix.model import Applicability

KERAS = """import numpy as np
import tensorflow as tf
import keras


class Regressor(keras.Model):
    def __init__(self):
        super().__init__()
        self.w = keras.Variable(tf.zeros((3, 1)), name="w")

    def predict_values(self, x):
        return tf.matmul(x, self.w)

    def cost(self, x, y):
        return tf.reduce_mean(tf.square(self.predict_values(x) - y))

def fit(self, x, y, steps=20):
    opt = keras.optimizers.SGD(learning_rate=0.05)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            value = self.objective(x, y)
        grads = tape.gradient(value, [self.w])
        opt.apply_gradients(zip(grads, [self.w]))
    print("final", float(self.objective(x, y)))


features = np.random.rand(16, 3).astype("float32")
target = features.sum(axis=1, keepdims=True)
reg = Regressor()
reg.fit(features, target)
"""

PLAIN = """import numpy as np


class Scaler:
    def __init__(self, data):
        self.mean = data.mean(axis=0)
        self.std = data.std(axis=0) + 1e-6


print("helpers")


def transform(self, data):
    return (data - self.mean) / self.std


rows = np.random.rand(10, 4)
scaler = Scaler(rows)
print(scaler.transform(rows).shape)
"""


def _line(text: str, code: str) -> int:
    return next(i for i, x in enumerate(text.split("\n"), 1) if x.strip() == code)


def test_the_def_moves_into_the_class_of_the_instance() -> None:
    line = _line(PLAIN, "print(scaler.transform(rows).shape)")
    message = "'Scaler' object has no attribute 'transform'"
    fixes = rule_fixes(PLAIN, "AttributeError", message, line, "def.method-outside-class")
    assert len(fixes) == 1
    new = fixes[0].new_text
    # not right below the class: it moves to the class's end, indented as its body
    assert "        self.std = data.std(axis=0) + 1e-6\n\n    def transform(self, data):\n" in new
    assert "        return (data - self.mean) / self.std\n" in new
    assert "\ndef transform" not in new
    assert 'print("helpers")' in new and fixes[0].applicability is Applicability.SAFE


def test_a_member_named_by_a_synonym_is_read_by_the_class_name() -> None:
    line = _line(KERAS, "reg.fit(features, target)")
    message = "You must call `compile()` before using the model."
    fixes = rule_fixes(KERAS, "ValueError", message, line, "def.method-outside-class")
    assert len(fixes) == 1
    new = fixes[0].new_text
    assert "    def fit(self, x, y, steps=20):\n        opt = " in new  # indented in place
    assert "value = self.cost(x, y)" in new and "objective" not in new
    assert "`self.objective` -> `self.cost`" in fixes[0].title


def test_nothing_without_a_loose_method_or_when_the_class_has_it() -> None:
    line = _line(PLAIN, "print(scaler.transform(rows).shape)")
    message = "'Scaler' object has no attribute 'transform'"
    # a function of ``self`` that no instance calls is left alone
    other = PLAIN.replace("scaler.transform(rows)", "transform(scaler, rows)")
    assert rule_fixes(other, "AttributeError", message, line, "def.method-outside-class") == []
    # the instance is not of the script's class
    foreign = PLAIN.replace("scaler = Scaler(rows)", "scaler = make_scaler(rows)")
    assert rule_fixes(foreign, "AttributeError", message, line, "def.method-outside-class") == []
    # the class has a `transform` of its own: the loose def is another thing
    owned = PLAIN.replace(
        "        self.std = data.std(axis=0) + 1e-6\n",
        "        self.std = data.std(axis=0) + 1e-6\n\n    def transform(self, data):\n"
        "        return data\n",
    )
    line = _line(owned, "print(scaler.transform(rows).shape)")
    assert rule_fixes(owned, "AttributeError", message, line, "def.method-outside-class") == []


MEMBER = """class Trainer:
    def __init__(self, rate):
        self.learning_rate = rate
        self.history = []

    def compute_cost(self, x):
        return x * self.learning_rate

    def step(self, x):
        self.history.append(self.compute_loss(x))
        return self.lr


t = Trainer(0.1)
t.step(2.0)
"""


def test_a_member_called_otherwise_on_the_failing_line() -> None:
    line = _line(MEMBER, "self.history.append(self.compute_loss(x))")
    message = "'Trainer' object has no attribute 'compute_loss'"
    fixes = rule_fixes(MEMBER, "AttributeError", message, line, "attr.member-otherwise")
    assert len(fixes) == 1
    assert "self.history.append(self.compute_cost(x))" in fixes[0].new_text
    assert fixes[0].applicability is Applicability.UNSAFE  # another word: not a spelling
    typo = MEMBER.replace("self.compute_loss(x)", "self.compute_cosst(x)")
    message = "'Trainer' object has no attribute 'compute_cosst'"
    fixes = rule_fixes(typo, "AttributeError", message, line, "attr.member-otherwise")
    assert len(fixes) == 1 and fixes[0].applicability is Applicability.SAFE
    # two members either word could mean: no guess
    both = MEMBER.replace(
        "    def step(self, x):",
        "    def compute_objective(self, x):\n        return x\n\n    def step(self, x):",
    )
    line = _line(both, "self.history.append(self.compute_loss(x))")
    message = "'Trainer' object has no attribute 'compute_loss'"
    assert rule_fixes(both, "AttributeError", message, line, "attr.member-otherwise") == []
    # a class the script does not define is not this rule's
    message = "'Sequential' object has no attribute 'compute_loss'"
    assert rule_fixes(MEMBER, "AttributeError", message, line, "attr.member-otherwise") == []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("outside"), {"keras": KERAS, "plain": PLAIN})


@pytest.mark.tf
@pytest.mark.parametrize("name", ["keras", "plain"])
def test_the_script_runs_with_its_method_in_the_class(runs: dict[str, Any], name: str) -> None:
    path, out, data = runs[name]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    text = path.read_text()
    assert "\ndef fit" not in text and "\ndef transform" not in text
    if name == "keras":  # its own loop trained the weights, Keras's fit never ran
        assert "self.objective" not in text and "self.cost(x, y)" in text


def test_no_move_for_another_failure_or_a_function_used_as_one() -> None:
    line = _line(PLAIN, "print(scaler.transform(rows).shape)")
    # another error on that line is not a lost method
    broadcast = "operands could not be broadcast together with shapes (10,4) (3,)"
    assert rule_fixes(PLAIN, "ValueError", broadcast, line, "def.method-outside-class") == []
    # attached to the class by hand: the function is used by its name
    attached = PLAIN.replace(
        "rows = np.random.rand(10, 4)", "Scaler.transform = transform\nrows = np.random.rand(10, 4)"
    )
    line = _line(attached, "print(scaler.transform(rows).shape)")
    message = "'Scaler' object has no attribute 'transform'"
    assert rule_fixes(attached, "AttributeError", message, line, "def.method-outside-class") == []


def test_a_short_name_for_a_long_one_is_a_synonym() -> None:
    line = _line(MEMBER, "return self.lr")
    message = "'Trainer' object has no attribute 'lr'"
    fixes = rule_fixes(MEMBER, "AttributeError", message, line, "attr.member-otherwise")
    assert len(fixes) == 1 and "return self.learning_rate" in fixes[0].new_text
