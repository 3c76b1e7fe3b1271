"""Each way chat answers used to be misapplied, on answers written for it.

The answers here are in styles the corpus did not have when these behaviours were fixed:
notebook sessions with magics and printed logs, "remove this" code ahead of the fix,
re-pasted calls with the answer's own names, elided re-pastes, answers for scripts that
star-import Keras or pass their config as a parameter. Each test applies a real answer
to a real script and checks what a user would see: the patched text, or the refusal and
an untouched script, and the per-block report.
"""

from __future__ import annotations

import ast
from pathlib import Path

from gptfix.llm import apply_answer

HERE = Path(__file__).resolve().parent
KAGGLE = (HERE / "scripts" / "kaggle_baseline.py").read_text(encoding="utf-8")
STARTER = (HERE.parents[1] / "fixtures" / "17-kerascv-starter" / "train.py").read_text("utf-8")
STAR = (HERE / "scripts" / "star_import_cnn.py").read_text(encoding="utf-8")
TEXT_CFG = (HERE / "scripts" / "text_cfg.py").read_text(encoding="utf-8")
PREDICT = (HERE / "scripts" / "predict_one.py").read_text(encoding="utf-8")
TWO_VIEW = (HERE / "scripts" / "vit_head.py").read_text(encoding="utf-8")

F = "```"


def function_source(text: str, name: str) -> str:
    tree = ast.parse(text)
    node = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == name)
    return ast.get_source_segment(text, node) or ""


# -- blocks that are not edits are skipped with a note; the edits still apply -------------


def test_removed_line_not_in_script_then_the_fixed_statement() -> None:
    answer = f"""The culprit is this line in your head, delete it:

{F}python
x = keras.layers.Dense(1024)(x)
{F}

and regularise a bit more instead:

{F}python
    x = keras.layers.GlobalAveragePooling2D()(x)
    x = keras.layers.Dropout(0.5)(x)
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "    x = keras.layers.Dropout(0.5)(x)\n" in result.new_text
    assert "Dense(1024)" not in result.new_text
    first, second = result.blocks
    assert first.status == "skipped" and "before" in first.detail
    assert second.status == "applied" and "line" in second.detail


def test_session_with_shell_magics_and_log_keeps_its_two_edits() -> None:
    answer = f"""Run these first:

{F}
!nvidia-smi
%env TF_FORCE_GPU_ALLOW_GROWTH=true
{F}

Here is what I get on a T4 with your settings:

{F}
Epoch 3/12
108/108 ━━━━━━━━━━━━━━━━━━━━ 41s 380ms/step - accuracy: 0.8620 - loss: 0.4132
Epoch 4/12
108/108 ━━━━━━━━━━━━━━━━━━━━ 41s 379ms/step - accuracy: 0.8801 - val_accuracy: 0.8005
{F}

{F}sh
kaggle kernels output me/leaf-baseline -p out/
{F}

So the model is overfitting. First, smaller learning rate:

{F}python
class CFG:
    lr = 5e-4
{F}

second, stronger zoom augmentation:

{F}python
            keras.layers.RandomZoom(0.2),
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "    lr = 5e-4\n" in result.new_text and "RandomZoom(0.2)" in result.new_text
    assert "nvidia-smi" not in result.new_text and "Epoch 3/12" not in result.new_text
    statuses = [b.status for b in result.blocks]
    assert statuses.count("applied") == 2 and statuses.count("skipped") >= 3
    assert all(b.detail for b in result.blocks)


# -- inspect-only snippets are never applied -----------------------------------------------


def test_print_in_a_new_cell_is_not_an_edit() -> None:
    answer = f"""Can you check what the best epoch was? In a new cell:

{F}python
import numpy as np
print("best epoch:", int(np.argmax(history.history["val_accuracy"])) + 1)
print(history.history.keys())
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.new_text is None
    assert result.refusal is not None and "no code to apply" in result.refusal
    assert "only inspects" in result.blocks[0].detail


def test_a_shape_check_loop_beside_a_real_edit() -> None:
    answer = f"""Look at one batch:

{F}python
for images, labels in train_ds.take(1):
    print(images.shape, labels.shape)
{F}

If the labels print as `(32,)` the one-hot step is missing; it is there in your
`decode_image`, so the shape is fine. The real fix is the dropout:

{F}python
    x = keras.layers.Dropout(0.4)(x)
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "train_ds.take(1)" not in result.new_text
    assert "    x = keras.layers.Dropout(0.4)(x)\n" in result.new_text
    assert [b.status for b in result.blocks] == ["skipped", "applied"]


# -- re-pasted code with the answer's own names anchors by role -----------------------------


def test_refit_with_the_answers_dataset_names() -> None:
    answer = f"""Pass the class weights to `fit` (here `training_set` and `validation_set` are
your train and validation datasets):

{F}python
history = model.fit(
    training_set,
    validation_data=validation_set,
    epochs=CFG.epochs,
    steps_per_epoch=steps_per_epoch,
    callbacks=callbacks,
    class_weight={{0: 2.0, 1: 1.0, 2: 1.0, 3: 0.5, 4: 1.5}},
)
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "    train_ds,\n    validation_data=valid_ds," in result.new_text
    assert "class_weight={0: 2.0" in result.new_text
    assert result.new_text.count("model.fit(") == 1


def test_helper_and_its_use_after_the_base_model() -> None:
    answer = f"""Add a channel-attention helper:

