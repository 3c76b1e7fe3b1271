"""attention, before/after: the block goes on the 4-D map, pooling moves after it."""

from __future__ import annotations

import ast
import textwrap

import pytest

from gptfix.errors import EXIT_REFUSED, GptfixError
from gptfix.recipes import apply_recipe

ACROSS_FUNCTIONS = """
import keras
from keras import layers


def make_backbone():
    return keras.applications.ResNet50(include_top=False, weights=None, pooling="avg")


def build():
    backbone = make_backbone()
    inputs = keras.Input(shape=(64, 64, 3))
    features = backbone(inputs)
    outputs = layers.Dense(2)(features)
    return keras.Model(inputs, outputs)
"""


def _defs(text: str) -> list[str]:
    return [n.name for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]


def test_se_block_goes_before_the_pooling_on_a_new_name_when_not_chained() -> None:
    before = """
        import keras

        inputs = keras.Input(shape=(32, 32, 3))
        features = keras.layers.Conv2D(16, 3)(inputs)
        pooled = keras.layers.GlobalAveragePooling2D()(features)
    """
    got = apply_recipe("attention", textwrap.dedent(before), {"kind": "se"}).new_text
    tail = """
        features = keras.layers.Conv2D(16, 3)(inputs)
        features_se = se_block(features, name="se")
        pooled = keras.layers.GlobalAveragePooling2D()(features_se)
    """
    assert got.endswith(textwrap.dedent(tail).lstrip("\n"))
    assert _defs(got) == ["se_block"]
    assert got.index("def se_block") > got.index("import keras")


def test_pooling_inside_the_backbone_moves_after_the_block_across_functions() -> None:
    got = apply_recipe("attention", ACROSS_FUNCTIONS, {"kind": "cbam"}).new_text
    assert 'pooling="avg"' not in got
    assert "keras.applications.ResNet50(include_top=False, weights=None)" in got
    expected = (
        "    features = backbone(inputs)\n"
        '    features = cbam_block(features, name="cbam")\n'
        '    features = layers.GlobalAveragePooling2D(name="cbam_pool")(features)\n'
        "    outputs = layers.Dense(2)(features)\n"
    )
    assert expected in got


def test_second_apply_of_any_kind_says_already_present() -> None:
    once = apply_recipe("attention", ACROSS_FUNCTIONS, {"kind": "mhsa"}).new_text
    for kind in ("mhsa", "se"):
        with pytest.raises(GptfixError) as err:
            apply_recipe("attention", once, {"kind": kind})
        assert err.value.exit_code == EXIT_REFUSED
        assert err.value.message.startswith("already present: mhsa_block")


def test_helper_is_added_once_for_two_image_branches() -> None:
    before = textwrap.dedent(
        """
        from keras import layers

        a = layers.Conv2D(8, 3)(layers.Input((32, 32, 3)))
        a = layers.GlobalMaxPooling2D()(a)
        b = layers.Conv2D(8, 3)(layers.Input((32, 32, 3)))
        b = layers.GlobalMaxPooling2D()(b)
        """
    )
    first = apply_recipe("attention", before, {"kind": "se"}).new_text
    line = first.splitlines().index("b = layers.GlobalMaxPooling2D()(b)") + 1
    second = apply_recipe("attention", first, {"kind": "se", "line": str(line)}).new_text
    assert _defs(second) == ["se_block"]
    assert 'a = se_block(a, name="se")' in second
    assert 'b = se_block(b, name="se_2")' in second  # layer names stay unique in the model


def test_a_helper_name_the_script_already_uses_is_not_reused() -> None:
    before = textwrap.dedent(
        """
        import keras

        se_block = "not a function"
        x = keras.layers.Conv2D(8, 3)(keras.Input((32, 32, 3)))
        x = keras.layers.GlobalAveragePooling2D()(x)
        """
    )
    got = apply_recipe("attention", before, {"kind": "se"}).new_text
    assert "def se_block_2(" in got and "x = se_block_2(x" in got


def test_sequential_model_has_nothing_to_act_on() -> None:
    text = (
        "import keras\nm = keras.Sequential([keras.layers.Conv2D(4, 3), keras.layers.Flatten()])\n"
    )
    with pytest.raises(GptfixError) as err:
        apply_recipe("attention", text, {"kind": "se"})
    assert err.value.exit_code == EXIT_REFUSED
    assert "nothing to act on" in err.value.message
