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

- A keyword line (``metrics=[...]``) with "dans les deux `compile`" below it changes both
  ``compile`` calls; "첫 번째 `compile`과 두 번째 `compile` 모두" means both as well, "두 번째
  `compile`" the second only.
- "EDIT 2: ... put `epochs` back to the original 2" under an EDIT 1 that set 50: that entry
  keeps the script's value, the others the answer's; "if ... revert" is a condition.
- "Replace `"mse"` in the compile call with `...`": the words between the quote and "with"
  say where it is.

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


TWO_PHASES = """import numpy as np
import keras

x = np.random.rand(32, 5).astype("float32")
y = np.random.randint(0, 3, 32)
model = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, activation="softmax")])
model.compile(
    optimizer=keras.optimizers.Adam(1e-3),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x, y, epochs=1, verbose=0)
model.compile(
    optimizer=keras.optimizers.Adam(1e-5),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.fit(x, y, epochs=1, verbose=0)
"""


def test_a_keyword_line_said_below_to_go_in_both_calls_changes_both() -> None:
    answer = (
        "Ajoute le top-2 :\n\n```python\n"
        'metrics=["accuracy", keras.metrics.SparseTopKCategoricalAccuracy(k=2)]\n```\n\n'
        "dans les deux `compile`.\n"
    )
    result = apply_answer(TWO_PHASES, answer)
    assert result.ok and result.new_text is not None
    assert result.new_text.count("SparseTopKCategoricalAccuracy(k=2)") == 2
    assert 'metrics=["accuracy"]' not in result.new_text


def test_the_first_and_the_second_call_said_together_mean_both() -> None:
    answer = (
        "첫 번째 `compile`과 두 번째 `compile` 모두:\n\n```python\n"
        '    loss="categorical_crossentropy",\n```\n'
    )
    result = apply_answer(TWO_PHASES, answer)
    assert result.ok and result.new_text is not None
    assert result.new_text.count('loss="categorical_crossentropy"') == 2
    one = apply_answer(TWO_PHASES, answer.replace("첫 번째 `compile`과 두 번째", "두 번째"))
    assert one.ok and one.new_text is not None
    assert one.new_text.count('loss="categorical_crossentropy"') == 1
    assert one.new_text.index("Adam(1e-5)") < one.new_text.index('loss="categorical_crossentropy"')


CONFIG = """import keras

CONFIG = {
    "train": {
        "batch_size": 32,
        "epochs": 2,
        "lr": 0.005,
    },
}
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.RMSprop(CONFIG["train"]["lr"]), loss="mse")
"""


def test_a_later_edit_taking_one_setting_back_restores_the_scripts_value() -> None:
    answer = (
        "**EDIT 1:** change the settings:\n\n```python\n"
        '    "train": {\n        "batch_size": 32,\n        "epochs": 50,\n'
        '        "lr": 0.001,\n    },\n```\n\n'
        "**EDIT 2:** you train on a CPU, so forget the `epochs` change and put it back to "
        "the original 2; the new `lr` stays.\n"
    )
    result = apply_answer(CONFIG, answer)
    assert result.ok and result.new_text is not None
    assert '"epochs": 2,' in result.new_text and '"lr": 0.001,' in result.new_text
    conditional = answer.replace(
        "you train on a CPU, so forget the `epochs` change and put it back to the original 2",
        "if 50 `epochs` is too slow, revert it to the original 2",
    )
    result = apply_answer(CONFIG, conditional)
    assert result.ok and result.new_text is not None and '"epochs": 50,' in result.new_text


def test_a_quote_inside_a_list_named_in_words_is_replaced() -> None:
    answer = 'Replace `"mse"` in the compile call with `keras.losses.Huber()`.\n'
    result = apply_answer(CONFIG, answer)
    assert result.ok and result.new_text is not None
    assert "loss=keras.losses.Huber()" in result.new_text