{F}python
def channel_attention(t, ratio=8):
    c = t.shape[-1]
    w = layers.GlobalAveragePooling2D(keepdims=True)(t)
    w = layers.Dense(c // ratio, activation="relu")(w)
    w = layers.Dense(c, activation="sigmoid")(w)
    return layers.Multiply()([t, w])
{F}

and call it on the output of your base model:

{F}python
    x = base_model(x)
    x = channel_attention(x)
{F}
"""
    result = apply_answer(STARTER, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "    x = backbone(x)\n    x = channel_attention(x)\n" in result.new_text
    assert result.new_text.index("def channel_attention") < result.new_text.index("def build_model")
    assert "base_model" not in result.new_text


# -- SEARCH text differing by a trailing comment or whitespace ----------------------------------


def test_search_with_a_comment_and_trailing_blanks() -> None:
    answer = (
        "<<<<<<< SEARCH\n"
        "    x = keras.layers.Dropout(0.3)(x)   # regularisation  \n"
        "    outputs = keras.layers.Dense(CFG.num_classes, activation='softmax')(x)\t\n"
        "=======\n"
        "    x = keras.layers.Dropout(0.5)(x)   # regularisation\n"
        '    outputs = keras.layers.Dense(CFG.num_classes, activation="softmax")(x)\n'
        ">>>>>>> REPLACE\n"
    )
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "Dropout(0.5)" in result.new_text and "Dropout(0.3)" not in result.new_text


# -- an elided re-paste never drops what the marker stands for ----------------------------------


def test_elision_then_a_changed_line_keeps_the_tail() -> None:
    answer = f"""{F}python
def build_model():
    backbone = keras.applications.EfficientNetB2(
        include_top=False,
        weights="imagenet",
        input_shape=(*CFG.image_size, 3),
    )
    # ... unchanged ...
    x = keras.layers.Dropout(0.4)(x)
{F}
"""
    result = apply_answer(KAGGLE, answer)
    if result.ok:
        assert result.new_text is not None
        body = function_source(result.new_text, "build_model")
        assert "EfficientNetB2" in body and "Dropout(0.4)" in body
        assert "outputs = keras.layers.Dense" in body and body.rstrip().endswith("return model")
    else:
        assert result.new_text is None


def test_no_function_loses_its_return_or_its_tail() -> None:
    answer = f"""Only the start of the function changes (rest as before):

{F}python
def decode_image(path, label):
    image = tf.io.read_file(path)
    image = tf.image.decode_png(image, channels=3)
    ...
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    body = function_source(result.new_text, "decode_image")
    assert "decode_png" in body and "return image, label" in body
    assert "tf.one_hot(label, CFG.num_classes)" in body


# -- the data flow after an edit ------------------------------------------------------------------


def test_a_layer_applied_again_to_its_own_output_is_refused() -> None:
    answer = f"""Share the backbone and pool after it:

{F}python
    x1 = backbone(left)
    x1 = backbone(x1)
    x2 = backbone(right)
{F}
"""
    result = apply_answer(TWO_VIEW, answer)
    assert result.new_text is None
    assert result.refusal is not None and "twice" in result.refusal


def test_a_tensor_left_unused_is_refused() -> None:
    answer = f"""Use only the left view for now:

{F}python
    x = layers.Concatenate()([x1, x2])
    x = layers.Dense(128, activation="relu")(x1)
{F}
"""
    result = apply_answer(TWO_VIEW, answer)
    assert result.new_text is None
    assert result.refusal is not None and "never used" in result.refusal


def test_attention_replacing_the_pooling_is_placed_once() -> None:
    answer = f"""Replace the two poolings with attention over both token sets:

{F}python
    x1 = backbone(left)
    x2 = backbone(right)
    t1 = layers.Reshape((-1, 1280))(x1)
    t2 = layers.Reshape((-1, 1280))(x2)
    x = layers.Concatenate(axis=1)([t1, t2])
    x = layers.MultiHeadAttention(num_heads=2, key_dim=32)(x, x)
    x = layers.GlobalAveragePooling1D()(x)
    x = layers.Dense(128, activation="relu")(x)
{F}
"""
    result = apply_answer(TWO_VIEW, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert result.new_text.count("backbone(left)") == 1
    assert result.new_text.count("backbone(right)") == 1
    assert "GlobalAveragePooling2D" not in result.new_text
    assert result.new_text.count("Dense(128") == 1


# -- names: bound names are never renamed; the script's own spelling stays -------------------------


def test_a_parameter_of_the_target_function_is_not_renamed() -> None:
    answer = f"""Make the embedding width configurable and pool over time:

{F}python
def build_model(cfg):
    inputs = keras.Input(shape=(cfg.seq_len,), dtype="int32")
    x = layers.Embedding(cfg.vocab_size, cfg.embed_dim, mask_zero=True)(inputs)
    x = layers.Bidirectional(layers.LSTM(32))(x)
    x = layers.Dense(32, activation="relu")(x)
    outputs = layers.Dense(1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs)
{F}
"""
    result = apply_answer(TEXT_CFG, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    body = function_source(result.new_text, "build_model")
    assert "layers.Embedding(cfg.vocab_size, cfg.embed_dim, mask_zero=True)" in body
    assert "CFG" not in body


def test_a_slice_inside_the_function_keeps_its_parameter() -> None:
    answer = f"""{F}python
    x = layers.Embedding(cfg.vocab_size, cfg.embed_dim, mask_zero=True)(inputs)
{F}"""
    result = apply_answer(TEXT_CFG, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "layers.Embedding(cfg.vocab_size, cfg.embed_dim, mask_zero=True)(inputs)" in (
        result.new_text
    )


def test_star_imported_layers_and_an_imported_model_class_stay_bare() -> None:
    answer = f"""{F}python
def build_model():
    inp = Input(shape=(IMG, IMG, 3))
    x = Conv2D(32, 3, activation="relu")(inp)
    x = MaxPooling2D()(x)
    x = Conv2D(64, 3, activation="relu")(x)
    x = MaxPooling2D()(x)
    x = Flatten()(x)
    x = Dropout(0.5)(x)
    x = Dense(64, activation="relu")(x)
    out = Dense(1, activation="sigmoid")(x)
    return Model(inputs=inp, outputs=out)
{F}"""
    result = apply_answer(STAR, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    body = function_source(result.new_text, "build_model")
    assert "x = Flatten()(x)" in body and "return Model(inputs=inp, outputs=out)" in body
    assert "keras." not in body and "\nimport keras" not in result.new_text


def test_prose_about_two_names_is_not_a_naming_hint() -> None:
    answer = f"""`arrTest1` is one sample of shape `(21,)`, but `model` was built for batches of
shape `(None, 21)`. Give it a batch axis:

{F}python
prediction = model.predict(arrTest1[np.newaxis, :])
{F}
"""
    result = apply_answer(PREDICT, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    assert "prediction = model.predict(arrTest1[np.newaxis, :])\n" in result.new_text
    assert not [n for n in result.names if n.answer == "arrTest1"]


# -- the applier's last check: whatever produced the text, no function loses code -----------


def test_the_guard_refuses_a_text_that_lost_a_return_or_unremoved_code() -> None:
    from gptfix.llm.guards import flow_problem, lost_code

    lost_return = KAGGLE.replace("    return model\n", "")
    assert "return" in (lost_code(KAGGLE, lost_return, "", set()) or "")
    lost_line = KAGGLE.replace("    label = tf.one_hot(label, CFG.num_classes)\n", "")
    reason = lost_code(KAGGLE, lost_line, "", set())
    assert reason is not None and "tf.one_hot" in reason
    # removed on the answer's word (a SEARCH text naming it) or by a whole re-paste: fine
    assert lost_code(KAGGLE, lost_line, "label = tf.one_hot(label, CFG.num_classes)", set()) is None
    assert lost_code(KAGGLE, lost_line, "", {"decode_image"}) is None
    after_return = KAGGLE.replace(
        "    return model\n", "    return model\n    x = keras.layers.Dropout(0.4)(x)\n"
    )
    assert "after the `return`" in (flow_problem(KAGGLE, after_return, "") or "")


def test_a_second_identical_layer_written_by_the_answer_is_kept() -> None:
    answer = f"""Add a hidden layer with its own dropout after the existing dropout:

{F}python
    x = keras.layers.Dropout(0.3)(x)
    x = keras.layers.Dense(256, activation="relu")(x)
    x = keras.layers.Dropout(0.3)(x)
    outputs = keras.layers.Dense(CFG.num_classes, activation="softmax")(x)
{F}
"""
    result = apply_answer(KAGGLE, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    body = function_source(result.new_text, "build_model")
    assert body.count("Dropout(0.3)") == 2 and "Dense(256" in body


def test_usage_line_with_guessed_inputs_anchors_and_keeps_the_scripts_inputs() -> None:
    answer = f"""Squeeze-and-excitation on the backbone output:

{F}python
def se_block(x, ratio=16):
    c = x.shape[-1]
    s = layers.GlobalAveragePooling2D()(x)
    s = layers.Dense(c // ratio, activation="relu")(s)
    s = layers.Dense(c, activation="sigmoid")(s)
    return layers.Multiply()([x, layers.Reshape((1, 1, c))(s)])
{F}

{F}python
x = base_model(img_input)
x = se_block(x)
x = layers.GlobalAveragePooling2D(name="image_pool")(x)
{F}
"""
    result = apply_answer(STARTER, answer)
    assert result.ok, result.refusal
    assert result.new_text is not None
    body = function_source(result.new_text, "build_model")
    # the script's data flow stays: augment -> rescale -> backbone(x) -> se_block
    assert (
        "    x = backbone(x)\n    x = se_block(x)\n    x = layers.GlobalAveragePooling2D(" in body
    )
    assert "backbone(image_input)" not in body and "base_model" not in result.new_text
