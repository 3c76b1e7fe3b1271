"""Answers that spell the script's values their own way, paste a session transcript,
reorder a cell, or add a method by the name of its neighbour.

- ``model = Net(enc, dec, beta=b)`` for the script's ``net = Net(encoder, decoder)`` inside
  ``main()``: the answer's names for the script's one value the same class makes with as
  many arguments; it rewrites that line in place, in the script's names.
- "在 `train_step` 下面加一个 `test_step`" over ``def test_step(self, data):``: the method
  goes into the class that has ``train_step``, never to module level.
- ``loss, mae, rmse = model.evaluate(...)`` for the script's ``loss, mae = model.evaluate(
  ...)``: the same call unpacked into more names replaces the line, never sits beside it.
- A cell re-pasted with ``n = ...`` moved above the statistics, which now read ``x[:n]``:
  the script's old statistics lines go, not kept above the new ones.
- An IPython transcript (``In [5]:`` / ``...:`` cell with no output, then ``In [6]:
  model.output_shape`` / ``Out[6]:``) of the user's model cell with a change: the silent
  input is the code; the displayed one is read. A transcript with names of its own stays a
  session that was read. "The `compile` and `summary()` lines stay exactly as you have
  them" keeps those lines of a replaced cell.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

NET = """import keras


class Net(keras.Model):
    def __init__(self, encoder, decoder, **kwargs):
        super().__init__(**kwargs)
        self.encoder = encoder
        self.decoder = decoder
        self.tracker = keras.metrics.Mean(name="loss")

    def train_step(self, data):
        z = self.encoder(data)
        out = self.decoder(z)
        loss = keras.ops.mean((out - data) ** 2)
        self.tracker.update_state(loss)
        return {"loss": self.tracker.result()}


def main():
    encoder = keras.Sequential([keras.layers.Dense(2)])
    decoder = keras.Sequential([keras.layers.Dense(4)])
    net = Net(encoder, decoder)
    net.compile(optimizer="adam")
    return net


if __name__ == "__main__":
    main()
"""


def test_the_answers_own_names_for_the_scripts_one_value_rewrite_that_line() -> None:
    answer = (
        "Give the model a weight for the loss when you build it:\n\n```python\n"
        'model = Net(enc, dec, name="net_weighted")\n```\n'
    )
    result = apply_answer(NET, answer)
    assert result.ok and result.new_text is not None
    assert '    net = Net(encoder, decoder, name="net_weighted")\n' in result.new_text
    assert "model" not in result.new_text and "enc," not in result.new_text
    assert result.new_text.count("Net(encoder") == 1


def test_a_new_value_with_the_scripts_names_is_not_taken_for_a_rewrite() -> None:
    answer = "Build a second copy to compare:\n\n```python\n    twin = Net(encoder, decoder)\n```\n"
    result = apply_answer(NET, answer)
    assert result.ok and result.new_text is not None
    assert "    net = Net(encoder, decoder)\n" in result.new_text
    assert "twin = Net(encoder, decoder)" in result.new_text


def test_a_method_added_below_a_named_method_goes_into_its_class() -> None:
    answer = (
        "在 `train_step` 下面加一个 `test_step`（和它一样，只是不更新）：\n\n```python\n"
        "    def test_step(self, data):\n        z = self.encoder(data)\n"
        "        out = self.decoder(z)\n        loss = keras.ops.mean((out - data) ** 2)\n"
        "        self.tracker.update_state(loss)\n"
        '        return {"loss": self.tracker.result()}\n```\n'
    )
    result = apply_answer(NET, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "    def test_step(self, data):\n" in body
    assert "\ndef test_step" not in body
    assert body.index("def train_step") < body.index("def test_step") < body.index("def main")


EVAL = """import numpy as np
import keras

x = np.random.rand(64, 3).astype("float32")
y = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile("adam", "mse", metrics=["mae"])
model.fit(x, y, epochs=1, verbose=0)
loss, mae = model.evaluate(x, y, verbose=0)
print(loss, mae)
"""


def test_a_call_unpacked_into_more_names_replaces_the_line() -> None:
    answer = (
        "With RMSE added to the metrics, `evaluate` returns three values, so unpack three:"
        "\n\n```python\nloss, mae, rmse = model.evaluate(x, y, verbose=0)\n```\n"
    )
    result = apply_answer(EVAL, answer)
    assert result.ok and result.new_text is not None
    assert "loss, mae, rmse = model.evaluate(x, y, verbose=0)" in result.new_text
    assert "loss, mae = model.evaluate" not in result.new_text


CELLS = """import numpy as np

# %%
raw = np.random.rand(500, 2).astype("float32")
mu = raw.mean(axis=0)
sd = raw.std(axis=0)
raw = (raw - mu) / sd
split = int(len(raw) * 0.75)
print(raw.shape, split)

