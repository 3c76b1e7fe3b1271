"""From a log (or a recorded failure) to what the editor shows: range, message, related."""

from __future__ import annotations

from pathlib import Path

from _tb_helpers import line_of, log_text

from gptfix.model import Failure, Frame, Location
from gptfix.tracebacks import diagnose_log, to_diagnosis


def test_nohup_picks_the_last_traceback_that_touches_each_script(project) -> None:
    log = log_text("nohup.out")
    callback = project("callback_tb.py")
    name_err = project("name_err.py")
    first_run = diagnose_log(log, callback)
    assert first_run is not None
    assert first_run.message == "Cannot take the length of shape with unknown rank."
    assert first_run.location is not None
    assert first_run.location.line == line_of(callback, "y.reshape(-1, 1, 1)")
    second_run = diagnose_log(log, name_err)
    assert second_run is not None and second_run.type == "NameError"
    assert second_run.location is not None and second_run.location.path == str(name_err)


def test_a_log_that_never_touches_the_script_gives_its_last_failure(tmp_path: Path) -> None:
    script = tmp_path / "train.py"
    script.write_text("print('hello')\n")
    failure = diagnose_log(log_text("nohup.out"), script)
    assert failure is not None and failure.type == "NameError" and failure.location is None


def test_no_traceback_gives_none(tmp_path: Path) -> None:
    assert diagnose_log("Epoch 1/1\nall good\n", tmp_path / "train.py") is None


def test_keras_block_message_puts_the_error_first_then_the_argument_shapes(project) -> None:
    script = project("keras_custom_call.py")
    failure = diagnose_log(log_text("keras_call_custom_layer.log"), script)
    assert failure is not None
    diag = to_diagnosis(failure, script.read_text(encoding="utf-8"))
    first, *rest = diag.message.split("\n")
    assert first.startswith(
        "ValueError: Invalid reduction dimension 2 for input with 2 dimensions."
    )
    assert "Could not automatically infer" not in diag.message  # Keras' preamble is dropped
    assert any("args=" in line and "shape=(None, 64)" in line for line in rest)
    assert "kwargs=<class 'inspect._empty'>" not in diag.message  # Keras' empty placeholder
    assert diag.code == "ValueError"
    assert diag.location.line == line_of(script, "ops.mean(x, axis=(1, 2))")
    # the other user frame (the layer call in the model) is related information
    assert [r.line for r in diag.related] == [line_of(script, "outputs = SqueezeExcite()(pooled)")]


def test_graph_error_message_names_the_op_and_relates_its_user_frames(project) -> None:
    script = project("graph_gather.py")
    failure = diagnose_log(log_text("graph_gather.log"), script)
    assert failure is not None
    diag = to_diagnosis(failure, script.read_text())
    assert diag.message.startswith(
        "InvalidArgumentError: Graph execution error: indices[5] = 16 is not in [0, 10)"
    )
    assert "functional_1/bucket_embed_1/GatherV2" in diag.message
    assert "File " not in diag.message  # the op's frame list is shown as related locations
    assert line_of(script, "return tf.gather(") in [r.line for r in diag.related]


def test_oom_message_has_the_tensor_shape_and_the_gpu(project) -> None:
    script = project("kaggle_train.py", as_name="train.py")
    failure = diagnose_log(log_text("oom_gpu_tf.log"), script)  # reconstructed sample
    assert failure is not None and failure.kind == "oom"
    diag = to_diagnosis(failure, script.read_text())
    assert "shape [64, 96, 128, 128]" in diag.message
    assert "Tesla P100-PCIE-16GB (15513 MB)" in diag.message
    assert diag.location.line == line_of(script, "history = model.fit(")


def test_recorded_locals_on_the_failing_line_come_first(tmp_path: Path) -> None:
    text = "import numpy as np\nfeatures = np.zeros((4, 3))\nlabels = [1, 2]\nmodel.fit(features, labels)\n"
    failure = Failure(
        type="ValueError",
        message="Data cardinality is ambiguous",
        location=Location(str(tmp_path / "train.py"), 4, 1, 4, 27),
        facts={
            "locals": {
                "np": {"type": "module"},
                "extra": {"type": "int", "repr": "3"},
                "labels": {"type": "list", "len": 2},
                "features": {"type": "ndarray", "shape": [4, 3], "dtype": "float64"},
            },
            "versions": {"python": "3.11.7", "keras": "3.15.1"},
            "memory": {"host_total": 8 * 2**30},
        },
    )
    diag = to_diagnosis(failure, text)
    lines = diag.message.split("\n")
    assert lines[0] == "ValueError: Data cardinality is ambiguous"
    assert lines[1].strip() == "features: ndarray shape=[4, 3] dtype=float64"
    assert lines[2].strip() == "labels: list len=2"
    assert "versions: python 3.11.7, keras 3.15.1" in diag.message
    assert "host_total 8.0 GiB" in diag.message


def test_range_stays_inside_a_document_that_got_shorter(tmp_path: Path) -> None:
    failure = Failure(
        type="NameError",
        message="name 'x' is not defined",
        frames=[Frame("train.py", 40, source="y = x + 1", is_user=True, local_path="train.py")],
        location=Location("train.py", 40, 9, 40, 30),
    )
    diag = to_diagnosis(failure, "a = 1\nb = 2\n")
    assert diag.location.line == 2
    assert 1 <= diag.location.column <= len("b = 2") + 1
    assert diag.location.end_column is not None and diag.location.end_column <= len("b = 2") + 1


def test_failure_without_a_user_frame_is_drawn_on_the_first_line() -> None:
    diag = to_diagnosis(Failure(type="MemoryError", message=""), "import keras\n")
    assert (diag.location.line, diag.location.column) == (1, 1)
    assert diag.message == "MemoryError"


HELPER_LOG = """Traceback (most recent call last):
  File "/kaggle/working/train.py", line 4, in <module>
    main()
  File "/kaggle/working/train.py", line 3, in main
    return scale(3, 0)
           ^^^^^^^^^^^
  File "/kaggle/working/helper.py", line 2, in scale
    return v / k
           ~~^~~
ZeroDivisionError: division by zero
"""


def test_a_failure_in_a_local_helper_module_is_drawn_on_the_call_in_the_script(
    tmp_path: Path,
) -> None:
    script = tmp_path / "train.py"
    script.write_text("from helper import scale\ndef main():\n    return scale(3, 0)\nmain()\n")
    helper = tmp_path / "helper.py"
    helper.write_text("def scale(v, k):\n    return v / k\n")
    failure = diagnose_log(HELPER_LOG, script)
    assert failure is not None and failure.location is not None
    assert failure.location.path == str(helper)  # the innermost user frame
    in_script = to_diagnosis(failure, script.read_text())
    loc = in_script.location
    assert (loc.path, loc.line, loc.column, loc.end_column) == (str(script), 3, 12, 23)
    assert (str(helper), 2) in [(r.path, r.line) for r in in_script.related]
    assert "raised in helper.py:2 in scale" in in_script.message
    in_helper = to_diagnosis(failure, helper.read_text())
    assert (in_helper.location.path, in_helper.location.line) == (str(helper), 2)
    assert (in_helper.location.column, in_helper.location.end_column) == (12, 17)
