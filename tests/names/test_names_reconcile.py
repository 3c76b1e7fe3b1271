"""reconcile(): chat-answer snippets mapped onto the script's names, before and after."""

from __future__ import annotations

from gptfix.names import check, prose_hints, reconcile

SCRIPT = """import tensorflow as tf
import keras

class CFG:
    batch_size = 16
    epochs = 5

def build_dataset(paths, batch_size):
    ds = tf.data.Dataset.from_tensor_slices(paths)
    return ds.batch(batch_size)

train_dataset = build_dataset(train_paths, CFG.batch_size)
valid_dataset = build_dataset(valid_paths, CFG.batch_size)

image_input = keras.Input(shape=(224, 224, 3), name="image")
backbone = keras.applications.ResNet50(include_top=False, weights=None)
features = backbone(image_input)
pooled = keras.layers.GlobalAveragePooling2D()(features)
logits = keras.layers.Dense(10, activation="softmax")(pooled)
net = keras.Model(image_input, logits)
net.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
net.fit(train_dataset, validation_data=valid_dataset, epochs=CFG.epochs)
"""


def _kinds(rec) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {m.snippet_name: (m.script_name, m.kind) for m in rec.mappings}


def test_english_assume_prose_maps_the_dataset() -> None:
    answer = "Assume `train_ds` is your training dataset and `val_ds` your validation one."
    before = "history = model.fit(train_ds, validation_data=val_ds, epochs=10)\n"
    rec = reconcile(before, SCRIPT, prose=answer)
    kinds = _kinds(rec)
    assert kinds["train_ds"] == ("train_dataset", "prose")
    assert kinds["val_ds"] == ("valid_dataset", "role")
    assert kinds["model"] == ("net", "role")
    assert (
        rec.apply()
        == "history = net.fit(train_dataset, validation_data=valid_dataset, epochs=10)\n"
    )
    assert "training dataset" in next(
        m.evidence for m in rec.mappings if m.snippet_name == "train_ds"
    )


def test_chinese_prose_maps_the_backbone_output() -> None:
    answer = "下面的代码加入一个 SE 注意力模块。假设 `x` 是骨干网络的输出特征。"
    before = """from tensorflow.keras import layers
se = layers.GlobalAveragePooling2D()(x)
se = layers.Dense(64, activation="sigmoid")(se)
x = layers.Multiply()([x, layers.Reshape((1, 1, 64))(se)])
"""
    rec = reconcile(before, SCRIPT, at_line=18, prose=answer)
    assert _kinds(rec)["x"] == ("features", "prose")
    after = """se = keras.layers.GlobalAveragePooling2D()(features)
se = keras.layers.Dense(64, activation="sigmoid")(se)
features = keras.layers.Multiply()([features, keras.layers.Reshape((1, 1, 64))(se)])
"""
    assert rec.apply() == after
    assert rec.dropped_imports == ["layers (tensorflow.keras.layers)"]


def test_chinese_bare_name_hint() -> None:
    hints = prose_hints("这里的 base 是你的预训练模型，其中 `ds` 为训练集。")
    assert hints["base"].role == "backbone"
    assert hints["ds"].role == "dataset" and "train" in hints["ds"].qualifiers
    rec = reconcile("base.trainable = False\n", SCRIPT, prose="这里的 base 是你的预训练模型")
    assert rec.apply() == "backbone.trainable = False\n"


def test_base_model_maps_to_backbone_by_role_without_prose() -> None:
    before = "base_model.trainable = False\nfor layer in base_model.layers[-20:]:\n    layer.trainable = True\n"
    rec = reconcile(before, SCRIPT)
    assert _kinds(rec)["base_model"] == ("backbone", "role")
    assert rec.apply() == before.replace("base_model", "backbone")


def test_tf_keras_spelling_becomes_the_scripts_keras() -> None:
    before = "x = tf.keras.layers.Dropout(0.3)(pooled)\nopt = tf.keras.optimizers.AdamW(1e-4)\n"
    rec = reconcile(before, SCRIPT)
    assert (
        rec.apply() == "x = keras.layers.Dropout(0.3)(pooled)\nopt = keras.optimizers.AdamW(1e-4)\n"
    )
    assert {(r.written, r.spelled) for r in rec.module_rewrites} == {
        ("tf.keras.layers.Dropout", "keras.layers.Dropout"),
        ("tf.keras.optimizers.AdamW", "keras.optimizers.AdamW"),
    }


def test_bare_layer_names_get_the_scripts_prefix_and_missing_imports_are_listed() -> None:
    script = "from keras import layers\nh = None\n"
    rec = reconcile("h = Dense(8)(h)\nz = np.zeros(3)\n", script)
    assert rec.apply() == "h = layers.Dense(8)(h)\nz = np.zeros(3)\n"
    assert rec.imports_needed == ["import numpy as np"]