# %%
train, val = raw[:split], raw[split:]
print(train.shape, val.shape)
"""


def test_a_cell_re_pasted_with_a_line_moved_up_drops_the_old_statistics() -> None:
    answer = (
        "The statistics see the validation rows. Compute `split` first and take the "
        "statistics from the training part only; the cell becomes:\n\n```python\n"
        'raw = np.random.rand(500, 2).astype("float32")\n'
        "split = int(len(raw) * 0.75)\nmu = raw[:split].mean(axis=0)\n"
        "sd = raw[:split].std(axis=0)\nraw = (raw - mu) / sd\nprint(raw.shape, split)\n```\n"
    )
    result = apply_answer(CELLS, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "raw.mean(axis=0)" not in body and "raw.std(axis=0)" not in body
    assert body.count("raw = (raw - mu) / sd") == 1
    assert (
        body.index("split = int")
        < body.index("mu = raw[:split]")
        < body.index("raw = (raw - mu) / sd")
    )


MODEL_CELLS = """import numpy as np
import keras
from keras import layers

# In[1]:

x = np.random.rand(64, 10, 2).astype("float32")
y = np.random.rand(64, 3).astype("float32")

# In[2]:

inputs = keras.Input(shape=(10, 2))
h = layers.LSTM(16)(inputs)
outputs = layers.Dense(3)(h)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="mse")
model.summary()

# In[3]:

model.fit(x, y, epochs=1, verbose=0)
"""

TRANSCRIPT = """Pool over time instead of keeping the last state. Here is your cell 2 with that change (I ran it to check the shape):

```
In [2]: inputs = keras.Input(shape=(10, 2))
   ...: h = layers.LSTM(16, return_sequences=True)(inputs)
   ...: h = layers.GlobalAveragePooling1D()(h)
   ...: outputs = layers.Dense(3)(h)
   ...: model = keras.Model(inputs, outputs)

In [3]: model.output_shape
Out[3]: (None, 3)
```

The `compile` and `summary()` lines stay exactly as you have them.
"""


def test_the_silent_cell_of_a_transcript_is_the_code_and_the_kept_lines_stay() -> None:
    result = apply_answer(MODEL_CELLS, TRANSCRIPT)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "h = layers.LSTM(16, return_sequences=True)(inputs)" in body
    assert "h = layers.GlobalAveragePooling1D()(h)" in body
    assert "output_shape" not in body and "Out[" not in body
    assert 'model.compile(optimizer="adam", loss="mse")\nmodel.summary()' in body
    assert body.index("keras.Model(inputs, outputs)") < body.index("model.compile")


def test_a_transcript_with_names_of_its_own_is_read_not_pasted() -> None:
    answer = (
        "Here is what `GlobalAveragePooling1D` does to a sequence:\n\n```\n"
        "In [1]: import numpy as np\n\nIn [2]: seq = np.ones((2, 5, 4))\n\n"
        "In [3]: keras.layers.GlobalAveragePooling1D()(seq).shape\n"
        "Out[3]: TensorShape([2, 4])\n```\n"
    )
    result = apply_answer(MODEL_CELLS, answer)
    assert result.new_text is None or "seq = np.ones" not in result.new_text


HEADS = """import keras
from keras import layers

SIZE = 32
inputs = keras.Input(shape=(SIZE, SIZE, 3), name="image")
x = layers.Conv2D(16, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(64, activation="relu")(x)
cls_out = layers.Dense(3, activation="softmax", name="cls")(x)
net = keras.Model(inputs, cls_out)
net.summary()
"""

BACKBONE = """Swap the hand-written convolutions for a real backbone:

```python
inputs = keras.Input(shape=(SIZE, SIZE, 3), name="image")
backbone = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(SIZE, SIZE, 3))
x = backbone(inputs)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dense(64, activation="relu")(x)

# ... the head and keras.Model(...) stay as they are
model.summary()
```

Then lower the learning rate a little.

```text
(TensorSpec(shape=(None, 32, 32, 3), dtype=tf.float32, name=None), TensorSpec(shape=(None,), dtype=tf.int32, name=None))
```
"""


def test_a_chain_made_anew_between_two_kept_lines_replaces_the_scripts() -> None:
    result = apply_answer(HEADS, BACKBONE)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "Conv2D" not in body and "MaxPooling2D" not in body
    assert "x = backbone(inputs)\nx = layers.GlobalAveragePooling2D()(x)" in body
    # ``model`` after the marker is the script's ``net``, bound further down
    assert "net.summary()" in body and "model" not in body
    assert "TensorSpec" not in body  # a dataset's printed element_spec is output
