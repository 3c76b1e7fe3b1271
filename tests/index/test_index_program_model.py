"""The program model's shared facts, in spellings a per-part matcher used to miss.

Backbones however the class is reached, every batch size at its source of truth (with
the range an edit replaces), the dtype policy however mixed precision is switched on,
the layers that make the model outputs, and the origin of any value.
"""

from __future__ import annotations

import ast

import pytest

from gptfix.index import ScriptIndex, Span, build_index


def _text_at(text: str, span: Span | None) -> str:
    assert span is not None
    lines = text.splitlines(keepends=True)
    start = sum(len(x) for x in lines[: span.line - 1]) + span.col
    end = sum(len(x) for x in lines[: span.end_line - 1]) + span.end_col
    return text[start:end]


@pytest.mark.parametrize(
    ("header", "call"),
    [
        ("import keras", "keras.applications.ResNet50"),
        ("import tensorflow as tf", "tf.keras.applications.ResNet50"),
        ("from keras.applications import ResNet50", "ResNet50"),
        ("from tensorflow.keras.applications import ResNet50 as Net", "Net"),
        ("from tensorflow.keras import applications as apps", "apps.ResNet50"),
        (
            'import keras\nclass CFG:\n    arch = "ResNet50"',
            "getattr(keras.applications, CFG.arch)",
        ),
    ],
)
def test_backbone_in_any_spelling_is_one_fact_with_where_it_is_applied(
    header: str, call: str
) -> None:
    text = f"{header}\nbase = {call}(include_top=False, weights=None)\nx = base(inputs)\n"
    (bb,) = build_index(text).keras.backbones
    assert bb.constructor == "keras.applications.ResNet50"
    assert bb.holders == ["base"] and bb.call.line == header.count("\n") + 2
    assert [(a.output, a.line) for a in bb.applied] == [("x", header.count("\n") + 3)]


def test_backbone_from_a_factory_is_its_constructor_held_at_the_call_site() -> None:
    text = """import keras

def make_backbone(size):
    return keras.applications.MobileNetV3Small(include_top=False, input_shape=(size, size, 3))

def build():
    net = make_backbone(64)
    inputs = keras.Input((64, 64, 3))
    features = net(inputs)
    return keras.Model(inputs, features)
"""
    (bb,) = build_index(text).keras.backbones
    assert (bb.constructor, bb.line, bb.holders) == (
        "keras.applications.MobileNetV3Small",
        4,
        ["net"],
    )
    assert [(a.output, a.line) for a in bb.applied] == [("features", 9)]


def test_backbone_inside_a_sequential_list_is_found_too() -> None:
    text = "import keras\nm = keras.Sequential([keras.applications.VGG16(weights=None), keras.layers.Dense(2)])\n"
    (bb,) = build_index(text).keras.backbones
    assert (bb.var, bb.constructor, bb.call.col) == (None, "keras.applications.VGG16", 22)


BATCH_SPELLINGS = {
    "config class": (
        "class CFG:\n    batch_size = 64\n",
        "ds = ds.batch(CFG.batch_size)\nmodel.fit(ds)\n",
        "CFG.batch_size",
    ),
    "config instance": (
        "class Config:\n    bs = 64\ncfg = Config()\n",
        "model.fit(x, y, batch_size=cfg.bs)\n",
        "Config.bs",
    ),
    "dict": (
        'params = {"lr": 1e-3, "batch": 64}\n',
        'model.fit(x, y, batch_size=params["batch"])\n',
        'params["batch"]',
    ),
    "dict()": ("config = dict(batch_size=64)\n", 'ds = ds.batch(config["batch_size"])\n', None),
    "argparse": (
        "import argparse\np = argparse.ArgumentParser()\n"
        'p.add_argument("--batch-size", type=int, default=64)\nopts = p.parse_args()\n',
        "model.fit(x, y, batch_size=opts.batch_size)\n",
        "opts.batch_size",
    ),
    "parameter bound at the call": (
        "BS = 64\ndef make(ds, bs):\n    return ds.shuffle(8).batch(bs)\n",
        "train_ds = make(raw, BS)\nmodel.fit(train_ds)\n",
        "BS",
    ),
    "parameter default": (
        "def train(model, x, y, batch_size=64):\n    model.fit(x, y, batch_size=batch_size)\n",
        "",
        "64",
    ),
    "converted and scaled": (
        "class CFG:\n    batch_size = 64\n",
        "ds = ds.batch(int(CFG.batch_size) * strategy.num_replicas_in_sync)\nmodel.fit(ds)\n",
        "CFG.batch_size",
    ),
    "module value read in a function": (
        "bs = 64\ndef train(model, ds):\n    model.fit(ds.batch(bs))\n",
        "",
        "64",
    ),
}


@pytest.mark.parametrize("spelling", sorted(BATCH_SPELLINGS))
def test_batch_size_reaches_its_source_of_truth_with_the_range_to_edit(spelling: str) -> None:
    head, tail, expr = BATCH_SPELLINGS[spelling]
    text = f"import keras\n{head}{tail}"
    bs = build_index(text).keras.batch_size
    assert bs is not None, spelling
    assert _text_at(text, bs.span) == "64" and bs.number == 64
    assert text.splitlines()[bs.line - 1].count("64") == 1
    if expr is not None:
        assert bs.expr == expr


