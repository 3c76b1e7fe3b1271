"""Answers that make values of their own, show code that is no edit, or say where their
code goes in words the earlier placers did not read:

- a new list (``hooks = [...]``) passed to ``fit`` is not respelled as ``keras.callbacks``,
  and ``labels_oh = to_categorical(labels, 3)`` is not ``labels`` under another name;
- several new values made from the script's go together right after their sources;
- a second training stage added "right after your first `model.fit(...)`" is inserted whole,
  its own ``fit`` included, and the first stage is kept;
- a check that runs the script's own data line again before its prints is inspection, and
  an example with a line it says fails is a demonstration: neither is pasted;
- "right after the `tr, va` split", "replace `A` and `B` with this loop:", and "the
  `model = keras.Sequential([...])` part" said in Japanese place or replace the block;
- a re-pasted script that unpacks the script's own call into other names uses the
  script's names; "set the policy **before** any layer is created, right after the
  imports:" introduces code to add, not the "before" code; Dutch "Vervang `X` door:" and
  "vlak vóór `Y`";
- "import の直後に" (a space before の), "justo antes de compilar" then "Después ..." (a
  place and a next step, not "before"/"after" code), "after the training section" (the
  ``fit``, not every name with "train" in it), and a layer to add between two identical
  lines of a list;
- a name the answer imports the way the script reaches Keras (``from keras.optimizers.
  schedules import CosineDecay`` in a script that imports ``keras``) keeps the answer's import.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

F = "```"
SCRIPT = """import numpy as np
import keras
from keras import layers
from keras.callbacks import EarlyStopping


def load():
    xs = np.random.rand(90, 6).astype("float32")
    labels = np.random.randint(0, 3, 90)
    return xs, labels