def test_two_training_datasets_are_reported_as_ambiguous_not_guessed() -> None:
    script = SCRIPT.replace(
        "valid_dataset = build_dataset(valid_paths", "train_dataset_b = build_dataset(valid_paths"
    )
    rec = reconcile("net.fit(train_ds.repeat(), epochs=1)\n", script)
    (amb,) = rec.ambiguous
    assert amb.snippet_name == "train_ds"
    assert amb.candidates == ["train_dataset", "train_dataset_b"]
    assert rec.apply() == "net.fit(train_ds.repeat(), epochs=1)\n"


def test_a_name_in_the_same_argument_of_the_scripts_one_call_is_the_scripts_name() -> None:
    # two training datasets by role, but the script's only net.fit passes train_dataset
    # exactly where the answer passes train_ds: data flow settles it
    script = SCRIPT.replace(
        "valid_dataset = build_dataset(valid_paths", "train_dataset_b = build_dataset(valid_paths"
    ).replace("validation_data=valid_dataset", "validation_data=train_dataset_b")
    rec = reconcile("net.fit(train_ds, validation_data=vds, epochs=1)\n", script)
    assert not rec.ambiguous
    assert rec.apply() == "net.fit(train_dataset, validation_data=train_dataset_b, epochs=1)\n"
    assert {m.kind for m in rec.changes} == {"argument"}


def test_new_names_that_would_clobber_the_script_are_made_unique() -> None:
    before = """keras = [1, 2]
backbone = keras.applications.EfficientNetB0(include_top=False)
"""
    rec = reconcile(before, SCRIPT)
    assert _kinds(rec)["keras"] == ("keras_2", "unique")
    assert rec.apply().startswith("keras_2 = [1, 2]\n")
    assert "backbone" not in rec.rename_map()  # a backbone replacing a backbone stays


def test_unknown_names_are_unresolved() -> None:
    rec = reconcile("print(qwzx_thing)\n", SCRIPT)
    assert rec.unresolved == ["qwzx_thing"]


def test_renames_never_touch_attributes_keywords_or_strings() -> None:
    before = 'out = x.x + f(x=x) + "x"  # x\nprint(f"{x}")\n'
    rec = reconcile(before, SCRIPT, at_line=18, prose="where `x` is the output of the backbone")
    assert rec.apply() == 'out = features.x + f(x=features) + "x"  # x\nprint(f"{features}")\n'


def test_locals_of_the_insertion_function_are_visible_and_indented_snippets_work() -> None:
    script = """import keras

def build(inputs):
    h = keras.layers.Dense(8)(inputs)
    return keras.Model(inputs, h)
"""
    snippet = "    x = keras.layers.Dropout(0.1)(x)\n"
    rec = reconcile(snippet, script, at_line=5)
    # the snippet continues the chain: its x is the script's h, read and rebound
    assert rec.apply() == "h = keras.layers.Dropout(0.1)(h)\n"
    (m,) = rec.changes
    assert (m.snippet_name, m.kind) == ("x", "role")
    assert "h is a tensor (line 4)" in m.evidence


def test_with_several_tensors_the_latest_before_the_insertion_point_is_taken() -> None:
    rec = reconcile("x = keras.layers.Dropout(0.5)(x)\n", SCRIPT, at_line=19)
    assert rec.apply() == "pooled = keras.layers.Dropout(0.5)(pooled)\n"
    assert "the latest tensor before line 19" in rec.changes[0].evidence


def test_snippet_names_that_exist_stay_the_same() -> None:
    rec = reconcile("net.summary()\nprint(CFG.epochs)\n", SCRIPT)
    assert _kinds(rec) == {"net": ("net", "same"), "CFG": ("CFG", "same")}
    assert rec.apply() == "net.summary()\nprint(CFG.epochs)\n"
    assert rec.changes == []


def test_broken_snippet_is_reported() -> None:
    rec = reconcile("x = (\n", SCRIPT)
    assert rec.error is not None
    assert rec.apply() == "x = (\n"


def test_fixture_pasted_fit_call_is_mapped_to_the_scripts_dataset() -> None:
    from pathlib import Path

    import pytest

    case = Path(__file__).resolve().parents[2] / "fixtures" / "13-undefined-name-snippet"
    if not (case / "train.py").is_file():
        pytest.skip("fixture 13 is not in this checkout")
    script = (case / "train.py").read_text(encoding="utf-8")
    broken = next(line for line in script.splitlines() if "model.fit(" in line)
    line = script.splitlines().index(broken) + 1
    rec = reconcile(broken + "\n", script, at_line=line)
    assert rec.apply() == broken.replace("train_ds", "train_dataset") + "\n"
    assert check(script, script.replace("train_ds,", "train_dataset,")).unbound == []