def test_every_batch_size_is_listed_once_the_training_one_first() -> None:
    text = """import keras
import tensorflow as tf
BATCH_SIZE = 32
EVAL_BATCH = 128
val = tf.data.Dataset.range(9).batch(EVAL_BATCH)
train = tf.data.Dataset.range(9).batch(BATCH_SIZE)
model.fit(train, validation_data=val)
model.predict(val, batch_size=EVAL_BATCH)
"""
    k = build_index(text).keras
    assert [(b.expr, b.via) for b in k.batch_sizes] == [
        ("BATCH_SIZE", "dataset"),
        ("EVAL_BATCH", "dataset"),
    ]
    assert k.batch_size is not None and k.batch_size.expr == "BATCH_SIZE"


def test_a_batch_size_constant_no_call_reads_is_still_a_batch_size() -> None:
    text = "import tensorflow as tf\nBATCH = 4096\nx = tf.zeros((BATCH, 1024))\n"
    k = build_index(text).keras
    assert k.batch_size is None
    assert [(b.expr, b.via, b.number) for b in k.batch_sizes] == [("BATCH", "config", 4096)]


def test_a_parameter_no_call_passes_is_not_a_source() -> None:
    text = "import keras\ndef train(model, ds, bs):\n    model.fit(ds, batch_size=bs)\n"
    bs = build_index(text).keras.batch_size
    assert bs is not None and bs.span is None and bs.number is None and bs.expr == "bs"


@pytest.mark.parametrize(
    ("header", "setter", "policy"),
    [
        (
            "import keras",
            'keras.mixed_precision.set_global_policy("mixed_float16")',
            "mixed_float16",
        ),
        ("import keras", 'keras.config.set_dtype_policy("mixed_bfloat16")', "mixed_bfloat16"),
        (
            "import tensorflow as tf",
            'tf.keras.mixed_precision.experimental.set_policy("mixed_float16")',
            "mixed_float16",
        ),
        (
            "from tensorflow.keras import mixed_precision\n"
            'policy = mixed_precision.Policy("mixed_float16")',
            "mixed_precision.set_global_policy(policy)",
            "mixed_float16",
        ),
        (
            "from keras.mixed_precision import set_global_policy\nclass CFG:\n"
            '    precision = "float32"',
            "set_global_policy(CFG.precision)",
            "float32",
        ),
    ],
)
def test_dtype_policy_in_any_spelling(header: str, setter: str, policy: str) -> None:
    text = f"{header}\n{setter}\n"
    (found,) = build_index(text).keras.policies
    assert found.policy == policy and found.mixed == policy.startswith("mixed")
    assert found.call.line == header.count("\n") + 2


def test_set_global_policy_of_something_else_is_not_a_dtype_policy() -> None:
    assert build_index("import rl\nrl.set_global_policy(agent)\n").keras.policies == []


def test_output_layers_of_functional_sequential_and_inline_outputs() -> None:
    text = """import keras
from keras import layers
inputs = keras.Input((8,))
h = layers.Dense(16)(inputs)
logits = layers.Dense(3, activation="softmax")(h)
aux = layers.Dense(1, activation="sigmoid")(h)
m = keras.Model(inputs, [logits, aux])
s = keras.Sequential([layers.Dense(4), layers.Dense(2, name="out")])
n = keras.Model(inputs=inputs, outputs=layers.Dense(5)(h))
"""
    k = build_index(text).keras
    assert [(c.line, c.args) for c in k.output_layers] == [
        (5, ["3"]),
        (6, ["1"]),
        (8, ["2"]),
        (9, ["5"]),
    ]


def _origin_text(index: ScriptIndex, text: str, expr: str, line: int) -> str | None:
    node = next(
        n
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.expr)
        and getattr(n, "lineno", 0) == line
        and ast.get_source_segment(text, n) == expr
    )
    found = index.origin(node)
    assert found is not None
    return _text_at(text, found.span) if found.span is not None else None


def test_origin_of_any_value_reads_through_the_config_a_function_is_given() -> None:
    text = """import keras
cfg = {"classes": 7, "width": 32}
N_FEATURES = 12

def head(x, n):
    return keras.layers.Dense(n, activation="softmax")(x)

inputs = keras.Input(shape=(N_FEATURES,))
out = head(keras.layers.Dense(cfg["width"])(inputs), cfg["classes"])
"""
    index = build_index(text)
    assert _origin_text(index, text, "n", 6) == "7"
    assert _origin_text(index, text, "N_FEATURES", 8) == "12"
    assert _origin_text(index, text, 'cfg["width"]', 9) == "32"
    assert _origin_text(index, text, "x", 6) == 'keras.layers.Dense(cfg["width"])(inputs)'


def test_origin_of_a_name_unpacked_from_a_literal_is_its_own_item() -> None:
    text = """import keras
ROWS, COLS = 420, 580
a, (b, c) = 1, (2, 3)

def unet():
    return keras.Input((ROWS, COLS, 1))
"""
    index = build_index(text)
    assert _origin_text(index, text, "ROWS", 6) == "420"
    assert _origin_text(index, text, "COLS", 6) == "580"


def test_origin_follows_a_section_of_a_nested_config_dict_passed_to_a_builder() -> None:
    text = """import keras
conf = {
    "model": {"layers": 2, "output_dim": 39},
    "trainer": {"batch_size": 16},
}

def build(model_conf):
    settings = model_conf
    return keras.layers.Dense(settings["output_dim"]), model_conf["missing"]

head = build(conf["model"])
"""
    index = build_index(text)
    assert _origin_text(index, text, 'settings["output_dim"]', 9) == "39"
    # a key the section does not have is not taken from another entry
    assert _origin_text(index, text, 'model_conf["missing"]', 9) not in {"2", "39", "16"}
