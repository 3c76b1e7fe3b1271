"""The boot hook with real Keras: smoke caps, eager/graph, runtime facts, build summaries."""

from __future__ import annotations

import json

import pytest

from gptfix.model import RunStatus
from gptfix.runner import run_script

pytestmark = pytest.mark.tf

SMOKE_SCRIPT = """
import json
import numpy as np
import keras
import tensorflow as tf
from keras import layers


class Seen(keras.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


class BatchRows(layers.Layer):
    rows = []

    def call(self, x):
        BatchRows.rows.append(int(x.shape[0]) if x.shape[0] is not None else None)
        return x


x = np.random.rand(2000, 8).astype("float32")
y = np.random.randint(0, 3, 2000)
model = keras.Sequential([keras.Input((8,)), BatchRows(), layers.Dense(3)])
model.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
stats = {}

seen = Seen()
model.fit(x, y, epochs=30, validation_split=0.2, callbacks=[seen], verbose=0)
stats["numpy_batches"] = seen.batches
stats["numpy_rows"] = sorted({r for r in BatchRows.rows if r is not None})
stats["run_eagerly"] = model.run_eagerly

ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(16).repeat()
seen = Seen()
model.fit(ds, epochs=10, steps_per_epoch=500, callbacks=[seen], verbose=0)
stats["dataset_batches"] = seen.batches

stats["evaluate"] = isinstance(model.evaluate(x, y, verbose=0), float)
stats["predict_rows"] = int(model.predict(x, verbose=0).shape[0])
# a small finite dataset is predicted whole (its rows are unknown up front: the code that
# compares the predictions with its labels needs them all); a large one is capped
small = tf.data.Dataset.from_tensor_slices(x[:101]).batch(32)
stats["small_dataset_rows"] = int(model.predict(small, verbose=0).shape[0])
large = tf.data.Dataset.from_tensor_slices(x).batch(16)
stats["large_dataset_rows"] = int(model.predict(large, verbose=0).shape[0])
print("STATS " + json.dumps(stats))
"""


def _stats(lines: list[str]) -> dict:
    [line] = [ln for ln in lines if ln.startswith("STATS ")]
    return json.loads(line[len("STATS ") :])


def _collect(lines: list[str]):
    return lambda stream, text: lines.append(text) if stream == "stdout" else None


def test_smoke_caps_a_30_epoch_fit_and_reports_the_caps(write_script):
    script = write_script(SMOKE_SCRIPT)
    lines: list[str] = []
    result = run_script(script, mode="smoke", smoke_steps=2, on_output=_collect(lines), timeout=120)
    assert result.status is RunStatus.SUCCEEDED, result.failure
    stats = _stats(lines)
    # numpy input: 2 steps of Keras's usual 32 rows (not all 1600 rows in 2 huge batches)
    assert stats["numpy_batches"] == 2
    assert stats["numpy_rows"] == [32]
    assert stats["run_eagerly"] is True
    assert stats["dataset_batches"] == 2  # tf.data: 1 epoch x 2 steps instead of 10 x 500
    assert stats["evaluate"] is True
    assert stats["predict_rows"] == 2000  # outputs keep the input's length
    assert stats["small_dataset_rows"] == 101  # 4 batches: all of them
    assert stats["large_dataset_rows"] == 32  # 125 batches: 2 steps of 16
    capped = result.smoke["capped"]
    assert (
        "fit: epochs 30 -> 1, steps_per_epoch -> 2, validation_steps -> 2, run_eagerly -> True"
        in capped
    )
    assert "fit: epochs 10 -> 1, steps_per_epoch 500 -> 2" in capped
    assert "evaluate: steps -> 2" in capped
    assert "predict: steps -> 2, outputs zero-padded to 2000 rows" in capped
    assert result.duration_s is not None and result.duration_s < 60


