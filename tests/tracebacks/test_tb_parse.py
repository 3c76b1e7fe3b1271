"""Parsing captured tracebacks: every format a training run prints, from real logs."""

from __future__ import annotations

from _tb_helpers import SCRIPTS, line_of, log_text

from gptfix.tracebacks import classify, parse_log

VENV_KERAS = "/home/student/.venv/lib/python3.11/site-packages/keras/src/utils/traceback_utils.py"


def test_plain_traceback_with_311_carets() -> None:
    [failure] = parse_log(log_text("name_error.log"))
    assert (failure.type, failure.message) == ("NameError", "name 'base_model' is not defined")
    [frame] = failure.frames
    assert frame.file == "/home/student/project/name_err.py"
    assert frame.line == line_of(SCRIPTS / "name_err.py", "base_model(")
    assert frame.source == "x = base_model(inputs, training=False)"
    # the carets sit under `base_model`; columns count from the shown (dedented) source
    assert frame.source[frame.column - 1 : frame.end_column - 1] == "base_model"
    assert classify(failure) == "name"


def test_chained_exceptions_keep_causes_in_order_with_their_relation() -> None:
    [failure] = parse_log(log_text("chained.log"))
    assert (failure.type, failure.message) == ("RuntimeError", "bad config missing.json")
    assert [(c.type, c.relation) for c in failure.causes] == [
        ("FileNotFoundError", "context"),  # "During handling of the above exception"
        ("KeyError", "cause"),  # "The above exception was the direct cause"
    ]
    key_error = failure.causes[1]
    assert key_error.message == "'learning_rate'"
    assert [f.function for f in key_error.frames] == ["build", "load_config"]
    inner = key_error.frames[-1]
    assert inner.source[inner.column - 1 : inner.end_column - 1] == 'CFG["learning_rate"]'
    assert [f.line for f in failure.frames] == [
        line_of(SCRIPTS / "chained.py", 'build("missing.json")'),
        line_of(SCRIPTS / "chained.py", "raise RuntimeError"),
    ]


def test_bare_syntax_error_block() -> None:
    [failure] = parse_log(log_text("syntax_error.log"))
    assert failure.type == "SyntaxError"
    assert failure.message == "invalid syntax. Perhaps you forgot a comma?"
    [frame] = failure.frames
    assert frame.line == line_of(SCRIPTS / "syntax_err.py", 'Conv2D(32, 3, activation="relu")')
    assert frame.source == 'layers.Conv2D(32, 3, activation="relu")'
    assert (frame.column, frame.end_column) == (1, len(frame.source) + 1)
    assert classify(failure) == "syntax"


def test_keras_exception_encountered_block_keeps_layer_and_argument_shapes() -> None:
    [failure] = parse_log(log_text("keras_call_custom_layer.log"))
    assert failure.type == "ValueError"
    call = failure.facts["keras_call"]
    assert (call["layer"], call["method"]) == ("SqueezeExcite", "call")
    assert call["error"].startswith("Invalid reduction dimension 2 for input with 2 dimensions.")
    assert call["shapes"] == {"args": [[None, 64]]}
    assert "Arguments received by" not in call["error"]
    assert classify(failure) == "shape"


def test_keras_block_from_a_sequential_model_with_tensor_arguments() -> None:
    [failure] = parse_log(log_text("fit_progress_ansi.log"))
    call = failure.facts["keras_call"]
    assert call["layer"] == "Sequential"
    assert call["arguments"]["inputs"] == "tf.Tensor(shape=(None, 12), dtype=float32)"
    assert call["shapes"] == {"inputs": [[None, 12]]}
    assert "expected axis -1 of input shape to have value 16" in call["error"]
    assert failure.message.rstrip().endswith("kwargs=<class 'inspect._empty'>")


def test_graph_mode_error_with_detected_at_node_frames() -> None:
    [failure] = parse_log(log_text("graph_labels.log"))
    assert failure.type == "InvalidArgumentError"
    assert failure.facts["exception_module"] == "tensorflow.python.framework.errors_impl"
    assert failure.message.startswith("Graph execution error:")
    assert "[[{{node compile_loss/sparse_categorical_crossentropy" in failure.message
    node = failure.facts["tf_node"]
    assert node["name"].startswith("compile_loss/sparse_categorical_crossentropy/")
    assert node["error"].startswith("Received a label value of 10 which is outside the valid range")
    files = [f["file"] for f in node["frames"]]
    assert files[0] == "/home/student/project/graph_labels.py"
    listed = log_text("graph_labels.log").split("Detected at node", 1)[1].count('\n  File "')
    assert len(files) == listed and all(f.endswith(".py") for f in files)
    # the last Python frame's caret line is under-indented (3.11, multi-line call): still a frame
    assert failure.frames[-1].function == "quick_execute"
    assert classify(failure) == "loss-labels"


