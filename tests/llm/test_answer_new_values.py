"""A new value one step makes and a later step uses, and a step placed by the prose whose
last line re-pastes the script's next statement.

"Add augmentation:" ``aug = keras.Sequential([...])`` has no anchor in the script; the
next step ("apply it right after `inputs`") reads it, so it is a new value placed before
its first use, like a new function. That next step re-pastes the script's first layer to
read ``aug``'s output: the layer is rewritten, not added a second time. A value no later
step reads stays refused as unrelated code.

Every answer was written for its test; the script is a short program written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

SCRIPT = """import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

IMG = 32


def build_model(n_classes):
    inputs = keras.Input((IMG, IMG, 3))
    x = layers.Conv2D(16, 3, activation="relu")(inputs)
    x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(n_classes, activation="softmax")(x)
    return keras.Model(inputs, outputs)


images = np.random.rand(64, IMG, IMG, 3).astype("float32")
labels = np.random.randint(0, 3, 64)
model = build_model(3)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, labels, epochs=2)
"""

AUG = 'flip = keras.Sequential([layers.RandomFlip("horizontal"), layers.RandomZoom(0.1)])'


def test_a_value_a_later_step_reads_goes_before_its_first_use() -> None:
    answer = (
        f"Primero, define la augmentación:\n\n```python\n{AUG}\n```\n\n"
        "y aplícala justo después de `inputs` en `build_model`:\n\n```python\n"
        "    x = flip(inputs)\n"
        '    x = layers.Conv2D(16, 3, activation="relu")(x)\n```\n'
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index(AUG) < new.index("def build_model")
    assert (
        "    inputs = keras.Input((IMG, IMG, 3))\n"
        "    x = flip(inputs)\n"
        '    x = layers.Conv2D(16, 3, activation="relu")(x)\n'
        "    x = layers.MaxPooling2D()(x)\n"
    ) in new
    assert new.count("layers.Conv2D(") == 1
    assert [r.status for r in result.blocks] == ["applied", "applied"]


def test_a_value_no_later_step_reads_is_still_refused() -> None:
    answer = f"You could also try this:\n\n```python\n{AUG}\n```\n"
    result = apply_answer(SCRIPT, answer)
    assert not result.ok
    assert result.new_text is None


def test_new_helper_values_with_a_transformation_go_after_the_source() -> None:
    answer = (
        "Standardise the images first:\n\n```python\n"
        "mu, sigma = images.mean(), images.std()\n"
        "images = (images - mu) / sigma\n```\n"
    )
    result = apply_answer(SCRIPT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert (
        'images = np.random.rand(64, IMG, IMG, 3).astype("float32")\n'
        "mu, sigma = images.mean(), images.std()\n"
        "images = (images - mu) / sigma\n"
        "labels = np.random.randint(0, 3, 64)\n"
    ) in result.new_text


MERGED = """import numpy as np
from keras.models import Sequential
from keras.layers import Concatenate, Dense

rng = np.random.RandomState(1)
xa = rng.rand(50, 2)
xb = rng.rand(50, 3)
target = rng.rand(50, 2)

one = Sequential()
one.add(Dense(1, input_shape=(2,)))
two = Sequential()
two.add(Dense(1, input_shape=(3,)))
both = Concatenate([one, two])
both.compile(optimizer="sgd", loss="mse")
both.fit([xa, xb], target, epochs=1)
"""


def test_a_corrected_section_rebinds_the_scripts_names_and_keeps_the_data_it_reads() -> None:
    answer = (
        "Here is the corrected part:\n\n```python\n"
        "from keras.models import Sequential, Model\n"
        "from keras.layers import Concatenate, Dense, Input\n\n"
        "one = Sequential()\none.add(Dense(1, input_shape=(2,)))\n"
        "two = Sequential()\ntwo.add(Dense(1, input_shape=(3,)))\n"
        "ia, ib = Input(shape=(2,)), Input(shape=(3,))\n"
        "both = Model([ia, ib], Concatenate()([one(ia), two(ib)]))\n"
        'both.compile(optimizer="sgd", loss="mse")\n'
        "both.fit([xa, xb], target, epochs=1)\n```\n"
    )
    result = apply_answer(MERGED, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert "both = Model([ia, ib], Concatenate()([one(ia), two(ib)]))\n" in new
    assert "both_2" not in new and "Concatenate([one, two])" not in new
    # the data the section reads but does not show stays, with what it is made from
    assert "rng = np.random.RandomState(1)\nxa = rng.rand(50, 2)\n" in new
    assert "target = rng.rand(50, 2)\n" in new


def test_a_new_value_through_a_module_the_script_does_not_import() -> None:
    # the script imports from `keras.*` only; the answer's callback reads `keras`
    script = (
        "import numpy as np\nfrom keras.models import Sequential\nfrom keras.layers import Dense\n\n"
        "x = np.random.rand(64, 4)\ny = x.sum(axis=1)\n"
        'model = Sequential([Dense(1)])\nmodel.compile(optimizer="adam", loss="mse")\n'
        "model.fit(x, y, epochs=1)\n"
    )
    answer = (
        "Add early stopping. First create the callback:\n\n"
        "```python\nes = keras.callbacks.EarlyStopping(patience=2)\n```\n\n"
        "Then pass it to fit:\n\n```python\nmodel.fit(x, y, epochs=10, callbacks=[es])\n```\n"
    )
    result = apply_answer(script, answer)
    assert result.ok and result.new_text is not None, result.refusal
    lines = result.new_text.split("\n")
    es = next(i for i, x in enumerate(lines) if x.startswith("es = "))
    fit = next(i for i, x in enumerate(lines) if x.startswith("model.fit("))
    assert es < fit and "callbacks=[es]" in lines[fit]
    # the module it reads is imported with the script's imports, not beside the value
    imported = [i for i, x in enumerate(lines) if x.startswith("import keras")]
    assert len(imported) == 1 and imported[0] < lines.index("x = np.random.rand(64, 4)")
