"""The two faults of the eighteenth real-world set, in scripts written here.

- Images whose colour axis a preprocessing helper moves to the front
  (``np.moveaxis(img, -1, 0)``, left from a channels-first setup) fed to a model declared
  channels last: the move goes, the model stays as declared. A script with two such moves,
  or a model declared channels first, gets nothing from the operator.
- ``model.reset_states()`` on a Keras 3 ``Sequential``: each stateful layer is reset.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

from gptfix.values import ValueFact, ValueTrace

IMAGES = """import numpy as np
import keras

SIZE = 12


def prepare(img):
    img = img / 255.0
    img = np.moveaxis(img, -1, 0)
    return img


raw = [np.random.randint(0, 255, (SIZE, SIZE, 3)).astype("float32") for _ in range(16)]
X = np.array([prepare(r) for r in raw], dtype="float32")
y = np.random.randint(0, 2, 16)
model = keras.Sequential([
    keras.Input(shape=(SIZE, SIZE, 3)),
    keras.layers.Conv2D(4, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(2, activation="softmax"),
])
model.compile("adam", "sparse_categorical_crossentropy")
model.fit(X, y, epochs=1, verbose=0)
"""

MESSAGE = (
    "Input 0 of layer 'conv2d' is incompatible with the layer: expected axis -1 of input "
    "shape to have value 3, but received input with shape (16, 3, 12, 12)"
)


def _trace(text: str) -> ValueTrace:
    line = text.split("\n").index('X = np.array([prepare(r) for r in raw], dtype="float32")') + 1
    return ValueTrace(
        {"/project/train.py": {line: [ValueFact("X", "ndarray", [16, 3, 12, 12], "float32")]}}
    )


def test_the_move_of_the_channels_to_the_front_goes() -> None:
    line = IMAGES.split("\n").index("model.fit(X, y, epochs=1, verbose=0)") + 1
    fixes = rule_fixes(IMAGES, "ValueError", MESSAGE, line, "ops.undo-axis-move", _trace(IMAGES))
    assert len(fixes) == 1
    assert "    img = img\n" in fixes[0].new_text
    assert "keras.Input(shape=(SIZE, SIZE, 3))" in fixes[0].new_text
    twice = IMAGES.replace("img = img / 255.0", "img = np.transpose(img, (2, 0, 1))")
    assert rule_fixes(twice, "ValueError", MESSAGE, line, "ops.undo-axis-move", _trace(twice)) == []
    first = IMAGES.replace("shape=(SIZE, SIZE, 3)", "shape=(3, SIZE, SIZE)")
    assert rule_fixes(first, "ValueError", MESSAGE, line, "ops.undo-axis-move", _trace(first)) == []
    # a helper nothing calls made none of the fed array
    unused = IMAGES.replace(
        "    img = np.moveaxis(img, -1, 0)\n    return img\n",
        "    return img\n\n\ndef export_layout(img):\n    return np.moveaxis(img, -1, 0)\n",
    )
    assert "def export_layout" in unused
    assert (
        rule_fixes(unused, "ValueError", MESSAGE, line, "ops.undo-axis-move", _trace(unused)) == []
    )


STATEFUL = """import numpy as np
import keras

model = keras.Sequential([
    keras.Input(batch_shape=(1, 5, 2)),
    keras.layers.LSTM(4, stateful=True),
    keras.layers.Dense(1),
])
seq = np.random.rand(1, 5, 2).astype("float32")
for step in range(2):
    model.reset_states()
    print(model.predict(seq, verbose=0).shape)
"""


def test_a_models_reset_states_resets_its_layers() -> None:
    line = STATEFUL.split("\n").index("    model.reset_states()") + 1
    msg = "'Sequential' object has no attribute 'reset_states'"
    fixes = rule_fixes(STATEFUL, "AttributeError", msg, line, "api.removed-method")
    assert len(fixes) == 1
    assert (
        '    for layer in model.layers:\n        if hasattr(layer, "reset_states"):\n'
        "            layer.reset_states()\n" in fixes[0].new_text
    )
    # another object's reset (a metric's) is not the model's: left as it is
    other = STATEFUL.replace(
        "    model.reset_states()\n", "    model.reset_states()\n    meter.reset_states()\n"
    )
    fixes = rule_fixes(other, "AttributeError", msg, line, "api.removed-method")
    assert len(fixes) == 1 and "    meter.reset_states()\n" in fixes[0].new_text
    assert "meter.layers" not in fixes[0].new_text


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("moves"), {"images": IMAGES, "stateful": STATEFUL})


@pytest.mark.tf
@pytest.mark.parametrize("name", ["images", "stateful"])
def test_the_scripts_run_after_the_fix(runs: dict[str, Any], name: str) -> None:
    path, out, data = runs[name]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    text = path.read_text()
    assert "moveaxis" not in text and "model.reset_states()" not in text