def test_graph_mode_node_frames_reach_into_the_users_layer() -> None:
    [failure] = parse_log(log_text("graph_gather.log"))
    frames = failure.facts["tf_node"]["frames"]
    assert (frames[-1]["file"], frames[-1]["function"]) == (
        "/home/student/project/graph_gather.py",
        "call",
    )
    assert frames[-1]["line"] == line_of(SCRIPTS / "graph_gather.py", "tf.gather(")
    assert failure.facts["tf_node"]["error"] == "indices[5] = 16 is not in [0, 10)"


def test_progress_bar_and_absl_record_on_one_line_before_a_graph_error() -> None:
    [failure] = parse_log(log_text("graph_broadcast.log"))
    assert failure.type == "InvalidArgumentError"
    assert failure.facts["tf_node"]["error"] == "Incompatible shapes: [4,1] vs. [8,1]"
    assert classify(failure) == "shape"


def test_cpu_oom_is_a_resource_exhausted_failure_with_the_tensor_shape() -> None:
    [failure] = parse_log(log_text("oom_cpu.log"))
    assert failure.type == "ResourceExhaustedError"
    oom = failure.facts["oom"]
    assert oom["shape"] == [4096, 1024, 1024, 256]
    assert oom["dtype"] == "float" and oom["device"].endswith("device:CPU:0")
    assert oom["requested"] == "4.00TiB"  # from the allocator's log line before the traceback
    assert classify(failure) == "oom"


def test_gpu_oom_reports_shape_device_and_the_gpu_the_log_announced() -> None:
    [failure] = parse_log(log_text("oom_gpu_tf.log"))  # reconstructed sample
    assert failure.type == "ResourceExhaustedError"
    assert failure.facts["oom"]["shape"] == [64, 96, 128, 128]
    assert failure.facts["oom"]["device"].endswith("GPU:0")
    [gpu] = failure.facts["devices"]["log_gpus"]
    assert (gpu["name"], gpu["memory_mb"]) == ("Tesla P100-PCIE-16GB", 15513)
    assert failure.facts["versions"] == {"python": "3.10"}
    assert classify(failure) == "oom"


def test_cuda_out_of_memory_logged_before_an_unrelated_looking_error() -> None:
    [failure] = parse_log(log_text("oom_gpu_cuda_init.log"))  # reconstructed sample
    assert failure.type == "UnknownError"
    assert "Failed to get convolution algorithm" in failure.message
    assert failure.facts["oom"]["requested"] == "14.85GiB"
    assert classify(failure) == "oom"


def test_torch_cuda_oom() -> None:
    [failure] = parse_log(log_text("oom_gpu_torch.log"))  # reconstructed sample
    assert (failure.type, failure.facts["exception_module"]) == ("OutOfMemoryError", "torch")
    assert failure.facts["oom"]["requested"] == "2.00GiB"
    assert classify(failure) == "oom"


def test_nohup_out_with_two_runs_holds_three_tracebacks() -> None:
    failures = parse_log(log_text("nohup.out"))
    assert [(f.type, f.message) for f in failures] == [
        ("KeyError", "'val_accuracy'"),  # printed by a callback, the run went on
        ("ValueError", "Cannot take the length of shape with unknown rank."),
        ("NameError", "name 'base_model' is not defined"),  # the second run
    ]
    # the progress line after the callback's traceback is not part of its message
    assert "\n" not in failures[0].message
    assert failures[1].frames[0].file.endswith("callback_tb.py")
    assert failures[2].frames[0].file.endswith("name_err.py")
    assert all(f.text and f.text.startswith("Traceback") for f in failures)


def test_keyword_removed_from_keras_3() -> None:
    [failure] = parse_log(log_text("colab_lr.log"))
    assert failure.message == "Argument(s) not recognized: {'lr': 0.001}"
    assert failure.frames[0].file == "/content/train.py"
    assert classify(failure) == "keyword"


