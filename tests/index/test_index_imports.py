"""Import styles: resolving dotted names and writing them back in the script's style."""

from __future__ import annotations

import pytest

from gptfix.index import build_index
from gptfix.names import reconcile

STYLES = [
    # (import lines, how keras.layers.Dense is written, how keras.optimizers.Adam is written)
    ("import keras\n", "keras.layers.Dense", "keras.optimizers.Adam"),
    ("import keras\nfrom keras import layers\n", "layers.Dense", "keras.optimizers.Adam"),
    ("from tensorflow import keras\n", "keras.layers.Dense", "keras.optimizers.Adam"),
    ("import tensorflow as tf\n", "tf.keras.layers.Dense", "tf.keras.optimizers.Adam"),
    (
        "from tensorflow import keras\nfrom tensorflow.keras import layers\n",
        "layers.Dense",
        "keras.optimizers.Adam",
    ),
    ("import tensorflow.keras as tfk\n", "tfk.layers.Dense", "tfk.optimizers.Adam"),
    (
        "import tensorflow as tf\nfrom tensorflow.keras.layers import Dense\n",
        "Dense",
        "tf.keras.optimizers.Adam",
    ),
]


@pytest.mark.parametrize(("imports", "dense", "adam"), STYLES)
def test_spell_in_the_scripts_style(imports: str, dense: str, adam: str) -> None:
    index = build_index(imports + "x = 1\n")
    assert index.imports.spell("keras.layers.Dense") == dense
    assert index.imports.spell("tensorflow.keras.optimizers.Adam") == adam
    assert index.imports.resolve(dense) == "keras.layers.Dense"


@pytest.mark.parametrize(("imports", "dense", "adam"), STYLES)
def test_snippet_written_with_layers_is_rewritten_in_each_style(
    imports: str, dense: str, adam: str
) -> None:
    script = imports + "inputs = None\nx = inputs\n"
    before = "x = layers.Dense(8)(x)\nopt = keras.optimizers.Adam(1e-3)\n"
    after = reconcile(before, script).apply()
    assert after == f"x = {dense}(8)(x)\nopt = {adam}(1e-3)\n"


def test_nothing_spells_a_module_the_script_never_imports() -> None:
    index = build_index("import numpy as np\n")
    assert index.imports.spell("keras.layers.Dense") is None
    assert index.imports.spell_or_import("keras.layers.Dense") == (
        "keras.layers.Dense",
        "import keras",
    )
    assert index.imports.spell_or_import("tensorflow.data.AUTOTUNE") == (
        "tf.data.AUTOTUNE",
        "import tensorflow as tf",
    )


def test_function_level_import_is_only_used_inside_that_function() -> None:
    text = (
        "import keras\n\ndef build():\n    from keras import layers\n    return layers.Dense(1)\n"
    )
    index = build_index(text)
    assert index.spell("keras.layers.Dense", line=5) == "layers.Dense"
    assert index.spell("keras.layers.Dense", line=1) == "keras.layers.Dense"


def test_import_style_summary_and_aliases() -> None:
    index = build_index("import tensorflow as tf\nfrom tensorflow.keras import layers as L\n")
    assert index.imports.aliases() == {"tf": "tensorflow", "L": "keras.layers"}
    assert index.imports.style() == "L"
    names = {n.local: n.written for n in index.imports.names}
    assert names == {"tf": "tensorflow", "L": "tensorflow.keras.layers"}


def test_the_scripts_own_keras_import_wins_over_tf_keras_however_often_tf_is_used() -> None:
    text = (
        "import tensorflow as tf\nimport keras\n\n"
        "a = tf.data.Dataset.range(3)\nb = tf.constant(1)\nc = tf.data.AUTOTUNE\n"
        "m = keras.Sequential()\n"
    )
    index = build_index(text)
    assert index.imports.spell("keras.optimizers.schedules.CosineDecay") == (
        "keras.optimizers.schedules.CosineDecay"
    )
    only_tf = build_index("import tensorflow as tf\n\nm = tf.keras.Sequential()\n")
    assert only_tf.imports.spell("keras.layers.Dense") == "tf.keras.layers.Dense"
