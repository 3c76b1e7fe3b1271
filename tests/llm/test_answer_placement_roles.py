"""Answers whose edits need more than their own code: non-edit blocks around them, a place
given only in words, placeholder names explained in words, answers for another script.

Each answer here is written for the test, in wordings and spellings of its own; each test
applies it to a real script and checks what a user sees: the patched lines, or the refusal
with its real reason, and the per-block report.
"""

from __future__ import annotations

from pathlib import Path

from gptfix.llm import apply_answer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
F = "```"


def fixture(name: str) -> str:
    return (ROOT / "fixtures" / name / "train.py").read_text(encoding="utf-8")


DTYPE = fixture("10-dtype-int-float")
HISTORY = fixture("14-history-metric-key")
SNIPPET = fixture("13-undefined-name-snippet")
TWO_INPUTS = fixture("11-multi-input-order")
STARTER = fixture("17-kerascv-starter")
PIPELINE = fixture("18-unbatched-dataset")
HOUSES = (HERE / "scripts" / "house_prices.py").read_text(encoding="utf-8")


def added(before: str, after: str) -> list[str]:
    old = before.split("\n")
    return [x for x in after.split("\n") if x not in old]


def line_of(text: str, start: str) -> int:
    return next(i for i, x in enumerate(text.split("\n")) if x.strip().startswith(start))


# -- 1. blocks that are not edits do not sink the edit ----------------------------------------


def test_a_reproduction_with_names_of_its_own_is_skipped_and_the_fix_applies() -> None:
    answer = f"""TensorFlow does not promote dtypes. A minimal way to see the same crash:

{F}python
i = tf.range(3)
f = tf.linspace(0.0, 1.0, 3)
i * f  # InvalidArgumentError here too
{F}

For your feature, give `rooms` the dtype of `area` first:

{F}python
rooms_x_area = tf.cast(rooms, area.dtype) * area
{F}
"""
    result = apply_answer(DTYPE, answer)
    assert result.ok, result.refusal
    assert added(DTYPE, result.new_text or "") == [
        "rooms_x_area = tf.cast(rooms, area.dtype) * area"
    ]
    assert "i = tf.range" not in (result.new_text or "")
    statuses = [b.status for b in result.blocks]
    assert statuses == ["skipped", "applied"]
    assert "demonstration" in result.blocks[0].detail


def test_an_ipython_session_with_out_lines_is_skipped() -> None:
    answer = f"""Keras 3 records the metric under the name you compiled with:

{F}
In [7]: history.history.keys()
Out[7]: dict_keys(['accuracy', 'loss', 'val_accuracy', 'val_loss'])
{F}

so read these keys instead:

{F}python
acc = history.history["accuracy"]
val_acc = history.history["val_accuracy"]
{F}
"""
    result = apply_answer(HISTORY, answer)
    assert result.ok, result.refusal
    assert sorted(added(HISTORY, result.new_text or "")) == [
        'acc = history.history["accuracy"]',
        'val_acc = history.history["val_accuracy"]',
    ]
    assert result.blocks[0].status == "skipped" and result.blocks[0].detail
    assert "keys()" not in (result.new_text or "") and "Out[" not in (result.new_text or "")


def test_a_block_whose_names_the_fix_reads_is_not_a_demonstration() -> None:
    # data loading for another project: the next block trains on it, so it is no
    # illustration, and it has no place in the script
    answer = f"""Load the table first:

{F}python
table = pd.read_parquet("houses.parquet")
{F}

then train on it:

{F}python
model.fit(table.drop(columns="price"), table["price"], epochs=3, callbacks=[early_stop])
{F}
"""
    result = apply_answer(HOUSES, answer)
    assert not result.ok and result.new_text is None
    assert result.blocks[0].status == "refused"
    assert "applied" not in [b.status for b in result.blocks]


# -- 2. a place said only in words -------------------------------------------------------------


