"""memory, before/after: each remedy edits the value at its source of truth."""

from __future__ import annotations

import textwrap

import pytest

from gptfix.errors import EXIT_REFUSED, GptfixError
from gptfix.recipes import apply_recipe

CFG_SCRIPT = """
import keras
import tensorflow as tf


class CFG:
    image_size = [224, 224]
    batch_size = 64


def load(path):
    image = tf.image.resize(tf.io.decode_jpeg(tf.io.read_file(path)), (224, 224))
    return image


ds = tf.data.Dataset.from_tensor_slices(paths).map(load).batch(CFG.batch_size)
inputs = keras.Input(shape=(*CFG.image_size, 3))
x = keras.layers.GlobalAveragePooling2D()(keras.layers.Conv2D(8, 3)(inputs))
outputs = keras.layers.Dense(5, activation="softmax")(x)
model = keras.Model(inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(ds, epochs=3)
"""


def _apply(text: str, **options: str) -> tuple[str, list[str]]:
    fix = apply_recipe("memory", text, options)
    return fix.new_text, fix.evidence


def test_halve_batch_changes_the_config_attribute_only() -> None:
    text, notes = _apply(CFG_SCRIPT, remedy="halve-batch")
    assert "    batch_size = 32\n" in text
    assert ".batch(CFG.batch_size)" in text
    assert text.replace("batch_size = 32", "batch_size = 64") == CFG_SCRIPT
    assert notes[0].startswith("expected memory change: activation memory about 1/2")


def test_halve_batch_follows_a_parameter_default_to_the_constant() -> None:
    before = textwrap.dedent(
        """
        BATCH = 16


        def train(model, x, y, batch_size=BATCH):
            model.fit(x, y, batch_size=batch_size)
        """
    )
    text, _ = _apply(before, remedy="halve-batch")
    assert text == before.replace("BATCH = 16", "BATCH = 8")


def test_batch_of_one_cannot_be_halved_and_no_batch_is_refused() -> None:
    with pytest.raises(GptfixError) as err:
        _apply("model.fit(x, y, batch_size=1)\n", remedy="halve-batch")
    assert err.value.exit_code == EXIT_REFUSED and "already 1" in err.value.message
    with pytest.raises(GptfixError) as err:
        _apply("print(1)\n", remedy="halve-batch")
    assert "no batch size found" in err.value.message


def test_smaller_images_changes_the_size_and_the_pipeline_literal_that_matches() -> None:
    text, notes = _apply(CFG_SCRIPT, remedy="smaller-images", factor="0.5")
    assert "    image_size = [96, 96]\n" in text
    assert "(tf.io.read_file(path)), (96, 96))" in text
    assert any("about 18% of before" in n for n in notes)  # (96/224)^2


def test_mixed_precision_sets_the_policy_after_imports_and_a_float32_output() -> None:
    text, _ = _apply(CFG_SCRIPT, remedy="mixed-precision")
    assert (
        'import tensorflow as tf\n\nkeras.mixed_precision.set_global_policy("mixed_float16")\n'
        in text
    )
    assert 'keras.layers.Dense(5, activation="softmax", dtype="float32")(x)' in text
    with pytest.raises(GptfixError) as err:
        _apply(text, remedy="mixed-precision")
    assert err.value.message.startswith("already present: mixed_float16")


def test_gradient_accumulation_builds_the_optimizer_and_splits_the_batch() -> None:
    text, _ = _apply(CFG_SCRIPT, remedy="gradient-accumulation", steps="4")
    assert "optimizer = keras.optimizers.Adam(gradient_accumulation_steps=4)\n" in text
    assert 'model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")' in text
    assert "    batch_size = 16\n" in text
    with pytest.raises(GptfixError) as err:
        _apply(text, remedy="gradient-accumulation")
    assert "already present: gradient_accumulation_steps" in err.value.message


def test_forecast_change_reports_the_check_numbers_before_and_after() -> None:
    from gptfix.recipes.memory import forecast_change

    def build(batch: int, dtype: str) -> dict:
        layer = {"name": "conv", "output_shape": [None, 256, 256, 64], "dtype": dtype}
        model = {"name": "m", "layers": [layer], "params": 1000, "trainable_params": 1000}
        return {"models": [model], "fit": {"batch_size": batch}}

    line = forecast_change(build(64, "float32"), build(32, "float32"))
    assert line is not None
    # 256*256*64 floats * 4 bytes * 64 samples * 2 (training) = 2 GiB of activations
    assert "activations 2.00 GiB -> 1.00 GiB" in line and "batch 64 -> 32" in line
    half = forecast_change(build(64, "float32"), build(64, "float16"))
    assert half is not None and "activations 2.00 GiB -> 1.00 GiB" in half
    assert forecast_change(None, build(8, "float32")) is None


def test_smaller_images_finds_the_size_in_a_backbone_input_shape() -> None:
    before = textwrap.dedent(
        """
        import keras

        IMG = 128
        model = keras.Sequential(
            [keras.applications.ResNet50(include_top=False, input_shape=(IMG, IMG, 3), pooling="avg")]
        )
        """
    )
    text, _ = _apply(before, remedy="smaller-images")
    assert text == before.replace("IMG = 128", "IMG = 96")


def test_halve_batch_changes_an_argparse_default() -> None:
    before = textwrap.dedent(
        """
        import argparse

        parser = argparse.ArgumentParser()
        parser.add_argument("--batch-size", type=int, default=128)
        opts = parser.parse_args()
        model.fit(x, y, batch_size=opts.batch_size)
        """
    )
    text, _ = _apply(before, remedy="halve-batch")
    assert text == before.replace("default=128", "default=64")


def test_halve_batch_follows_a_helper_parameter_to_the_value_its_call_passes() -> None:
    before = textwrap.dedent(
        """
        import tensorflow as tf

        PER_STEP = 64


        def pipeline(files, size):
            return tf.data.Dataset.from_tensor_slices(files).batch(size)


        train_ds = pipeline(files, PER_STEP)
        model.fit(train_ds, epochs=3)
        """
    )
    text, _ = _apply(before, remedy="halve-batch")
    assert text == before.replace("PER_STEP = 64", "PER_STEP = 32")


@pytest.mark.parametrize(
    "setter",
    [
        'keras.config.set_dtype_policy("mixed_float16")',
        'policy = keras.mixed_precision.Policy("mixed_bfloat16")\n'
        "keras.mixed_precision.set_global_policy(policy)",
    ],
)
def test_mixed_precision_already_set_in_another_spelling_is_refused(setter: str) -> None:
    text = CFG_SCRIPT.replace("import tensorflow as tf\n", f"import tensorflow as tf\n{setter}\n")
    with pytest.raises(GptfixError) as err:
        _apply(text, remedy="mixed-precision")
    assert err.value.message.startswith("already present: mixed_")
