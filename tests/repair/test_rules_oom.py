"""The out-of-memory rules act on the program model's batch sizes and dtype policy.

Each script spells its batch size or its precision setting in a way a text matcher of
its own missed (a parameter bound at the call site, a dict entry, a Keras 3 dtype-policy
call); the fix must change the value where it is defined, or leave the policy alone.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.model import Fix, Script
from gptfix.repair import candidate_fixes
from gptfix.tracebacks import locate, parse_log

OOM = """Traceback (most recent call last):
  File "{script}", line {line}, in <module>
    model.fit(train_ds, epochs=3)
tensorflow.python.framework.errors_impl.ResourceExhaustedError: Graph execution error:

OOM when allocating tensor with shape[64,56,56,256] and type float on /job:localhost/replica:0/task:0/device:GPU:0 by allocator GPU_0_bfc
\t [[{{{{node model/conv2/Conv2D}}}}]]
"""


def _fixes(tmp_path: Path, text: str) -> dict[str, Fix]:
    script = tmp_path / "train.py"
    script.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if ".fit(" in t)
    failure = locate(parse_log(OOM.format(script=script, line=line))[-1], script)
    found = candidate_fixes(Script.read(script), failure)
    return {f.origin: f for f in found}


HEAD = """import keras
import tensorflow as tf
from tensorflow.keras import layers

inputs = keras.Input((224, 224, 3))
x = layers.Conv2D(256, 3)(inputs)
outputs = layers.Dense(10, activation="softmax")(layers.GlobalAveragePooling2D()(x))
model = keras.Model(inputs, outputs)
model.compile("adam", "sparse_categorical_crossentropy")
"""


def test_batch_size_passed_to_a_pipeline_helper_is_halved_at_the_config(tmp_path: Path) -> None:
    text = (
        HEAD
        + "class CFG:\n    images_per_step = 64\n\n"
        + "def make_ds(files, size):\n    return tf.data.Dataset.from_tensor_slices(files).batch(size)\n\n"
        + "train_ds = make_ds(paths, CFG.images_per_step)\nmodel.fit(train_ds, epochs=3)\n"
    )
    fix = _fixes(tmp_path, text)["rule:oom.halve-batch"]
    assert fix.new_text == text.replace("images_per_step = 64\n", "images_per_step = 32\n")


def test_batch_size_in_a_dict_config_is_halved_there(tmp_path: Path) -> None:
    text = (
        'params = {"per_step": 64, "epochs": 3}\n'
        + HEAD
        + 'train_ds = tf.data.Dataset.range(8).batch(params["per_step"])\n'
        + "model.fit(train_ds, epochs=3)\n"
    )
    fix = _fixes(tmp_path, text)["rule:oom.halve-batch"]
    assert fix.new_text == text.replace('"per_step": 64', '"per_step": 32')


def test_mixed_precision_keeps_the_output_layer_float32(tmp_path: Path) -> None:
    text = HEAD + "train_ds = tf.data.Dataset.range(8).batch(64)\nmodel.fit(train_ds, epochs=3)\n"
    fix = _fixes(tmp_path, text)["rule:oom.mixed-precision"]
    assert 'layers.Dense(10, activation="softmax", dtype="float32")' in fix.new_text
    assert 'keras.mixed_precision.set_global_policy("mixed_float16")\n' in fix.new_text
    assert fix.new_text.count("dtype=") == 1


def test_a_keras3_dtype_policy_already_set_is_not_set_again(tmp_path: Path) -> None:
    text = (
        HEAD.replace(
            "import keras\n", 'import keras\nkeras.config.set_dtype_policy("mixed_float16")\n'
        )
        + "train_ds = tf.data.Dataset.range(8).batch(64)\nmodel.fit(train_ds, epochs=3)\n"
    )
    fixes = _fixes(tmp_path, text)
    assert "rule:oom.mixed-precision" not in fixes
    assert "batch(32)" in fixes["rule:oom.halve-batch"].new_text
