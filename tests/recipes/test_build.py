"""Every recipe on scripts in each style, then a real build and smoke run with TensorFlow.

Assertions come from the built model (the runner's build summary: layer names, classes,
inbound layers, dtypes), not from the patched text.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gptfix.model import Fix, Script
from gptfix.settings import Settings
from gptfix.verify import verify

pytestmark = pytest.mark.tf

SETTINGS = Settings(interpreter=sys.executable, run_timeout=400, smoke_steps=1)


def _check(path: Path, text: str, layers_of):  # noqa: ANN001, ANN202
    result = verify(
        Script.read(path), Fix("chain", text, "recipe:chain"), against=None, settings=SETTINGS
    )
    assert result.verified, result.reason
    assert result.stages == ["parse", "names", "screen", "build", "smoke"]
    return layers_of(result.build), result.build


def test_flat_tf_keras_script(script_copy, chain, layers_of) -> None:  # noqa: ANN001
    path = script_copy("flat")
    text, _ = chain(
        path.read_text(),
        ("add-augmentation", {"layer": "RandomTranslation", "height_factor": "0.1"}),
        ("attention", {"kind": "se"}),
        ("lr-schedule", {"kind": "cosine", "warmup_epochs": "1"}),
        ("memory", {"remedy": "mixed-precision"}),
        ("memory", {"remedy": "halve-batch"}),
    )
    layers, build = _check(path, text, layers_of)
    backbone = layers["MobileNetV3Small"]
    assert layers["augmentation"]["class"] == "Sequential"
    assert backbone["inbound"] == ["augmentation"]  # augmentation right after the input
    assert layers["se_squeeze"]["inbound"] == ["MobileNetV3Small"]
    assert len(layers["se_scale"]["output_shape"]) == 4  # SE on the 4-D map
    pooled = [n for n, layer in layers.items() if layer["inbound"] == ["se_scale"]]
    assert [layers[n]["class"] for n in pooled] == ["GlobalAveragePooling2D"]
    assert layers["se_scale"]["dtype"] == "float16"
    out = build["models"][0]["outputs"][0]
    assert out["dtype"] == "float32"  # mixed precision keeps a float32 output
    assert build["fit"]["batch_size"] == 4


def test_cfg_multi_input_starter(script_copy, chain, layers_of) -> None:  # noqa: ANN001
    path = script_copy("cfg_multi")
    text, _ = chain(
        path.read_text(),
        ("add-augmentation", {"layer": "RandomTranslation", "height_factor": "0.1"}),
        ("swap-backbone", {"to": "ResNet50"}),
        ("attention", {"kind": "cbam"}),
        ("lr-schedule", {"kind": "cosine", "warmup_epochs": "1"}),
        ("memory", {"remedy": "gradient-accumulation"}),
    )
    layers, build = _check(path, text, layers_of)
    assert layers["augmenter"]["sublayers"] == 3  # appended to the existing augmenter
    assert layers["resnet50"]["class"] == "Functional"
    assert "efficientnetv2-b0" not in layers
    assert layers["cbam_avg"]["inbound"] == ["resnet50"]
    pooled = [n for n, layer in layers.items() if layer["inbound"] == ["cbam_spatial_scale"]]
    assert [layers[n]["class"] for n in pooled] == ["GlobalAveragePooling2D"]
    tabular = [n for n, layer in layers.items() if layer["inbound"] == ["features"]]
    assert [layers[n]["class"] for n in tabular] == ["Dense"]  # tabular branch untouched
    assert build["fit"]["batch_size"] == 4
    assert [i["name"] for i in build["models"][0]["inputs"]] == ["images", "features"]


def test_model_defined_across_functions(script_copy, chain, layers_of) -> None:  # noqa: ANN001
    path = script_copy("factory")
    text, _ = chain(
        path.read_text(),
        ("attention", {"kind": "mhsa"}),
        ("swap-backbone", {"to": "MobileNetV2"}),
        ("add-augmentation", {"layer": "RandomRotation"}),
        ("lr-schedule", {"kind": "step"}),
        ("memory", {"remedy": "smaller-images"}),
    )
    layers, build = _check(path, text, layers_of)
    backbone = next(n for n, layer in layers.items() if n.startswith("mobilenetv2"))
    assert layers["mhsa_tokens"]["inbound"] == [backbone]
    assert layers["mhsa_pool"]["inbound"] == ["mhsa_map"]  # pooling moved after the block
    assert layers[backbone]["output_shape"][1:3] == [1, 1]  # 32x32 input after the shrink
    assert build["models"][0]["inputs"][0]["shape"] == [None, 32, 32, 3]


def test_sequential_with_names_imported_one_by_one(script_copy, chain, layers_of) -> None:  # noqa: ANN001
    path = script_copy("sequential_names")
    text, _ = chain(
        path.read_text(),
        ("add-augmentation", {"layer": "RandomZoom", "height_factor": "0.2"}),
        ("lr-schedule", {"kind": "step", "via": "optimizer", "decay_steps": "8"}),
        ("memory", {"remedy": "mixed-precision"}),
        ("memory", {"remedy": "gradient-accumulation"}),
    )
    layers, build = _check(path, text, layers_of)
    order = [layer["class"] for layer in build["models"][0]["layers"]]
    assert order[:2] == ["RandomZoom", "Conv2D"]  # first, before the first conv
    assert build["models"][0]["outputs"][0]["dtype"] == "float32"
    assert build["fit"]["batch_size"] == 8
    assert "random_zoom" in layers