def test_above_the_compile_call_places_a_new_line_before_it() -> None:
    answer = f"""Create the missing name as an alias. Insert it above the `model.compile` call:

{F}python
train_ds = train_dataset
{F}
"""
    result = apply_answer(SNIPPET, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    assert line_of(new, "train_ds = train_dataset") + 1 == line_of(new, "model.compile")


def test_japanese_placement_after_a_quoted_binding() -> None:
    answer = f"""`train_ds` が定義されていません。次の行を `val_dataset = ...` の直後に追加してください。

{F}python
train_ds = train_dataset
{F}
"""
    result = apply_answer(SNIPPET, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    assert line_of(new, "train_ds = train_dataset") == line_of(new, "val_dataset = ") + 1


def test_a_described_statement_inside_a_function_places_the_line_there() -> None:
    answer = f"""Insert this directly below the early stopping callback you already have:

{F}python
plateau = keras.callbacks.ReduceLROnPlateau(monitor="loss", patience=1)
{F}

and pass both callbacks: `callbacks=[early_stop, plateau]`.
"""
    result = apply_answer(HOUSES, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    at = line_of(new, "plateau = ")
    assert at == line_of(new, "early_stop = ") + 1
    assert new.split("\n")[at].startswith("    plateau = ")  # inside main(), its indentation


def test_chinese_after_the_imports() -> None:
    answer = f"""在 import 之后加上这一行，开启混合精度：

{F}python
keras.mixed_precision.set_global_policy("mixed_float16")
{F}
"""
    result = apply_answer(STARTER, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    lines = new.split("\n")
    at = line_of(new, "keras.mixed_precision.set_global_policy")
    assert lines[at - 1].startswith(("import ", "from "))
    assert not any(x.startswith(("import ", "from ")) for x in lines[at + 1 :])


def test_an_ambiguous_place_is_refused_not_guessed() -> None:
    answer = f"""Keep a reference for a skip connection right after the `x = ...` line:

{F}python
shortcut = x
{F}
"""
    result = apply_answer(TWO_INPUTS, answer)
    assert not result.ok
    assert result.refusal is not None and "ambiguous place" in result.refusal


# -- 3. placeholder names explained in words ----------------------------------------------------


def test_placeholders_described_by_role_map_to_the_values_fed_to_training() -> None:
    answer = f"""Pass the inputs by name so their order cannot matter:

{F}python
history = model.fit(
    {{"image": pics, "meta": tab}},
    targets,
    batch_size=BATCH_SIZE,
    epochs=EPOCHS,
    validation_split=0.2,
)
{F}

Here `pics` and `tab` are your product photos and your metadata, and `targets` is your label array.
"""
    result = apply_answer(TWO_INPUTS, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    assert '{"image": photos, "meta": meta},' in new
    assert "    labels," in new
    assert not any(w in new for w in ("pics", "tab}", "targets"))
    assert {(n.answer, n.script) for n in result.names} >= {
        ("pics", "photos"),
        ("tab", "meta"),
        ("targets", "labels"),
    }


def test_a_description_matching_no_value_leaves_the_name_unmapped() -> None:
    answer = f"""Use a dict:

{F}python
history = model.fit({{"image": pics, "meta": meta}}, labels, epochs=EPOCHS)
{F}

where `pics` is your array.
"""
    result = apply_answer(TWO_INPUTS, answer)
    assert not result.ok
    assert result.refusal is not None and "pics" in result.refusal


# -- 4. an answer for another script's data ------------------------------------------------------


def test_an_answer_that_trains_on_other_data_is_refused() -> None:
    answer = f"""Read the reviews straight from their folders:

{F}python
train_ds = keras.utils.text_dataset_from_directory("reviews/train", batch_size=32)
val_ds = keras.utils.text_dataset_from_directory("reviews/val", batch_size=32)
history = model.fit(train_ds, validation_data=val_ds, epochs=EPOCHS)
{F}
"""
    result = apply_answer(SNIPPET, answer)
    assert not result.ok and result.new_text is None
    assert result.refusal is not None and "another script's data" in result.refusal
    assert "`val_dataset`" in result.refusal
    assert "applied" not in [b.status for b in result.blocks]


def test_images_for_a_model_of_feature_vectors_are_refused() -> None:
    answer = f"""Keras can build both datasets from your folders:

{F}python
train_ds = tf.keras.utils.image_dataset_from_directory("photos/train", image_size=(96, 96))
history = model.fit(train_ds, validation_data=val_ds, epochs=EPOCHS)
{F}
"""
    result = apply_answer(PIPELINE, answer)
    assert not result.ok and result.new_text is None
    assert result.refusal is not None and "another script's data" in result.refusal


def test_a_change_that_drops_the_validation_set_for_a_split_is_still_applied() -> None:
    answer = f"""Simplest: let Keras hold out the validation part itself.

{F}python
history = model.fit(features, quality, validation_split=0.2, batch_size=BATCH_SIZE, epochs=EPOCHS)
{F}
"""
    result = apply_answer(PIPELINE, answer)
    assert result.ok, result.refusal


def test_respelling_keeps_the_scripts_own_keras_spelling() -> None:
    # the script imports both tensorflow and keras but writes `keras.` only
    answer = f"""Stop early when validation loss stalls. Add right before the `model.fit` call:

{F}python
stopper = keras.callbacks.EarlyStopping(patience=1, restore_best_weights=True)
{F}
"""
    result = apply_answer(PIPELINE, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    assert "stopper = keras.callbacks.EarlyStopping(" in new
    assert "tf.keras" not in new


# -- 5./6. the report and the reason of a refusal -------------------------------------------------


def test_a_refused_answer_reports_every_block_and_applies_none() -> None:
    answer = f"""Three steps.

{F}python
rooms_x_area = tf.cast(rooms, tf.float32) * area
{F}

{F}python
sess = tf.compat.v1.Session()
sess.run(model_out, feed_dict={{x_ph: batch}})
{F}

{F}python
print(features.dtype)
{F}
"""
    result = apply_answer(DTYPE, answer)
    assert not result.ok
    assert [b.number for b in result.blocks] == [1, 2, 3]
    assert [b.status for b in result.blocks][:2] == ["not applied", "refused"]
    assert result.refusal is not None and result.refusal.startswith("block 2:")


def test_an_answer_for_another_framework_says_so() -> None:
    answer = f"""Port it to JAX:

{F}python
import jax.numpy as jnp
from flax import linen as nn

model = nn.Dense(1)
{F}
"""
    result = apply_answer(DTYPE, answer)
    assert not result.ok
    assert result.refusal is not None and "another framework (flax, jax)" in result.refusal


def test_a_value_left_to_fill_in_is_the_reason() -> None:
    answer = f"""Make the first layer wider:

{F}python
        tf.keras.layers.Dense(units=..., activation="relu"),
{F}

(choose the width yourself.)
"""
    result = apply_answer(DTYPE, answer)
    assert not result.ok
    assert result.refusal is not None and "`units=...`" in result.refusal


def test_a_function_from_another_project_names_its_foreign_settings() -> None:
    answer = f"""Your branches never meet in 2-D. Here is the whole function, fixed:

{F}python
def build_model():
    pic = keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 3), name="image")
    side = keras.Input(shape=(META_DIM,), name="meta")
    x = layers.Conv2D(8, 3, activation="relu")(pic)
    x = layers.GlobalMaxPooling2D()(x)
    x = layers.Concatenate()([x, side])
    outputs = layers.Dense(N_CLASSES, activation="softmax")(x)
    return keras.Model(inputs=[pic, side], outputs=outputs)
{F}
"""
    result = apply_answer(TWO_INPUTS, answer)
    assert not result.ok
    refusal = result.refusal or ""
    assert "written for another script" in refusal and "`N_META`" in refusal
    assert "applied" not in [b.status for b in result.blocks]


def test_labels_described_apart_from_features_under_a_star_import() -> None:
    script = (HERE / "scripts" / "star_import_cnn.py").read_text(encoding="utf-8")
    answer = f"""Hold out less data:

{F}python
model.fit(X_tr, y_tr, epochs=EPOCHS, batch_size=BATCH, validation_split=0.1)
{F}

where `X_tr` and `y_tr` are your training images and labels.
"""
    result = apply_answer(script, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    assert (
        "model.fit(x_train, y_train, epochs=EPOCHS, batch_size=BATCH, validation_split=0.1)" in new
    )
    assert "X_tr" not in new and "y_tr," not in new


def test_between_two_quoted_calls_and_french_after() -> None:
    between = f"""Insert it between `model.compile(...)` and `model.fit(...)`:

{F}python
train_ds = train_dataset
{F}
"""
    french = f"""Ajoute cette ligne après `val_dataset = ...` :

{F}python
train_ds = train_dataset
{F}
"""
    first = apply_answer(SNIPPET, between).new_text or ""
    assert line_of(first, "train_ds = train_dataset") == line_of(first, "model.compile") + 1
    second = apply_answer(SNIPPET, french).new_text or ""
    assert line_of(second, "train_ds = train_dataset") == line_of(second, "val_dataset = ") + 1


TEXT_CFG = (HERE / "scripts" / "text_cfg.py").read_text(encoding="utf-8")


def test_chinese_descriptions_map_training_and_validation_values() -> None:
    answer = f"""批大小太大了，改小一点：

{F}python
history = model.fit(
    seqs, tgt, validation_data=(seqs_v, tgt_v), batch_size=16, epochs=CFG.epochs
)
{F}

其中 `seqs` 是你的训练序列，`tgt` 是训练标签，`seqs_v` 和 `tgt_v` 是验证集的序列和标签。
"""
    result = apply_answer(TEXT_CFG, answer)
    assert result.ok, result.refusal
    assert "x_train, y_train, validation_data=(x_val, y_val), batch_size=16" in (
        result.new_text or ""
    )


def test_a_reposted_argument_line_with_one_more_argument_replaces_its_line() -> None:
    answer = f"""Define the callback before training:

{F}python
early = keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=2)
{F}

then hand it to `model.fit`:

{F}python
    x_train, y_train, validation_data=(x_val, y_val), batch_size=CFG.batch_size, epochs=CFG.epochs, callbacks=[early]
{F}
"""
    result = apply_answer(TEXT_CFG, answer)
    assert result.ok, result.refusal
    new = result.new_text or ""
    assert new.count("x_train, y_train, validation_data") == 1
    assert "epochs=CFG.epochs, callbacks=[early]" in new
    assert line_of(new, "early = ") < line_of(new, "history = model.fit(")
