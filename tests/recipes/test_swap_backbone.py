"""swap-backbone, before/after: arguments carried over, preprocess_input swapped."""

from __future__ import annotations

import textwrap

import pytest

from gptfix.errors import EXIT_REFUSED, EXIT_USAGE, GptfixError
from gptfix.recipes import apply_recipe


def _apply(before: str, to: str) -> tuple[str, list[str]]:
    fix = apply_recipe("swap-backbone", textwrap.dedent(before), {"to": to})
    return fix.new_text, fix.evidence


def test_names_imported_from_the_family_module_move_to_the_new_family() -> None:
    before = """
        import keras
        from keras.applications.efficientnet_v2 import EfficientNetV2B0, preprocess_input

        inputs = keras.Input(shape=(64, 64, 3))
        x = preprocess_input(inputs)
        backbone = EfficientNetV2B0(include_top=False, weights=None, include_preprocessing=True)
        backbone.trainable = False
        x = backbone(x)
    """
    after = """
        import keras
        from keras.applications.resnet import ResNet50, preprocess_input

        inputs = keras.Input(shape=(64, 64, 3))
        x = preprocess_input(inputs)
        backbone = ResNet50(include_top=False, weights=None)
        backbone.trainable = False
        x = backbone(x)
    """
    text, notes = _apply(before, "ResNet50")
    assert text == textwrap.dedent(after)
    assert any("include_preprocessing" in n for n in notes)  # said why it was dropped


def test_dotted_spelling_keeps_its_prefix_and_swaps_the_preprocess_module() -> None:
    before = """
        import tensorflow as tf

        inp = tf.keras.Input(shape=(96, 96, 3))
        x = tf.keras.applications.resnet.preprocess_input(inp)
        base = tf.keras.applications.ResNet50(include_top=False, weights="imagenet", pooling="max")
        x = base(x)
    """
    text, notes = _apply(before, "DenseNet121")
    assert "x = tf.keras.applications.densenet.preprocess_input(inp)" in text
    assert (
        'base = tf.keras.applications.DenseNet121(include_top=False, weights="imagenet", '
        'pooling="max")' in text
    )
    assert any("224x224" in n for n in notes)  # ImageNet weights at another size


def test_preprocess_is_inserted_when_the_old_family_rescaled_inside() -> None:
    before = """
        import keras

        inputs = keras.Input(shape=(64, 64, 3))
        backbone = keras.applications.EfficientNetB0(include_top=False, weights=None)
        x = backbone(inputs)
    """
    text, _ = _apply(before, "ResNet101")
    assert "x = backbone(keras.applications.resnet.preprocess_input(inputs))" in text


def test_too_small_inputs_are_warned_about() -> None:
    before = """
        import keras

        backbone = keras.applications.ResNet50(include_top=False, input_shape=(64, 64, 3))
    """
    _, notes = _apply(before, "Xception")
    assert any("at least 71x71" in n for n in notes)


def test_preset_from_the_config_class_is_swapped_at_its_source() -> None:
    before = """
        import keras_cv


        class CFG:
            preset = "efficientnetv2_b2_imagenet"


        backbone = keras_cv.models.EfficientNetV2Backbone.from_preset(CFG.preset)
    """
    after = """
        import keras_cv


        class CFG:
            preset = "resnet50_imagenet"


        backbone = keras_cv.models.ResNetBackbone.from_preset(CFG.preset)
    """
    text, _ = _apply(before, "resnet50_imagenet")
    assert text == textwrap.dedent(after)


def test_same_backbone_is_already_present_and_unknown_names_are_refused() -> None:
    text = "import keras\nb = keras.applications.ResNet50(include_top=False)\n"
    with pytest.raises(GptfixError) as err:
        apply_recipe("swap-backbone", text, {"to": "ResNet50"})
    assert err.value.exit_code == EXIT_REFUSED and "already present" in err.value.message
    with pytest.raises(GptfixError) as err:
        apply_recipe("swap-backbone", text, {"to": "ResNet9000"})
    assert err.value.exit_code == EXIT_USAGE and "unknown backbone" in err.value.message


def test_no_backbone_has_nothing_to_act_on() -> None:
    text = "import keras\nx = keras.layers.Dense(3)\n"
    with pytest.raises(GptfixError) as err:
        apply_recipe("swap-backbone", text, {"to": "ResNet50"})
    assert err.value.exit_code == EXIT_REFUSED and "nothing to act on" in err.value.message


def test_class_imported_from_applications_is_renamed_in_its_import() -> None:
    before = """
        from tensorflow.keras.applications import EfficientNetB0
        from tensorflow.keras.layers import Dense, GlobalAveragePooling2D
        from tensorflow.keras.models import Sequential

        base_model = EfficientNetB0(include_top=False, weights=None, input_shape=(32, 32, 3))
        model = Sequential([base_model, GlobalAveragePooling2D(), Dense(3)])
    """
    text, notes = _apply(before, "MobileNetV2")
    expected = textwrap.dedent(before).replace("EfficientNetB0", "MobileNetV2")
    assert text == expected
    # the new family expects its own preprocess_input; a Sequential gives no place to add it
    assert any("mobilenet_v2.preprocess_input" in n for n in notes)


def test_without_a_target_resnet50_is_swapped_for_efficientnetv2() -> None:
    text = "import keras\nb = keras.applications.ResNet50(include_top=False, weights=None)\n"
    fix = apply_recipe("swap-backbone", text, {})
    assert "keras.applications.EfficientNetV2B0(include_top=False, weights=None)" in fix.new_text


def test_a_backbone_looked_up_by_its_configured_name_is_swapped_in_the_config() -> None:
    before = """
        import keras


        class CFG:
            arch = "EfficientNetB0"


        inputs = keras.Input(shape=(64, 64, 3))
        base = getattr(keras.applications, CFG.arch)(include_top=False, weights=None)
        x = base(inputs)
    """
    text, _ = _apply(before, "DenseNet121")
    assert 'arch = "DenseNet121"' in text
    assert "base = getattr(keras.applications, CFG.arch)(include_top=False, weights=None)" in text


def test_a_backbone_listed_in_a_sequential_is_swapped() -> None:
    before = """
        from tensorflow import keras

        model = keras.Sequential(
            [keras.applications.MobileNetV2(include_top=False, weights=None, pooling="avg")]
        )
    """
    text, _ = _apply(before, "ResNet50")
    assert '[keras.applications.ResNet50(include_top=False, weights=None, pooling="avg")]' in text