def test_a_calls_result_under_the_answers_name_keeps_the_scripts_name() -> None:
    script = EVAL.replace(
        "model.fit(x, y, epochs=1, verbose=0)", "hist = model.fit(x, y, epochs=1, verbose=0)"
    )
    answer = (
        "Stop early:\n\n```python\nstop = [keras.callbacks.EarlyStopping(patience=2)]\n\n"
        "history = model.fit(\n    x,\n    y,\n    epochs=1,\n    callbacks=stop,\n    verbose=0,\n)\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "hist = model.fit(" in body and "history" not in body
    assert body.count("model.fit(") == 1 and "callbacks=stop" in body


def test_a_correction_giving_the_new_value_beside_the_old_one_amends_the_block() -> None:
    answer = (
        "调大学习率：\n\n```python\nCONFIG = {\n    ...\n"
        '        "lr": 0.05,\n    ...\n}\n```\n\n'
        "更正一下：`0.05` 对 RMSprop 太大了。学习率请改成 `0.01`，不要用上面的 `0.05`。\n"
    )
    result = apply_answer(CONFIG, answer)
    assert result.ok and result.new_text is not None
    assert '"lr": 0.01,' in result.new_text and "0.05" not in result.new_text


def test_a_call_shown_with_dots_and_a_keyword_goes_into_both_calls_said() -> None:
    answer = (
        "Define the callback, then pass it to **both** `fit` calls:\n\n```python\n"
        "stop = keras.callbacks.EarlyStopping(patience=2)\n```\n\n```python\n"
        "model.fit(..., callbacks=[stop])\n```\n"
    )
    result = apply_answer(TWO_PHASES, answer)
    assert result.ok and result.new_text is not None
    assert result.new_text.count("callbacks=[stop]") == 2
    assert result.new_text.index("stop = keras") < result.new_text.index("callbacks=[stop]")


SEQUENTIAL = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input((40,)),
    layers.Embedding(500, 16),
    layers.Conv1D(32, 5, activation="relu"),
    layers.GlobalAveragePooling1D(),
    layers.Dense(1, activation="sigmoid"),
])
"""


def test_a_sibling_layer_after_a_kept_one_replaces_the_scripts_next_layer() -> None:
    answer = (
        "Pool with the maximum instead:\n\n```python\nmodel = keras.Sequential([\n    ...\n"
        '    layers.Conv1D(32, 5, activation="relu"),\n    layers.GlobalMaxPooling1D(),\n'
        "    ...\n])\n```\n"
    )
    result = apply_answer(SEQUENTIAL, answer)
    assert result.ok and result.new_text is not None
    assert "GlobalAveragePooling1D" not in result.new_text
    assert result.new_text.count("layers.GlobalMaxPooling1D()") == 1
    assert "layers.Dense(1" in result.new_text and "layers.Embedding(500" in result.new_text


DROPOUT = """import keras
from keras import layers

THRESHOLD_PCT = 97


def build_model():
    inputs = keras.Input((20,))
    x = layers.Dense(64, activation="relu")(inputs)
    x = layers.Dense(32, activation="relu")(x)
    x = layers.Dropout(0.3)(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)