xs, labels = load()
tr, va = np.arange(70), np.arange(70, 90)
base = keras.Sequential([keras.Input((6,)), layers.Dense(16, activation="relu")])
base.trainable = False
model = keras.Sequential([
    base,
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(xs[tr], labels[tr], epochs=1, verbose=0)
print(model.evaluate(xs[va], labels[va], verbose=0))
"""


def applied(answer: str, script: str = SCRIPT) -> str:
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    return result.new_text


def test_a_new_list_passed_to_fit_keeps_its_name() -> None:
    answer = f"""Stop early. First define the callbacks:

{F}python
callbacks = [EarlyStopping(patience=2, restore_best_weights=True)]
{F}

then pass them to `fit`:

{F}python
model.fit(xs[tr], labels[tr], epochs=1, verbose=0, callbacks=callbacks)
{F}
"""
    new = applied(answer)
    assert "callbacks=callbacks)" in new
    assert "keras.callbacks," not in new and "callbacks=keras.callbacks" not in new
    assert new.index("callbacks = [") < new.index("callbacks=callbacks")


def test_new_values_made_from_the_scripts_go_after_their_sources_and_keep_their_names() -> None:
    answer = f"""Use one-hot labels with label smoothing. After loading:

{F}python
labels_oh = keras.utils.to_categorical(labels, 3)
weights_oh = np.ones(len(labels_oh))
{F}

Then compile with the categorical loss and train on them:

{F}python
model.compile(optimizer="adam", loss=keras.losses.CategoricalCrossentropy(label_smoothing=0.1), metrics=["accuracy"])
model.fit(xs[tr], labels_oh[tr], epochs=1, verbose=0)
{F}
"""
    new = applied(answer)
    assert "xs, labels = load()\nlabels_oh = keras.utils.to_categorical(labels, 3)\n" in new
    assert "model.fit(xs[tr], labels_oh[tr], epochs=1, verbose=0)" in new
    assert "labels = keras.utils.to_categorical(labels" not in new


def test_a_second_training_stage_after_the_first_fit_is_inserted_whole() -> None:
    answer = f"""Fine-tune in a second stage. Add this right after your first `model.fit(...)` call:

{F}python
base.trainable = True
model.compile(optimizer=keras.optimizers.Adam(1e-5), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(xs[tr], labels[tr], epochs=1, verbose=0)
{F}
"""
    new = applied(answer)
    assert "base.trainable = False\n" in new
    assert new.count("model.fit(xs[tr], labels[tr], epochs=1, verbose=0)") == 2
    assert new.count("model.compile(") == 2
    first_fit = new.index("model.fit(")
    assert first_fit < new.index("base.trainable = True") < new.index("print(model.evaluate")


def test_a_check_that_reruns_the_data_line_and_an_error_example_are_not_pasted() -> None:
    check = f"""Let's confirm the labels first. In a new cell, run:

{F}python
xs, labels = load()
print(xs.shape, labels.dtype)
print(np.unique(labels))
{F}
"""
    result = apply_answer(SCRIPT, check)
    assert result.new_text in (None, SCRIPT)
    demo = f"""An `Embedding` is a lookup table, so an id past its size fails:

{F}python
emb = layers.Embedding(4, 2)
emb(np.array([[9]]))  # InvalidArgumentError: indices[0,0] = 9 is not in [0, 4)
{F}

Compare the largest id with `input_dim`.
"""
    result = apply_answer(SCRIPT, demo)
    assert result.new_text in (None, SCRIPT)
    assert "demonstration" in result.blocks[0].detail


def test_places_and_replacements_said_in_words() -> None:
    split = f"""Compute class weights right after the `tr, va` split:

{F}python
counts = np.bincount(labels[tr], minlength=3)
{F}
"""
    new = applied(split)
    assert "tr, va = np.arange(70), np.arange(70, 90)\ncounts = np.bincount" in new
    loop = f"""Replace the `model.compile` and `model.fit` with this loop:

{F}python
for lr in (1e-3, 1e-4):
    model.compile(optimizer=keras.optimizers.Adam(lr), loss="sparse_categorical_crossentropy")
    model.fit(xs[tr], labels[tr], epochs=1, verbose=0)
{F}
"""
    new = applied(loop)
    assert new.count("model.fit(") == 1 and new.count("model.compile(") == 1
    assert "for lr in (1e-3, 1e-4):\n    model.compile(" in new
    part = f"""`model = keras.Sequential([...])` の部分を次のように置き換えてください：

{F}python
model = keras.Sequential([
    base,
    layers.Dropout(0.2),
    layers.Dense(3, activation="softmax"),
])
{F}
"""
    new = applied(part)
    assert new.count("model = keras.Sequential([") == 1
    assert "    layers.Dropout(0.2),\n" in new


def test_a_repasted_unpacking_under_other_names_keeps_the_scripts_names() -> None:
    answer = f"""Here is the whole script with early stopping:

{F}python
import numpy as np
import keras
from keras import layers
from keras.callbacks import EarlyStopping


def load():
    xs = np.random.rand(90, 6).astype("float32")
    labels = np.random.randint(0, 3, 90)
    return xs, labels


feats, targets = load()
tr, va = np.arange(70), np.arange(70, 90)
base = keras.Sequential([keras.Input((6,)), layers.Dense(16, activation="relu")])
base.trainable = False
model = keras.Sequential([
    base,
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(feats[tr], targets[tr], epochs=1, verbose=0, callbacks=[EarlyStopping(patience=2)])
print(model.evaluate(feats[va], targets[va], verbose=0))
{F}
"""
    new = applied(answer)
    assert "xs, labels = load()\n" in new
    assert (
        "model.fit(xs[tr], labels[tr], epochs=1, verbose=0, callbacks=[EarlyStopping(patience=2)])"
        in new
    )
    assert "feats" not in new and "targets" not in new


def test_before_any_layer_is_a_place_and_dutch_places_and_replacements() -> None:
    policy = f"""Use mixed precision. Set the global policy **before** any layer is created, i.e. right after the imports:

{F}python
keras.mixed_precision.set_global_policy("mixed_float16")
{F}

And keep the softmax in float32:

{F}python
model = keras.Sequential([
    base,
    layers.Dense(3),
    layers.Activation("softmax", dtype="float32"),
])
{F}
"""
    new = applied(policy)
    assert (
        'from keras.callbacks import EarlyStopping\nkeras.mixed_precision.set_global_policy("mixed_float16")\n'
        in new
    )
    assert 'layers.Activation("softmax", dtype="float32"),' in new
    dutch = f"""Vervang `tr, va = np.arange(70), np.arange(70, 90)` door:

{F}python
tr, va = np.arange(72), np.arange(72, 90)
{F}

Voeg daarna deze controle toe vlak vóór `model.compile(`:

{F}python
assert len(tr) + len(va) == len(xs)
{F}
"""
    new = applied(dutch)
    assert "tr, va = np.arange(72), np.arange(72, 90)\n" in new and "np.arange(70)" not in new
    assert "assert len(tr) + len(va) == len(xs)\nmodel.compile(" in new


def test_more_places_said_in_words() -> None:
    seeds = f"""import の直後に次のコードを追加してください：

{F}python
keras.utils.set_random_seed(7)
{F}
"""
    new = applied(seeds)
    assert "from keras.callbacks import EarlyStopping\nkeras.utils.set_random_seed(7)\n" in new
    spanish = f"""Primero define el schedule justo antes de compilar:

{F}python
schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10)
{F}

Después pásalo al optimizador en `model.compile`:

{F}python
model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
{F}
"""
    new = applied(spanish)
    assert "schedule = keras.optimizers.schedules.CosineDecay(1e-3, decay_steps=10)" in new
    assert "optimizer=keras.optimizers.Adam(schedule)" in new
    section = f"""Save it. Add this after the training section:

{F}python
model.save("model.keras")
{F}
"""
    new = applied(section)
    assert 'model.fit(xs[tr], labels[tr], epochs=1, verbose=0)\nmodel.save("model.keras")\n' in new


TWINS = SCRIPT.replace(
    """    base,
    layers.Dense(3, activation="softmax"),""",
    """    base,
    layers.Dense(8, activation="relu"),
    layers.Dense(8, activation="relu"),
    layers.Dense(3, activation="softmax"),""",
)


def test_a_layer_between_two_identical_lines_goes_between_them() -> None:
    answer = f"""Put a dropout between the two hidden layers:

{F}python
    layers.Dense(8, activation="relu"),
    layers.Dropout(0.2),
    layers.Dense(8, activation="relu"),
{F}
"""
    new = applied(answer, TWINS)
    assert (
        '    layers.Dense(8, activation="relu"),\n    layers.Dropout(0.2),\n'
        '    layers.Dense(8, activation="relu"),\n    layers.Dense(3'
    ) in new


def test_an_import_in_the_scripts_own_style_is_kept_as_the_answer_writes_it() -> None:
    answer = f"""Use a cosine schedule:

{F}python
from keras.optimizers.schedules import CosineDecay

schedule = CosineDecay(1e-3, decay_steps=20)
model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
{F}
"""
    new = applied(answer)
    assert "from keras.optimizers.schedules import CosineDecay\n" in new
    assert "schedule = CosineDecay(1e-3, decay_steps=20)\n" in new
    assert new.index("schedule = CosineDecay") < new.index("model.compile(")
