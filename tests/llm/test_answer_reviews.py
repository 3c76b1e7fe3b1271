"""Answers written as code reviews: a moved class re-pasted among list items, a value said
in a German clause whose verb comes last, and a placeholder described with names quoted.

- "置き換えてください" over ``keras.Input(...)`` / ``keras.layers.Rescaling(1.0 / 255),``:
  the second line is the script's ``keras.layers.experimental.preprocessing.Rescaling(1.0 /
  255),`` through its new module path (same class, same arguments): it replaces that line,
  it is not a new layer beside it.
- "Ich würde sie deutlich senken, auf 1e-4." then "Ändere dazu in `TrainConfig`:" over a
  block that writes ``1e-2``: the block contradicts the sentence and is refused.
- "`embedding_matrix` is the `(VOCAB_SIZE, EMBED_DIM)` array you built": the quoted names
  are not the description, and an array is never a number's name (``BATCH_SIZE``); the
  answer is refused for a name the script does not define.

Every answer was written for its test; the scripts are short programs written here.
"""

from __future__ import annotations

from gptfix.llm import apply_answer

IMAGES = """import numpy as np
import keras

IMG = 16
model = keras.Sequential([
    keras.Input(shape=(IMG, IMG, 1)),
    keras.layers.experimental.preprocessing.Rescaling(1.0 / 255),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(2, activation="softmax"),
])
"""


def test_a_list_item_through_its_new_module_path_replaces_the_old_one() -> None:
    answer = (
        "`keras.layers.experimental` は Keras 3 で削除されました。5〜6 行目を次のように置き換えて"
        "ください。\n\n```python\n    keras.Input(shape=(IMG, IMG, 1)),\n"
        "    keras.layers.Rescaling(1.0 / 255),\n```\n"
    )
    result = apply_answer(IMAGES, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "experimental" not in result.new_text
    assert result.new_text.count("Rescaling(") == 1
    assert "    keras.layers.Rescaling(1.0 / 255),\n    keras.layers.Conv2D(" in result.new_text


CONFIG = """from dataclasses import dataclass

import numpy as np
import keras


@dataclass
class TrainConfig:
    lr: float = 1e-3
    epochs: int = 1


cfg = TrainConfig()
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(cfg.lr), loss="mse")
model.fit(np.zeros((8, 4)), np.zeros((8, 1)), epochs=cfg.epochs, verbose=0)
"""


def test_a_german_value_whose_verb_ends_the_clause_is_checked_against_the_block() -> None:
    answer = (
        "Die Validierungs-MAE springt stark, die Lernrate ist zu hoch. Ich würde sie "
        "**deutlich senken, auf 1e-4**.\n\nÄndere dazu in `TrainConfig`:\n\n"
        "```python\n    lr: float = 1e-2\n```\n"
    )
    result = apply_answer(CONFIG, answer)
    assert not result.ok and result.new_text is None
    assert "0.0001" in (result.refusal or "")


TEXT = """import numpy as np
import keras
from keras import layers

VOCAB_SIZE = 200
SEQ_LEN = 20
EMBED_DIM = 8
BATCH_SIZE = 32


def build_model():
    inputs = keras.Input(shape=(SEQ_LEN,), dtype="int32")
    x = layers.Embedding(VOCAB_SIZE, EMBED_DIM)(inputs)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(2, activation="softmax")(x)
    return keras.Model(inputs, outputs)


x = np.random.randint(1, VOCAB_SIZE, size=(64, SEQ_LEN))
y = np.random.randint(0, 2, 64)
model = build_model()
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, batch_size=BATCH_SIZE, epochs=1, verbose=0)
"""


def test_a_placeholder_described_as_an_array_is_not_mapped_to_a_constant() -> None:
    answer = (
        "Use your pretrained vectors in a frozen `Embedding`:\n\n```python\ndef build_model():\n"
        '    inputs = keras.Input(shape=(SEQ_LEN,), dtype="int32")\n    x = layers.Embedding(\n'
        "        VOCAB_SIZE,\n        EMBED_DIM,\n"
        "        embeddings_initializer=keras.initializers.Constant(embedding_matrix),\n"
        "        trainable=False,\n    )(inputs)\n    x = layers.GlobalAveragePooling1D()(x)\n"
        '    outputs = layers.Dense(2, activation="softmax")(x)\n'
        "    return keras.Model(inputs, outputs)\n```\n\n"
        "`embedding_matrix` is the `(VOCAB_SIZE, EMBED_DIM)` array you built from the GloVe file.\n"
    )
    result = apply_answer(TEXT, answer)
    assert not result.ok and result.new_text is None
    assert "embedding_matrix" in (result.refusal or "")
    assert all(n.script != "BATCH_SIZE" for n in result.names)


def test_a_function_put_right_after_the_imports_follows_the_imports_it_brings() -> None:
    answer = (
        "Zet deze functie direct na de imports:\n\n```python\nimport re\nimport string\n\n\n"
        "def clean(text):\n"
        '    return re.sub(f"[{re.escape(string.punctuation)}]", "", text.lower())\n```\n'
    )
    result = apply_answer(TEXT, answer)
    assert result.ok and result.new_text is not None, result.refusal
    new = result.new_text
    assert new.index("from keras import layers") < new.index("import re") < new.index("def clean")
    assert new.index("import string") < new.index("def clean") < new.index("VOCAB_SIZE = 200")


HEAD = """import numpy as np
import keras
from keras import layers

inputs = keras.Input(shape=(8, 8, 3))
x = layers.Conv2D(4, 3, activation="relu")(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(2, activation="softmax")(x)
model = keras.Model(inputs, outputs)
"""


def test_russian_before_and_after_labels_make_a_pair() -> None:
    answer = (
        "Замените `Flatten` на `GlobalAveragePooling2D`:\n\nБыло:\n\n```python\n"
        'x = layers.Conv2D(4, 3, activation="relu")(inputs)\nx = layers.Flatten()(x)\n```\n\n'
        "Стало:\n\n```python\n"
        'x = layers.Conv2D(4, 3, activation="relu")(inputs)\nx = layers.GlobalAveragePooling2D()(x)\n```\n'
    )
    result = apply_answer(HEAD, answer)
    assert result.ok and result.new_text is not None, result.refusal
    assert "GlobalAveragePooling2D()(x)" in result.new_text and "Flatten" not in result.new_text


def test_a_pair_changing_code_the_script_never_runs_is_refused() -> None:
    script = HEAD.replace("x = layers.Flatten()(x)\n", "x = layers.GlobalMaxPooling2D()(x)\n")
    answer = (
        "Before:\n\n```python\nx = base_model.output\nx = layers.Flatten()(x)\n"
        'x = layers.Dense(512, activation="relu")(x)\n```\n\n'
        "After:\n\n```python\nx = base_model.output\nx = layers.GlobalAveragePooling2D()(x)\n"
        'x = layers.Dense(512, activation="relu")(x)\n```\n'
    )
    result = apply_answer(script, answer)
    assert not result.ok and result.new_text is None
    assert "written for other code" in (result.refusal or "")