def test_wide_characters_before_the_carets_count_as_one_column_each() -> None:
    for log in ("cjk_py311.log", "cjk_py313.log"):
        [failure] = parse_log(log_text(log))
        outer, inner = failure.frames
        assert outer.source[outer.column - 1 : outer.end_column - 1] == "学习率表(总轮数)", log
        assert inner.source[inner.column - 1 : inner.end_column - 1] == '配置["基础学习率"]', log
        assert inner.function == "学习率表"
    [old] = parse_log(log_text("cjk_py310.log"))  # 3.10 prints no carets
    assert all(f.column is None for f in old.frames)


def test_multi_line_statement_in_313_keeps_its_first_line_as_source() -> None:
    [f311] = parse_log(log_text("multiline_py311.log"))
    [f313] = parse_log(log_text("multiline_py313.log"))
    assert f311.frames[0].source == f313.frames[0].source == "model = build("
    assert f311.frames[0].column == len("model = ") + 1
    assert (
        f313.message == "unknown activation 'gelu2'"
    )  # the call's other lines are not the message


def test_a_logger_prefix_on_every_line_is_stripped() -> None:
    # `logging.exception` in a thread runner or a CI tool prefixing each line
    raw = log_text("chained.log")
    prefixed = "\n".join("[stderr] " + line for line in raw.splitlines())
    [plain], [tagged] = parse_log(raw), parse_log(prefixed)
    assert (tagged.type, tagged.message) == (plain.type, plain.message)
    assert [(f.file, f.line, f.column) for f in tagged.frames] == [
        (f.file, f.line, f.column) for f in plain.frames
    ]
    assert len(tagged.causes) == 2


def test_text_without_a_traceback_gives_nothing() -> None:
    assert parse_log("Epoch 1/3\n8/8 ━━━━ 0s 2ms/step - loss: 0.5\nDone.\n") == []
    assert parse_log("") == []


def test_a_log_cut_inside_a_traceback_still_gives_its_frames() -> None:
    raw = log_text("name_error.log")
    cut = raw[: raw.index("NameError")]
    [failure] = parse_log(cut)
    assert failure.frames[-1].file == "/home/student/project/name_err.py"
    assert failure.type == "Error" and "ends inside" in failure.message


def test_every_library_frame_is_kept_outermost_first() -> None:
    [failure] = parse_log(log_text("keras_add_shapes.log"))
    assert [f.file for f in failure.frames][:2] == [
        "/home/student/project/keras_call.py",
        VENV_KERAS,
    ]
    assert failure.frames[-1].function == "_compute_elemwise_op_output_shape"
    assert (
        failure.message
        == "Inputs have incompatible shapes. Received shapes (8, 8, 64) and (8, 8, 32)"
    )


def test_ipython_cell_traceback_with_and_without_colours() -> None:
    for log in ("ipython_nocolor.log", "ipython_color.log"):
        [failure] = parse_log(log_text(log))
        assert failure.type == "ValueError", log
        assert failure.message.startswith("Arguments `target` and `output` must have the same rank")
        assert "In [9]" not in failure.message  # the next prompt is not part of the message
        cell_8, cell_7, keras_frame, nn_frame = failure.frames
        assert (cell_8.file, cell_8.line, cell_8.source) == ("Cell In[8]", 1, "train(model, x, y)")
        assert (cell_7.file, cell_7.line, cell_7.function) == ("Cell In[7]", 2, "train")
        assert cell_7.source == "history = model.fit(x, y, epochs=1, verbose=0)"
        assert (
            keras_frame.file.endswith("keras/src/utils/traceback_utils.py")
            and keras_frame.line == 122
        )
        assert (nn_frame.line, nn_frame.function, nn_frame.source) == (
            1347,
            "categorical_crossentropy",
            "raise ValueError(",
        )
        assert classify(failure) == "loss-labels"


def test_ipython_7_frames_take_their_line_from_the_arrow() -> None:
    [failure] = parse_log(log_text("ipython7_nocolor.log"))
    assert failure.type == "ValueError"
    cell_8, cell_7, keras_frame, nn_frame = failure.frames
    assert cell_8.file.startswith("<ipython-input-8-") and cell_8.function == "<module>"
    assert (cell_8.line, cell_8.source) == (1, "train(model, x, y)")
    assert (cell_7.line, cell_7.function) == (2, "train")
    assert (keras_frame.line, keras_frame.function) == (122, "error_handler")
    assert (nn_frame.line, nn_frame.source) == (1347, "raise ValueError(")
