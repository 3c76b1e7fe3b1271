"""add-augmentation, before/after: where the layer goes and how it is spelled."""

from __future__ import annotations

import textwrap

import pytest

from gptfix.errors import EXIT_REFUSED, EXIT_USAGE, GptfixError
from gptfix.recipes import apply_recipe


def _apply(before: str, **options: str) -> str:
    return apply_recipe("add-augmentation", textwrap.dedent(before), options).new_text


def test_appends_to_the_existing_list_in_the_scripts_alias() -> None:
    before = """
        from keras import layers as L

        augment = [
            L.RandomFlip("horizontal"),
            L.RandomRotation(0.1),
        ]
    """
    after = """
        from keras import layers as L

        augment = [
            L.RandomFlip("horizontal"),
            L.RandomRotation(0.1),
            L.RandomTranslation(height_factor=0.1, width_factor=0.2),
        ]
    """
    got = _apply(before, layer="RandomTranslation", height_factor="0.1", width_factor="0.2")
    assert got == textwrap.dedent(after)


def test_second_apply_says_already_present() -> None:
    before = "import keras\naug = keras.Sequential([keras.layers.RandomFlip()])\n"
    once = apply_recipe("add-augmentation", before, {"layer": "RandomZoom"}).new_text
    with pytest.raises(GptfixError) as err:
        apply_recipe("add-augmentation", once, {"layer": "RandomZoom"})
    assert err.value.exit_code == EXIT_REFUSED
    assert "already present: RandomZoom" in err.value.message


def test_creates_an_augmentation_block_after_the_image_input_and_rewires_it() -> None:
    before = """
        import keras

        inputs = keras.Input(shape=(32, 32, 3))
        x = keras.layers.Conv2D(8, 3)(inputs)
        x = keras.layers.GlobalAveragePooling2D()(x)
        model = keras.Model(inputs, keras.layers.Dense(2)(x))
    """
    after = """
        import keras

        inputs = keras.Input(shape=(32, 32, 3))
        augmentation = keras.Sequential(
            [keras.layers.RandomFlip(mode="horizontal")],
            name="augmentation",
        )
        x = augmentation(inputs)
        x = keras.layers.Conv2D(8, 3)(x)
        x = keras.layers.GlobalAveragePooling2D()(x)
        model = keras.Model(inputs, keras.layers.Dense(2)(x))
    """
    assert _apply(before) == textwrap.dedent(after)


def test_names_imported_one_by_one_get_the_new_layer_added_to_the_import() -> None:
    before = """
        from tensorflow.keras.layers import Conv2D, Dense, Flatten, Input
        from tensorflow.keras.models import Sequential

        model = Sequential([Input(shape=(28, 28, 1)), Conv2D(4, 3), Flatten(), Dense(10)])
    """
    after = """
        from tensorflow.keras.layers import Conv2D, Dense, Flatten, Input, RandomContrast
        from tensorflow.keras.models import Sequential

        model = Sequential([Input(shape=(28, 28, 1)), RandomContrast(factor=0.3), Conv2D(4, 3), Flatten(), Dense(10)])
    """
    assert _apply(before, layer="RandomContrast", factor="0.3") == textwrap.dedent(after)


def test_augmenter_function_gets_a_layer_made_once_outside_it() -> None:
    before = """
        import tensorflow as tf


        def augment(image, label):
            image = tf.image.random_flip_left_right(image)
            return image, label
    """
    got = _apply(before, layer="RandomRotation", factor="0.2", fill_mode="nearest")
    assert (
        'random_rotation = tf.keras.layers.RandomRotation(factor=0.2, fill_mode="nearest")' in got
    )
    # the layer is built at module level, before the function, and only called inside it
    assert got.index("random_rotation = ") < got.index("def augment")
    assert "    image = random_rotation(image)\n    return image, label" in got


def test_an_augmenter_is_known_by_what_it_does_not_by_its_name() -> None:
    before = """
        import tensorflow as tf


        def jitter(image, label):
            image = tf.image.random_brightness(image, 0.2)
            return image, label


        def load(path, label):
            return tf.io.decode_png(tf.io.read_file(path)), label
    """
    got = _apply(before, layer="RandomFlip")
    assert "    image = random_flip(image)\n    return image, label" in got
    assert "random_flip(" not in got.split("def load")[1]


def test_nothing_to_act_on() -> None:
    with pytest.raises(GptfixError) as err:
        apply_recipe("add-augmentation", "print('hello')\n", {})
    assert err.value.exit_code == EXIT_REFUSED
    assert err.value.message.startswith("nothing to act on")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"layer": "RandomTranslation", "height": "0.1"},
            "RandomTranslation has no option 'height'",
        ),
        ({"layer": "RandomCrop"}, "RandomCrop needs option height"),
        ({"layer": "Dense"}, "Dense is not a Keras random augmentation layer"),
    ],
)
def test_bad_options_are_refused_with_the_reason(options: dict[str, str], message: str) -> None:
    text = "import keras\naug = keras.Sequential([keras.layers.RandomFlip()])\n"
    with pytest.raises(GptfixError) as err:
        apply_recipe("add-augmentation", text, options)
    assert err.value.exit_code == EXIT_USAGE
    assert message in err.value.message


def test_label_mixing_layers_belong_in_the_data_pipeline() -> None:
    text = "import keras\naug = keras.Sequential([keras.layers.RandomFlip()])\n"
    with pytest.raises(GptfixError) as err:
        apply_recipe("add-augmentation", text, {"layer": "MixUp"})
    assert err.value.exit_code == EXIT_REFUSED
    assert "data pipeline" in err.value.message


def test_sequential_that_starts_from_a_backbone_variable_gets_the_layer_first() -> None:
    before = """
        import keras

        base_model = keras.applications.EfficientNetB0(include_top=False, weights=None)
        model = keras.Sequential([base_model, keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(3)])
    """
    got = _apply(before, layer="RandomRotation", factor="0.1")
    assert "keras.Sequential([keras.layers.RandomRotation(factor=0.1), base_model," in got


def test_without_a_layer_option_the_first_missing_common_layer_is_added() -> None:
    text = "import keras\naug = keras.Sequential([keras.layers.RandomFlip(), keras.layers.RandomRotation(0.1)])\n"
    fix = apply_recipe("add-augmentation", text, {})
    assert "keras.layers.RandomZoom(height_factor=0.1)])" in fix.new_text