def test_smoke_graph_option_keeps_graph_mode(write_script):
    script = write_script(SMOKE_SCRIPT)
    lines: list[str] = []
    result = run_script(script, mode="smoke", eager=False, on_output=_collect(lines), timeout=120)
    assert result.status is RunStatus.SUCCEEDED, result.failure
    stats = _stats(lines)
    assert stats["run_eagerly"] is False
    assert stats["numpy_batches"] == 2
    assert not any("run_eagerly" in c for c in result.smoke["capped"])


def test_facts_on_a_real_tensorflow_failure(write_script):
    script = write_script(
        """
        import numpy as np
        import tensorflow as tf
        import keras

        def project(features, weights, images, symbolic):
            return tf.matmul(features, weights)

        features = np.zeros((4, 3), dtype="float32")
        weights = tf.ones((5, 2))
        images = tf.data.Dataset.from_tensor_slices(np.zeros((8, 32, 32, 3), "float32")).batch(4)
        symbolic = keras.Input((28, 28, 1))
        out = project(features, weights, images, symbolic)
        """
    )
    result = run_script(script, timeout=120)
    failure = result.failure
    assert failure is not None, result
    assert failure.type == "InvalidArgumentError"
    assert failure.location is not None and failure.location.line == 6
    local = failure.facts["locals"]
    assert local["features"] == {"type": "numpy.ndarray", "shape": [4, 3], "dtype": "float32"}
    assert local["weights"]["shape"] == [5, 2] and local["weights"]["dtype"] == "float32"
    assert local["weights"]["type"].startswith("tensorflow.")
    assert local["images"]["element_spec"] == "TensorSpec(shape=(None, 32, 32, 3), dtype=float32)"
    assert local["symbolic"] == {
        "type": "keras.KerasTensor",
        "shape": [None, 28, 28, 1],
        "dtype": "float32",
    }
    versions = failure.facts["versions"]
    assert {"python", "tensorflow", "keras", "numpy"} <= set(versions)
    assert failure.facts["devices"]["tensorflow_gpus"] == []  # CPU-only machine here


BUILD_SCRIPT = """
import numpy as np
import keras
import tensorflow as tf
from keras import layers

inputs = keras.Input((32, 32, 3), name="image")
x = layers.Conv2D(8, 3, activation="relu", name="conv")(inputs)
x = layers.GlobalAveragePooling2D(name="pool")(x)
outputs = layers.Dense(10, activation="softmax", name="head")(x)
model = keras.Model(inputs, outputs, name="classifier")
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=3e-4),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
images = np.zeros((64, 32, 32, 3), "float32")
labels = np.zeros(64, "int32")
train_ds = tf.data.Dataset.from_tensor_slices((images, labels)).batch(16).prefetch(2)
print("before fit")
model.fit(train_ds, epochs=50)
print("after fit")
"""


def test_build_mode_stops_at_fit_with_a_model_summary(write_script):
    script = write_script(BUILD_SCRIPT)
    lines: list[str] = []
    result = run_script(script, mode="build", on_output=_collect(lines), timeout=120)
    assert result.status is RunStatus.SUCCEEDED and result.exit_code == 0
    assert "before fit\n" in lines and "after fit\n" not in lines
    build = result.build
    assert build is not None
    [model] = build["models"]
    assert model["name"] == "classifier"
    layers = {layer["name"]: layer for layer in model["layers"]}
    assert list(layers) == ["image", "conv", "pool", "head"]
    conv = layers["conv"]
    assert conv["class"] == "Conv2D"
    assert conv["output_shape"] == [None, 30, 30, 8]  # 3x3 'valid' conv on 32x32
    assert conv["params"] == 3 * 3 * 3 * 8 + 8
    assert conv["inbound"] == ["image"] and layers["head"]["inbound"] == ["pool"]
    assert layers["head"]["output_shape"] == [None, 10] and layers["head"]["dtype"] == "float32"
    assert model["params"] == (3 * 3 * 3 * 8 + 8) + (8 * 10 + 10)
    assert model["trainable_params"] == model["params"]
    assert model["inputs"] == [{"name": "image", "shape": [None, 32, 32, 3], "dtype": "float32"}]
    assert model["compile"]["optimizer"] == "Adam"
    assert model["compile"]["learning_rate"] == pytest.approx(3e-4)
    assert model["compile"]["loss"] == "sparse_categorical_crossentropy"
    assert model["compile"]["metrics"] == ["accuracy"]
    fit = build["fit"]
    assert (fit["method"], fit["batch_size"], fit["batch_size_source"]) == ("fit", 16, "dataset")
    assert fit["epochs"] == 50