"""


def test_prose_only_removal_and_a_rate_said_in_indonesian() -> None:
    answer = (
        'Modelnya overfit. Hapus layer `Dense(32, activation="relu")` di `build_model`. '
        "Sekalian naikkan dropout-nya dari 0.3 ke 0.5.\n"
    )
    result = apply_answer(DROPOUT, answer)
    assert result.ok and result.new_text is not None
    assert "Dense(32" not in result.new_text and "layers.Dropout(0.5)(x)" in result.new_text


def test_a_setting_said_in_words_then_named_in_quotes_after_its_value() -> None:
    answer = "Le plus simple : passe le percentile de 97 à 99 dans ta constante `THRESHOLD_PCT`.\n"
    result = apply_answer(DROPOUT, answer)
    assert result.ok and result.new_text is not None
    assert "THRESHOLD_PCT = 99" in result.new_text


def test_an_update_at_the_end_corrects_the_block_that_sets_the_value() -> None:
    answer = (
        "Decay the rate:\n\n```python\nschedule = keras.optimizers.schedules.CosineDecay(\n"
        '    CONFIG["train"]["lr"],\n    decay_steps=100,\n    alpha=0.1,\n)\n```\n\n'
        "and compile with it:\n\n```python\n"
        'model.compile(optimizer=keras.optimizers.RMSprop(schedule), loss="mse")\n```\n\n'
        "**Update:** `alpha=0.1` leaves the final rate too high; use `alpha=0.01` instead.\n"
    )
    result = apply_answer(CONFIG, answer)
    assert result.ok and result.new_text is not None
    assert "alpha=0.01" in result.new_text and "alpha=0.1," not in result.new_text
    conditional = answer.replace(
        "`alpha=0.1` leaves the final rate too high; use", "if it diverges, use"
    )
    result = apply_answer(CONFIG, conditional)
    assert result.ok and result.new_text is not None and "alpha=0.1," in result.new_text


def test_words_about_restoring_weights_are_no_revert_of_a_setting() -> None:
    answer = (
        "Make the hidden layer wider:\n\n```python\n"
        "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])\n"
        "```\n\n"
        "With `restore_best_weights=True`, EarlyStopping will revert `model` to its best epoch. "
        "训练结束时 `model` 会恢复到验证损失最低的权重。\n"
    )
    result = apply_answer(CONFIG, answer)
    assert result.ok and result.new_text is not None
    assert "keras.layers.Dense(8)" in result.new_text


def test_a_new_test_set_made_like_the_training_one_is_a_new_value() -> None:
    script = (
        "import numpy as np\nimport tensorflow as tf\n\n\n"
        "def make_ds(x, y, shuffle=True):\n    ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
        "    return ds.shuffle(8) if shuffle else ds\n\n\n"
        "x = np.zeros((8, 3))\ny = np.zeros(8)\ntrain_ds = make_ds(x, y)\nprint(train_ds)\n"
    )
    answer = (
        "Load your held-out arrays and build a test set the same way:\n\n```python\n"
        "test_ds = make_ds(x_test, y_test, shuffle=False)\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.new_text is None or "train_ds = make_ds(x, y)\n" in result.new_text


def test_a_list_shown_in_part_under_the_answers_name_is_the_scripts_list() -> None:
    script = (
        SEQUENTIAL.replace("model = keras.Sequential([", "net = keras.Sequential([")
        + "net.summary()\n"
    )
    answer = (
        "Add batch norm after the convolution (only this line changes):\n\n```python\n"
        "model = keras.Sequential([\n    keras.Input((40,)),\n    layers.Embedding(500, 16),\n"
        '    layers.Conv1D(32, 5, activation="relu"),\n    layers.BatchNormalization(),\n'
        "    ...\n])\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None
    body = result.new_text
    assert "net = keras.Sequential([" in body and "model" not in body
    assert body.index("Conv1D") < body.index("BatchNormalization") < body.index("GlobalAverage")
    # with no list of the script's to stand for, the dots are never written as a name
    other = "import keras\nnet = keras.Model()\n"
    refused = apply_answer(other, answer)
    assert refused.new_text is None and "__gptfix" not in (refused.refusal or "")


def test_a_keyword_given_to_the_call_right_after_the_verb() -> None:
    answer = (
        "加一个回调：\n\n```python\nstop = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "把它放在 `model.compile(...)` 后面，然后把它传给 `fit` 就行（`callbacks=[stop]`）。\n"
    )
    result = apply_answer(EVAL, answer)
    assert result.ok and result.new_text is not None
    assert "model.fit(x, y, epochs=1, verbose=0, callbacks=[stop])" in result.new_text
    assert 'compile("adam", "mse", metrics=["mae"])\n' in result.new_text
