"""Bridges what recipes must know about Keras to plain tables (no Keras import here).

Built-in knowledge of Keras 3 random preprocessing layers and ``keras.applications``
families, used when the user's interpreter cannot be probed. When it can
(:mod:`gptfix.runner.probe`), the probed signatures win.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Keras 3 image augmentation layers: name -> (parameters, required parameters).
AUGMENT_LAYERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "AugMix": (
        ("value_range", "num_chains", "chain_depth", "factor", "alpha", "all_ops")
        + ("interpolation", "seed", "data_format"),
        (),
    ),
    "AutoContrast": (("value_range",), ()),
    "Equalization": (("value_range", "bins", "data_format"), ()),
    "RandAugment": (
        ("value_range", "num_ops", "factor", "interpolation", "seed", "data_format"),
        (),
    ),
    "RandomBrightness": (("factor", "value_range", "seed"), ("factor",)),
    "RandomColorDegeneration": (("factor", "value_range", "data_format", "seed"), ("factor",)),
    "RandomColorJitter": (
        ("value_range", "brightness_factor", "contrast_factor", "saturation_factor")
        + ("hue_factor", "seed", "data_format"),
        (),
    ),
    "RandomContrast": (("factor", "value_range", "seed"), ("factor",)),
    "RandomCrop": (("height", "width", "seed", "data_format"), ("height", "width")),
    "RandomElasticTransform": (
        ("factor", "scale", "interpolation", "fill_mode", "fill_value", "value_range")
        + ("seed", "data_format"),
        (),
    ),
    "RandomErasing": (
        ("factor", "scale", "fill_value", "value_range", "seed", "data_format"),
        (),
    ),
    "RandomFlip": (("mode", "seed", "data_format"), ()),
    "RandomGaussianBlur": (
        ("factor", "kernel_size", "sigma", "value_range", "data_format", "seed"),
        (),
    ),
    "RandomGrayscale": (("factor", "data_format", "seed"), ()),
    "RandomHue": (("factor", "value_range", "data_format", "seed"), ("factor",)),
    "RandomInvert": (("factor", "value_range", "seed", "data_format"), ()),
    "RandomPerspective": (
        ("factor", "scale", "interpolation", "fill_value", "seed", "data_format"),
        (),
    ),
    "RandomPosterization": (("factor", "value_range", "data_format", "seed"), ("factor",)),
    "RandomRotation": (
        ("factor", "fill_mode", "interpolation", "seed", "fill_value", "data_format"),
        ("factor",),
    ),
    "RandomSaturation": (("factor", "value_range", "data_format", "seed"), ("factor",)),
    "RandomSharpness": (("factor", "value_range", "data_format", "seed"), ("factor",)),
    "RandomShear": (
        ("x_factor", "y_factor", "interpolation", "fill_mode", "fill_value")
        + ("data_format", "seed"),
        (),
    ),
    "RandomTranslation": (
        ("height_factor", "width_factor", "fill_mode", "interpolation", "seed")
        + ("fill_value", "data_format"),
        ("height_factor", "width_factor"),
    ),
    "RandomZoom": (
        ("height_factor", "width_factor", "fill_mode", "interpolation", "seed")
        + ("fill_value", "data_format"),
        ("height_factor",),
    ),
    "Solarization": (("addition_factor", "threshold_factor", "value_range", "seed"), ()),
}

#: Layers that mix labels too: they belong in the data pipeline, not in the model.
LABEL_MIXING = ("CutMix", "MixUp")

#: Values filled in for required parameters the user did not give (as Python source).
AUGMENT_DEFAULTS: dict[str, dict[str, str]] = {
    "RandomFlip": {"mode": '"horizontal"'},
    "RandomBrightness": {"factor": "0.1"},
    "RandomColorDegeneration": {"factor": "0.1"},
    "RandomContrast": {"factor": "0.1"},
    "RandomHue": {"factor": "0.1"},
    "RandomPosterization": {"factor": "(4, 8)"},
    "RandomRotation": {"factor": "0.05"},
    "RandomSaturation": {"factor": "0.1"},
    "RandomSharpness": {"factor": "0.1"},
    "RandomTranslation": {"height_factor": "0.1", "width_factor": "0.1"},
    "RandomZoom": {"height_factor": "0.1"},
}


@dataclass(frozen=True)
class Family:
    """A ``keras.applications`` family: its module and input-size constraints."""

    module: str  #: ``keras.applications.<module>`` holds the class and its preprocess_input
    min_size: int  #: smallest height/width the architecture accepts
    preprocessing: bool  #: True when the model rescales inputs itself (include_preprocessing)
    native: int  #: the size its ImageNet weights were trained at
    extra: tuple[str, ...] = ()  #: constructor parameters beyond the common ones


_COMMON = (
    "include_top",
    "weights",
    "input_tensor",
    "input_shape",
    "pooling",
    "classes",
    "classifier_activation",
    "name",
)


def _families() -> dict[str, Family]:
    out: dict[str, Family] = {}
    for n in ("50", "101", "152"):
        out[f"ResNet{n}"] = Family("resnet", 32, False, 224)
        out[f"ResNet{n}V2"] = Family("resnet_v2", 32, False, 224)
    for i, native in enumerate((224, 240, 260, 300, 380, 456, 528, 600)):
        out[f"EfficientNetB{i}"] = Family("efficientnet", 32, True, native)
    for b, size in (("B0", 224), ("B1", 240), ("B2", 260), ("B3", 300)):
        out[f"EfficientNetV2{b}"] = Family(
            "efficientnet_v2", 32, True, size, ("include_preprocessing",)
        )
    for b, size in (("S", 384), ("M", 480), ("L", 480)):
        out[f"EfficientNetV2{b}"] = Family(
            "efficientnet_v2", 32, True, size, ("include_preprocessing",)
        )
    for s in ("Tiny", "Small", "Base", "Large", "XLarge"):
        out[f"ConvNeXt{s}"] = Family(
            "convnext", 32, True, 224, ("include_preprocessing", "drop_path_rate")
        )
    for s in ("Small", "Large"):
        out[f"MobileNetV3{s}"] = Family(
            "mobilenet_v3",
            32,
            True,
            224,
            ("alpha", "minimalistic", "dropout_rate", "include_preprocessing"),
        )
    out["MobileNet"] = Family("mobilenet", 32, False, 224, ("alpha", "depth_multiplier", "dropout"))
    out["MobileNetV2"] = Family("mobilenet_v2", 32, False, 224, ("alpha",))
    for n in ("121", "169", "201"):
        out[f"DenseNet{n}"] = Family("densenet", 32, False, 224)
    out["VGG16"] = Family("vgg16", 32, False, 224)
    out["VGG19"] = Family("vgg19", 32, False, 224)
    out["Xception"] = Family("xception", 71, False, 299)
    out["InceptionV3"] = Family("inception_v3", 75, False, 299)
    out["InceptionResNetV2"] = Family("inception_resnet_v2", 75, False, 299)
    out["NASNetMobile"] = Family("nasnet", 32, False, 224)
    out["NASNetLarge"] = Family("nasnet", 32, False, 331)
    return out


APPLICATIONS: dict[str, Family] = _families()


def accepts(family: Family, kwarg: str) -> bool:
    return kwarg in _COMMON or kwarg in family.extra


#: KerasCV / KerasHub backbone classes by preset prefix (``from_preset`` swaps).
PRESET_CLASSES: dict[str, dict[str, str]] = {
    "keras_cv": {
        "resnet_v2": "ResNetV2Backbone",
        "resnet": "ResNetBackbone",
        "efficientnetv2": "EfficientNetV2Backbone",
        "efficientnetv1": "EfficientNetV1Backbone",
        "mobilenet_v3": "MobileNetV3Backbone",
        "densenet": "DenseNetBackbone",
        "csp_darknet": "CSPDarkNetBackbone",
        "efficientnetlite": "EfficientNetLiteBackbone",
        "vitdet": "ViTDetBackbone",
    },
    "keras_hub": {
        "resnet": "ResNetBackbone",
        "efficientnet": "EfficientNetBackbone",
        "mobilenet": "MobileNetBackbone",
        "densenet": "DenseNetBackbone",
        "csp_darknet": "CSPDarkNetBackbone",
        "vit": "ViTBackbone",
        "convnext": "Backbone",
    },
}