SUBCLASSED = """
import numpy as np
import keras
from keras import layers


class Tiny(keras.Model):
    def __init__(self):
        super().__init__(name="tiny")
        self.conv = layers.Conv2D(4, 3, padding="same")
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(5)

    def call(self, x):
        return self.head(self.pool(self.conv(x)))


images = np.zeros((40, 16, 16, 3), "float32")
labels = np.zeros(40, "int32")
model = Tiny()
model.compile("sgd", keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(images, labels, batch_size=8, epochs=3)
"""


def test_build_mode_builds_a_subclassed_model_from_patched_text(write_script):
    script = write_script(BUILD_SCRIPT)  # on disk: the functional model; run: the patched text
    result = run_script(script, mode="build", text=SUBCLASSED, timeout=120)
    assert result.status is RunStatus.SUCCEEDED, result.failure
    [model] = result.build["models"]
    assert (model["name"], model["class"], model["built"]) == ("tiny", "Tiny", True)
    params = {layer["name"]: layer["params"] for layer in model["layers"]}
    assert list(params.values()) == [3 * 3 * 3 * 4 + 4, 0, 4 * 5 + 5]
    assert model["params"] == sum(params.values())
    assert model["forward"]["inputs"]["shape"] == [8, 16, 16, 3]
    assert model["forward"]["outputs"]["shape"] == [8, 5]
    fit = result.build["fit"]
    assert (fit["batch_size"], fit["batch_size_source"], fit["epochs"]) == (8, "argument", 3)
    assert model["compile"]["optimizer"] == "SGD"
    assert (
        model["compile"]["loss"] == "SparseCategoricalCrossentropy"
        or "sparse" in model["compile"]["loss"]
    )


def test_build_mode_stops_on_a_forward_pass_error_like_fit_would(write_script):
    broken = SUBCLASSED.replace("self.pool(self.conv(x))", "self.conv(x) + x")
    script = write_script(broken)
    result = run_script(script, mode="build", timeout=120)
    assert result.status is RunStatus.FAILED
    assert result.failure is not None
    assert "\x1b[" not in result.failure.message  # Keras's bold codes are stripped
    assert result.failure.location is not None
    assert result.failure.location.line == 14  # inside call(), where the shapes clash


def test_build_mode_without_training_summarises_at_script_end(write_script):
    script = write_script(
        """
        import keras
        from keras import layers

        backbone = keras.Sequential(
            [keras.Input((10,)), layers.Dense(6, name="hidden")], name="backbone"
        )
        inputs = keras.Input((10,), name="features")
        outputs = layers.Dense(2, name="score")(backbone(inputs))
        scorer = keras.Model(inputs, outputs, name="scorer")
        print("done building")
        """
    )
    lines: list[str] = []
    result = run_script(script, mode="build", on_output=_collect(lines), timeout=120)
    assert result.status is RunStatus.SUCCEEDED
    assert lines == ["done building\n"]  # the script ran to its end
    build = result.build
    assert build is not None and build["fit"] is None
    models = {m["name"]: m for m in build["models"]}
    assert set(models) == {"scorer", "backbone"}
    assert models["scorer"]["compile"] is None
    assert models["scorer"]["params"] == (10 * 6 + 6) + (6 * 2 + 2)
    score = [layer for layer in models["scorer"]["layers"] if layer["name"] == "score"][0]
    assert score["inbound"] == ["backbone"] and score["output_shape"] == [None, 2]
