"""A line quoted as the problem, then the whole method given back: "the fake batch is made
**before** any tape is opened:" ``fake = self.gen(noise)`` and "Here's the corrected
`train_step`:" over the whole method. The method is replaced; the quoted line is only
shown. A line quoted and then changed with the verb after its object (Korean "을 아래처럼
바꾸세요:", Japanese "を次のように変更してください：") is a pair: that line becomes the block
below. A changed line pointed at with ``# <- changed`` replaces its line; it is not new.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import tensorflow as tf
from tensorflow import keras

NOISE = 4


class Pair(keras.Model):
    def __init__(self, gen, disc):
        super().__init__()
        self.gen, self.disc = gen, disc
        self.tracker = keras.metrics.Mean(name="loss")

    def train_step(self, real):
        noise = tf.random.normal((tf.shape(real)[0], NOISE))
        fake = self.gen(noise)
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(self.disc(fake)) - tf.reduce_mean(self.disc(real))
        grads = tape.gradient(loss, self.gen.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.gen.trainable_weights))
        self.tracker.update_state(loss)
        return loss, self.tracker.result()


def sizes(net):
    return {"params": net.count_params()}


gen = keras.Sequential([keras.Input((NOISE,)), keras.layers.Dense(2)])
disc = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
model = Pair(gen, disc)
"""

METHOD = """    def train_step(self, real):
        noise = tf.random.normal((tf.shape(real)[0], NOISE))
        with tf.GradientTape() as tape:
            fake = self.gen(noise)
            loss = tf.reduce_mean(self.disc(fake)) - tf.reduce_mean(self.disc(real))
        grads = tape.gradient(loss, self.gen.trainable_weights)
        self.optimizer.apply_gradients(zip(grads, self.gen.trainable_weights))
        self.tracker.update_state(loss)
        return loss, self.tracker.result()
"""


def test_a_quoted_problem_line_then_the_whole_method_replaces_the_method() -> None:
    answer = (
        "The gradients are `None` because the fake batch is made **before** any tape is "
        "opened:\n\n```python\nfake = self.gen(noise)\n```\n\n"
        f"Here's the corrected `train_step`:\n\n```python\n{METHOD}```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert METHOD in result.new_text
    assert result.new_text.count("fake = self.gen(noise)") == 1


def test_a_quoted_line_changed_with_the_verb_after_it() -> None:
    new = '        return {\n            "loss": self.tracker.result(),\n        }\n'
    for words in ("을 아래처럼 바꾸세요:", "を次のように変更してください："):
        answer = (
            "`train_step`의 마지막 줄\n\n```python\n        return loss, self.tracker.result()\n"
            f"```\n\n{words}\n\n```python\n{new}```\n"
        )
        result = apply_answer(SCRIPT, answer)
        assert result.ok and result.new_text is not None, (words, result.refusal)
        assert "return loss, self.tracker.result()" not in result.new_text, words
        assert new in result.new_text, words
        assert result.new_text.count("return {") == 2, words


def test_a_line_pointed_at_as_changed_replaces_its_line() -> None:
    answer = (
        "Give the generator a wider output:\n\n```python\n"
        "gen = keras.Sequential([keras.Input((NOISE,)), keras.layers.Dense(3)])  # <- changed\n"
        "```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert result.new_text.count("gen = keras.Sequential(") == 1
    assert "keras.layers.Dense(3)])" in result.new_text
