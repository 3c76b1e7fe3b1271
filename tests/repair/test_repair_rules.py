"""Rules on failures parsed from real captured tracebacks (fixtures and held-out-style cases).

The expected results come from outside the rules: each fixture's reference ``fixed.py``
(written with the fixture), or a line a correct repair of a case must contain.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from repair_support import CASES, FIXTURES, TRACEBACKS, captured_failure, fixture_cases

from gptfix.edits import parses
from gptfix.model import Applicability, Script
from gptfix.repair import candidate_fixes
from gptfix.tracebacks import diagnose_log, read_log

#: Cases whose rules ask the user's interpreter (a probe that imports Keras).
PROBED = {
    "06-adam-lr-keyword",
    "08-experimental-preprocessing",
    "sgd_old_kwargs",
    "np_utils_import",
    "numpy_alias",
    "tf1_session_setup",
    "tf1_configproto",
    "fit_old_worker_kwargs",
    "backend_math_loss",
    "tf1_random_seed",
}

#: Fixtures whose reference fix differs from an equally valid one: a line the fix must contain.
ALTERNATIVES = {"15-concat-4d-2d": "GlobalAveragePooling2D()"}


def _mark(name: str) -> list[pytest.MarkDecorator]:
    return [pytest.mark.tf] if name in PROBED else []


def _fixture_params() -> list:
    out = []
    for case in fixture_cases():
        if (case / "traceback.txt").exists() and (case / "fixed.py").exists():
            out.append(pytest.param(case, id=case.name, marks=_mark(case.name)))
    return out


@pytest.mark.parametrize("case", _fixture_params())
def test_first_fix_of_each_fixture_is_the_reference_repair(case: Path) -> None:
    script = case / "train.py"
    failure = captured_failure(case / "traceback.txt", script)
    fixes = candidate_fixes(Script.read(script), failure)
    assert fixes, f"no fix for {failure.type}: {failure.message[:200]}"
    first = fixes[0]
    assert parses(first.new_text) is None
    assert first.origin.startswith("rule:") and first.evidence
    if case.name in ALTERNATIVES:
        assert ALTERNATIVES[case.name] in first.new_text
    else:
        reference = ast.dump(ast.parse((case / "fixed.py").read_text(encoding="utf-8")))
        assert ast.dump(ast.parse(first.new_text)) == reference


#: held-out-style case -> a line the first fix's text must contain (and the broken one it must not).
EXPECTED = {
    "acc_metric_key": ('max(hist.history["val_acc"])', 'hist.history["val_accuracy"]'),
    "concat_image_meta": ("layers.GlobalAveragePooling2D()(f)", "Concatenate()([f, t])"),
    "embedding_no_pool": ("layers.GlobalAveragePooling1D(),", None),
    "input_shape_data": ("keras.Input(shape=(24, 24))", "shape=(SIZE, SIZE, 1)"),
    "keras2_add_no_flatten": ("net.add(Flatten())", None),
    "np_utils_import": ("from keras.utils import to_categorical", "np_utils"),
    "numpy_alias": (".astype(float)", "np.float)"),
    "onehot_binary_loss": (
        "loss=keras.losses.SparseCategoricalCrossentropy()",
        "BinaryCrossentropy",
    ),
    "predict_classes": ("numpy.argmax(model.predict(xs[:5]), axis=-1)", "predict_classes"),
    "sgd_old_kwargs": ("SGD(learning_rate=0.05, momentum=0.9)", "lr="),
    "typo_name": ("regressor.fit(", "= regresor.fit"),
    "gray_sequential_backbone": ("layers.Lambda(lambda t: keras.ops.repeat(t, 3, axis=-1)),", None),
    "labels_one_based": ("N_CLASSES = 6", "N_CLASSES = 5"),
    "save_extension": ('ModelCheckpoint("best_model.weights.h5"', '"best_model.h5"'),
    "snippet_missing_np": ("import numpy as np", None),
    "tf1_session_setup": ("session = tf.compat.v1.Session(config=gpu_cfg)", "set_session"),
    "tf1_configproto": ("def setup_gpu():\n    pass\n", "GPUOptions"),
    "tfdata_int_scale": ("img = tf.cast(img, tf.float32) / 255.0 - 0.5", None),
    "tfdata_uint8_sub": ("img = (tf.cast(img, tf.float32) - 128.0) / 128.0", None),
    "custom_loss_onehot": (
        "tf.one_hot(tf.cast(tf.squeeze(y_true, -1), tf.int32), K_CLASSES)",
        None,
    ),
    "dict_inputs_named": ('"sequence": np.random.rand(50, 10, 3)', '"seq":'),
    "input_no_channel": ("inp = keras.Input(shape=(side, side, 1))", None),
    "dense_width_constant": ("N_IN = len(COLUMNS)", "shape=(7,)"),
    "loss_name_bound": ('"loss": "sparse_categorical_crossentropy"', None),
    "three_inputs_order": ("model.fit([d_arr, v_arr, l_arr], y", 'shape=(5,), name="demographics"'),
    "fit_old_worker_kwargs": ("steps_per_epoch=3, epochs=1, verbose=0)", "use_multiprocessing"),
    "binary_acc_history": ('hist.history["val_binary_accuracy"][-1]', '"accuracy"]'),
    "subclass_no_flatten": ("return self.head(self.flatten(h))", None),
    "backend_math_loss": ("keras.ops.sqrt(keras.ops.mean(keras.ops.square(", "K.mean"),
    "reshape_named_dim": ("layers.Reshape((STEPS, CHANNELS))(inp)", "EPOCHS))"),
    "tf1_random_seed": ("tf.random.set_seed(7)", None),
    "config_dict_width": ('cfg = {"feat": 8, "hidden": 16}', "shape=(8,)"),
    "output_dict_keys": (
        'loss={"price": "mse", "category": "sparse_categorical_crossentropy"}',
        "category_out",
    ),
}


@pytest.mark.tf
def test_a_different_word_is_never_offered_as_a_spelling_fix() -> None:
    # Python itself suggests `set_epsilon` for the removed `set_session`
    script = CASES / "tf1_session_setup.py"
    failure = captured_failure(TRACEBACKS / "cases" / "tf1_session_setup.txt", script)
    assert "set_epsilon" in failure.message
    fixes = candidate_fixes(Script.read(script), failure)
    assert fixes and all("set_epsilon" not in f.new_text for f in fixes)
    assert fixes[0].applicability is Applicability.SAFE


@pytest.mark.parametrize("name", [pytest.param(n, marks=_mark(n)) for n in sorted(EXPECTED)])
def test_held_out_style_cases_get_the_right_first_fix(name: str) -> None:
    script = CASES / f"{name}.py"
    failure = captured_failure(TRACEBACKS / "cases" / f"{name}.txt", script)
    fixes = candidate_fixes(Script.read(script), failure)
    assert fixes, f"no fix for {failure.type}: {failure.message[:200]}"
    must, must_not = EXPECTED[name]
    assert must in fixes[0].new_text
    if must_not:
        assert must_not not in fixes[0].new_text
    if fixes[0].applicability is Applicability.SAFE:
        assert parses(fixes[0].new_text) is None


LOGS = FIXTURES / "logs"

#: captured log (a run elsewhere) -> (its script, a line the first fix must contain)
LOG_CASES = {
    "name_error.log": ("name_err.py", "x = backbone(inputs, training=False)"),
    "colab_lr.log": ("colab_train.py", "keras.optimizers.Adam(learning_rate=1e-3)"),
    "kaggle_train.json": ("kaggle_train.py", 'loss="sparse_categorical_crossentropy"'),
    "graph_labels.log": ("graph_labels.py", "NUM_CLASSES = 11"),
    "keras_add_shapes.log": ("keras_call.py", "skip = layers.Conv2D(64, 1)(x)"),
    "oom_cpu.log": ("oom_cpu.py", "BATCH = 2048"),
    "graph_broadcast.log": ("graph_reshape.py", "tf.reshape(x, (-1, 4, 2))"),
}


@pytest.mark.parametrize(
    "log",
    [
        pytest.param(n, marks=[pytest.mark.tf] if n == "colab_lr.log" else [])
        for n in sorted(LOG_CASES)
    ],
)
def test_logs_from_other_machines_get_the_right_first_fix(log: str) -> None:
    script_name, must = LOG_CASES[log]
    script = LOGS / "scripts" / script_name
    if not (LOGS / log).exists() or not script.exists():
        pytest.skip(f"{log} is not bundled")
    failure = diagnose_log(read_log(LOGS / log), script)
    assert failure is not None
    fixes = candidate_fixes(Script.read(script), failure)
    assert fixes and must in fixes[0].new_text


@pytest.mark.tf
def test_a_session_used_for_real_work_is_kept(tmp_path: Path) -> None:
    # the same TF1 setup, but the session then runs something: deleting it would drop work
    text = (CASES / "tf1_configproto.py").read_text(encoding="utf-8")
    text = text.replace(
        "    tf.keras.backend.set_session(sess)\n",
        "    tf.keras.backend.set_session(sess)\n    print(sess.run(tf.constant(1)))\n",
    )
    script = tmp_path / "train.py"
    script.write_text(text, encoding="utf-8")
    failure = captured_failure(TRACEBACKS / "cases" / "tf1_configproto.txt", script)
    fixes = candidate_fixes(Script.read(script), failure)
    assert fixes and all("sess.run" in f.new_text for f in fixes)
    assert "tf.compat.v1.GPUOptions(" in fixes[0].new_text