def test_config_spellings_are_mapped_between_styles() -> None:
    constants = "import keras\nBATCH_SIZE = 32\nLR = 1e-3\n"
    rec = reconcile("ds = ds.batch(CFG.batch_size)\nopt = Adam(learning_rate=CFG.lr)\n", constants)
    assert rec.apply() == (
        "ds = ds.batch(BATCH_SIZE)\nopt = keras.optimizers.Adam(learning_rate=LR)\n"
    )
    assert ("CFG.batch_size", "BATCH_SIZE", "config") in {
        (m.snippet_name, m.script_name, m.kind) for m in rec.mappings
    }
    class_cfg = "class CFG:\n    batch_size = 8\n    lr = 0.1\n"
    rec = reconcile("steps = N // BATCH_SIZE\nprint(LR)\n", class_cfg)
    assert rec.apply() == "steps = N // CFG.batch_size\nprint(CFG.lr)\n"
    assert rec.unresolved == ["N"]
    dict_cfg = 'config = {"lr": 0.1}\nhp = dict(lr=0.2)\n'
    rec = reconcile("print(args.lr)\n", dict_cfg)
    (amb,) = rec.ambiguous
    assert amb.candidates == ['config["lr"]', 'hp["lr"]']


def test_python_generator_feeds_are_datasets_for_the_role_match() -> None:
    script = """import keras

def batches(batch_size):
    while True:
        yield make(batch_size)

train_gen = batches(16)
val_gen = batches(16)
model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
"""
    rec = reconcile("model.fit(train_generator, validation_data=valid_generator)\n", script)
    assert rec.apply() == "model.fit(train_gen, validation_data=val_gen)\n"


def test_two_hints_in_one_sentence_each_keep_their_own_description() -> None:
    answer = (
        "Assume `backbone_out` is the output of your backbone and `train_ds` is your "
        "training dataset."
    )
    hints = prose_hints(answer)
    assert hints["backbone_out"].role == "tensor"
    assert "training" not in hints["backbone_out"].evidence
    assert hints["train_ds"].role == "dataset"
    before = "pooled = keras.layers.GlobalAveragePooling2D()(backbone_out)\n"
    rec = reconcile(before, SCRIPT, at_line=18, prose=answer)
    assert _kinds(rec)["backbone_out"] == ("features", "prose")


def test_a_spelling_the_script_itself_uses_is_kept() -> None:
    script = (
        "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
        "from tensorflow.keras import layers\n\n"
        "ds = tf.data.Dataset.from_tensor_slices(np.zeros((8, 4)))\n"
        "ds = ds.map(lambda x: tf.cast(x, tf.float32)).batch(2).prefetch(tf.data.AUTOTUNE)\n"
        "model = keras.Sequential([keras.Input((4,)), layers.Dense(1)])\n"
    )
    rec = reconcile("head = keras.Sequential([keras.layers.Dense(2)])\n", script)
    # `keras.` is how the script writes it: not respelled as tf.keras.Sequential;
    # keras.layers.Dense takes the script's `layers.` style
    assert rec.apply() == "head = keras.Sequential([layers.Dense(2)])\n"


def test_a_layers_size_in_the_outputs_is_no_tensor() -> None:
    # ``Dense(NUM_ACTIONS)(x)`` as the model's outputs: ``NUM_ACTIONS`` sizes the layer, it is
    # no tensor, so it is never mapped onto the script's ``logits``
    before = (
        "clip_in = keras.Input(shape=(8, 4))\n"
        "x = keras.layers.LSTM(16)(clip_in)\n"
        'model = keras.Model(clip_in, keras.layers.Dense(NUM_ACTIONS, activation="softmax")(x))\n'
    )
    rec = reconcile(before, SCRIPT)
    assert _kinds(rec).get("NUM_ACTIONS", ("", ""))[0] not in ("logits", "pooled", "features")


def test_a_name_the_snippet_calls_is_never_the_scripts_array() -> None:
    # "`gray_to_rgb` is the conversion layer we wrote earlier, so you don't need to touch
    # `x_rgb`": x_rgb is an array (``.astype(...)`` of one, then an alias); calling it is no
    # reading of the answer
    script = (
        "import numpy as np\n"
        "x_all = np.random.default_rng(0).random((8, 4, 4, 1)).astype('float32')\n"
        "x_rgb = x_all\n"
    )
    prose = (
        "`gray_to_rgb` is the small conversion layer we wrote earlier, so you don't need to "
        "touch `x_rgb`."
    )
    rec = reconcile("x3 = gray_to_rgb(x_all)\n", script, prose=prose)
    assert rec.rename_map().get("gray_to_rgb") != "x_rgb"
    assert "gray_to_rgb" in rec.unresolved
