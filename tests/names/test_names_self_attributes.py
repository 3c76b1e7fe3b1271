"""check(original, changed) on ``self`` attributes of Keras classes: a method made to read an
attribute nothing sets (``self.refine_net(...)``) is a new unbound name; one set in
``__init__`` (also in a script base class), one Keras gives (``self.model`` in a callback,
``self.optimizer`` in a model), one read by the original already, and classes with a base
the script cannot see into are not."""

from __future__ import annotations

from gptfix.names import check

VAE = """import tensorflow as tf
from tensorflow import keras


class Base(keras.Model):
    def __init__(self):
        super().__init__()
        self.dec = keras.layers.Dense(4)


class VAE(Base):
    def call(self, x):
        return self.dec(x)


class Log(keras.callbacks.Callback):
    def on_epoch_end(self, epoch, logs=None):
        print(self.model.optimizer.learning_rate)
"""


def _new_unbound(changed: str) -> list[str]:
    return [u.name for u in check(VAE, changed).unbound if not u.preexisting]


def test_a_method_reading_an_attribute_nothing_sets_is_unbound() -> None:
    changed = VAE.replace(
        "        return self.dec(x)",
        "        return self.refine_net(tf.concat([self.dec(x), x], -1))",
    )
    assert _new_unbound(changed) == ["self.refine_net"]
    assert not check(VAE, changed).ok


def test_attributes_set_in_init_given_by_keras_or_read_before_are_not() -> None:
    set_here = VAE.replace(
        "        return self.dec(x)",
        "        self.scale = 2.0\n        return self.dec(x) * self.scale + self.optimizer.iterations",
    )
    assert _new_unbound(set_here) == []
    before = VAE.replace("        return self.dec(x)", "        return self.refine(x)")
    again = before.replace("self.refine(x)", "self.refine(x) + 1")
    assert [u.name for u in check(before, again).unbound if not u.preexisting] == []


def test_a_class_built_on_a_base_the_script_cannot_see_is_not_judged() -> None:
    changed = VAE.replace("class VAE(Base):", "class VAE(Base, SomeMixin):").replace(
        "        return self.dec(x)", "        return self.refine_net(x)"
    )
    assert "self.refine_net" not in _new_unbound(changed)


def test_setattr_with_a_literal_name_sets_it_and_with_a_computed_name_anything() -> None:
    literal = VAE.replace(
        "        self.dec = keras.layers.Dense(4)",
        "        setattr(self, 'dec', keras.layers.Dense(4))\n"
        "        for i in range(2):\n"
        "            self.dec_extra = None",
    ).replace("        return self.dec(x)", "        return self.dec(self.head(x))")
    assert _new_unbound(literal) == ["self.head"]
    computed = literal.replace("self.dec_extra = None", "setattr(self, f'head{i}', None)")
    assert _new_unbound(computed) == []
