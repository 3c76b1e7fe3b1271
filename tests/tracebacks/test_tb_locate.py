"""Mapping frames of logs from other machines onto the local script, and the location."""

from __future__ import annotations

from pathlib import Path

from _tb_helpers import line_of, log_text

from gptfix.model import Failure, Frame
from gptfix.tracebacks import locate, parse_log


def _only(log: str) -> Failure:
    [failure] = parse_log(log_text(log))
    return failure


def test_kaggle_working_path_maps_onto_the_local_script(project) -> None:
    script = project("kaggle_train.py", as_name="train.py")
    failure = locate(_only("kaggle_train.json"), script)
    user = failure.user_frames
    assert [f.local_path for f in user] == [str(script)]
    assert failure.frames[0].file == "/kaggle/working/train.py"  # as written in the log
    want = line_of(script, "history = model.fit(")
    assert failure.location is not None
    assert (failure.location.path, failure.location.line) == (str(script), want)
    line = script.read_text().splitlines()[want - 1]
    span = line[failure.location.column - 1 : failure.location.end_column - 1]
    assert span == "model.fit(x_train, y_train, epochs=CFG.epochs, batch_size=CFG.batch_size)"
    assert not any(f.is_user for f in failure.frames[1:])  # another machine's site-packages
    assert failure.kind == "loss-labels"


def test_colab_content_path_with_a_caret_range(project) -> None:
    script = project("colab_train.py", as_name="train.py")
    failure = locate(_only("colab_lr.log"), script)
    loc = failure.location
    assert loc is not None and loc.line == line_of(script, "Adam(lr=1e-3)")
    text = script.read_text().splitlines()[loc.line - 1]
    assert text[loc.column - 1 : loc.end_column - 1] == "keras.optimizers.Adam(lr=1e-3)"


def test_other_home_folder_and_an_edited_local_file(project) -> None:
    script = project("name_err.py", folder="elsewhere/src")
    original = script.read_text()
    script.write_text("# tried a fix\n\n" + original)  # the failing line moved down by two
    failure = locate(_only("name_error.log"), script)
    loc = failure.location
    assert loc is not None
    assert loc.line == line_of(script, "x = base_model(inputs") == failure.frames[0].line
    line = script.read_text().splitlines()[loc.line - 1]
    assert line[loc.column - 1 : loc.end_column - 1] == "base_model"


def test_a_line_that_is_gone_keeps_its_number_inside_the_file(project) -> None:
    script = project("name_err.py")
    lines = script.read_text().splitlines()
    target = line_of(script, "x = base_model(")
    lines[target - 1] = "x = backbone(inputs, training=False)"  # the user already fixed it
    script.write_text("\n".join(lines) + "\n")
    failure = locate(_only("name_error.log"), script)
    assert failure.location is not None
    assert failure.location.line == target and failure.location.column == 1


def test_windows_paths_map_by_basename(project) -> None:
    script = project("chained.py")
    log = log_text("chained.log").replace(
        "/home/student/project/chained.py", "C:\\Users\\student\\Documents\\kaggle\\chained.py"
    )
    failure = locate(parse_log(log)[0], script)
    assert all(f.is_user and f.local_path == str(script) for f in failure.frames)
    assert all(f.local_path == str(script) for c in failure.causes for f in c.frames)
    assert failure.location is not None and failure.location.line == line_of(
        script, "raise RuntimeError"
    )


def test_ipython_cell_frames_map_onto_the_exported_script_by_source(project) -> None:
    script = project("chained.py")
    log = log_text("chained.log").replace(
        '"/home/student/project/chained.py", line 22', '"<ipython-input-7-3f2a9c1d>", line 1'
    )
    failure = locate(parse_log(log)[0], script)
    outer = failure.frames[0]
    assert outer.is_user and outer.line == line_of(script, 'build("missing.json")')


def test_a_sibling_module_is_found_only_when_its_source_matches(project, tmp_path: Path) -> None:
    script = project("keras_call.py", as_name="train.py")
    helper = project("keras_call.py")  # same folder: the file the log really names
    failure = locate(_only("keras_add_shapes.log"), script)
    assert failure.frames[0].local_path == str(helper)
    other = tmp_path / "other" / "train.py"
    other.parent.mkdir()
    other.write_text("print('unrelated')\n" * 20)
    (other.parent / "keras_call.py").write_text("print('not the same file')\n" * 20)
    lost = locate(_only("keras_add_shapes.log"), other)
    assert lost.user_frames == [] and lost.location is None


def test_chinese_comment_on_the_failing_line_columns_in_code_points(project) -> None:
    script = project("keras_custom_call.py")
    failure = locate(_only("keras_call_custom_layer.log"), script)
    loc = failure.location
    assert loc is not None and loc.line == line_of(script, "ops.mean(x, axis=(1, 2))")
    line = script.read_text(encoding="utf-8").splitlines()[loc.line - 1]
    assert "中文注释" in line
    assert line[loc.column - 1 : loc.end_column - 1] == "ops.mean(x, axis=(1, 2))"
    assert [f.function for f in failure.user_frames] == ["<module>", "call"]


def test_wide_characters_before_the_failing_call(project) -> None:
    script = project("cjk_keyerror.py")
    failure = locate(_only("cjk_py313.log"), script)
    lines = script.read_text(encoding="utf-8").splitlines()
    loc = failure.location
    assert loc is not None
    assert lines[loc.line - 1][loc.column - 1 : loc.end_column - 1] == '配置["基础学习率"]'
    outer = failure.frames[0]
    assert lines[outer.line - 1][outer.column - 1 : outer.end_column - 1] == "学习率表(总轮数)"


def test_node_frames_locate_a_graph_error_whose_python_frames_are_all_library(project) -> None:
    script = project("graph_gather.py")
    raw = log_text("graph_gather.log")
    user_frame = raw[raw.index('  File "/home/student/project/graph_gather.py", line 25') :]
    user_frame = user_frame[: user_frame.index('  File "', 5)]
    library_only = raw.replace(user_frame, "", 1)  # as when Keras filters the user's frame out
    failure = locate(parse_log(library_only)[0], script)
    assert not failure.user_frames
    assert failure.location is not None
    assert failure.location.line == line_of(script, "return tf.gather(")


def test_python_frames_win_over_node_frames_when_they_reach_the_script(project) -> None:
    script = project("graph_gather.py")
    failure = locate(_only("graph_gather.log"), script)
    assert failure.location is not None
    assert failure.location.line == line_of(script, "model.fit(x, y")
    node_user = [f for f in failure.facts["tf_node"]["frames"] if f["is_user"]]
    assert [f["line"] for f in node_user] == [
        line_of(script, "model.fit(x, y"),
        line_of(script, "return tf.gather("),
    ]


def test_syntax_error_location_is_the_caret_range(project) -> None:
    script = project("syntax_err.py")
    failure = locate(_only("syntax_error.log"), script)
    loc = failure.location
    assert loc is not None and loc.line == line_of(script, 'Conv2D(32, 3, activation="relu")')
    line = script.read_text().splitlines()[loc.line - 1]
    assert line[loc.column - 1 : loc.end_column - 1] == 'layers.Conv2D(32, 3, activation="relu")'
    assert failure.kind == "syntax"


def test_relative_paths_resolve_against_the_script_folder(project) -> None:
    script = project("name_err.py")
    log = log_text("name_error.log").replace("/home/student/project/name_err.py", "name_err.py")
    failure = locate(parse_log(log)[0], script)
    assert failure.frames[0].local_path == str(script)


def test_roots_find_a_module_in_another_workspace_folder(project, tmp_path: Path) -> None:
    script = project("name_err.py", as_name="main.py", folder="app")
    lib = project("name_err.py", folder="shared/lib")
    failure = locate(_only("name_error.log"), script, roots=[tmp_path / "shared" / "lib"])
    assert failure.frames[0].local_path == str(lib)


def test_recorded_failures_keep_their_file_columns(tmp_path: Path) -> None:
    # a failure the boot hook recorded (not parsed from text) already has file columns
    script = tmp_path / "train.py"
    script.write_text("def f():\n    return undefined_name + 1\nf()\n")
    recorded = Failure(
        type="NameError",
        message="name 'undefined_name' is not defined",
        frames=[
            Frame(str(script), 3, "<module>", "f()", 1, 4),
            Frame(str(script), 2, "f", "return undefined_name + 1", 12, 26),
        ],
    )
    loc = locate(recorded, script).location
    assert loc is not None and (loc.line, loc.column, loc.end_column) == (2, 12, 26)
    assert recorded.location is None and not recorded.frames[0].is_user  # input left as it was


def test_notebook_cells_map_onto_the_exported_script(project) -> None:
    script = project("notebook_train.py")
    failure = locate(_only("ipython_color.log"), script)
    lines = script.read_text().splitlines()
    call = [i for i, text in enumerate(lines, 1) if text == "train(model, x, y)"]
    assert [f.line for f in failure.user_frames] == [*call, line_of(script, "history = model.fit(")]
    loc = failure.location
    assert loc is not None and loc.line == line_of(script, "history = model.fit(")
    line = script.read_text().splitlines()[loc.line - 1]
    assert line[loc.column - 1 :].startswith("history = model.fit(")  # first non-blank character


def test_ipython_7_cells_map_onto_the_exported_script(project) -> None:
    script = project("notebook_train.py")
    failure = locate(_only("ipython7_nocolor.log"), script)
    assert failure.location is not None
    assert failure.location.line == line_of(script, "history = model.fit(")
    assert not failure.frames[2].is_user  # keras, at another machine's path


def test_a_line_number_far_past_the_end_still_finds_its_source(project) -> None:
    script = project("name_err.py")
    log = log_text("name_error.log").replace('name_err.py", line 7,', 'name_err.py", line 5000,')
    failure = locate(parse_log(log)[0], script)
    assert failure.location is not None
    assert failure.location.line == line_of(script, "x = base_model(")


def test_a_script_that_ran_under_another_name_is_found_by_its_source(project) -> None:
    # Colab ran it as /content/train.py; the user keeps it locally as colab_train.py
    script = project("colab_train.py")
    failure = locate(_only("colab_lr.log"), script)
    loc = failure.location
    assert loc is not None and loc.path == str(script)
    assert loc.line == line_of(script, "Adam(lr=1e-3)")
    assert [f.local_path for f in failure.user_frames] == [str(script)]


def test_a_frame_of_another_file_is_not_forced_onto_the_script(project) -> None:
    script = project("colab_train.py")
    log = (
        "Traceback (most recent call last):\n"
        '  File "/content/utils.py", line 9, in load\n'
        "    return pd.read_csv(path)\n"
        '  File "/content/other.py", line 3, in helper\n'
        "FileNotFoundError: train.csv\n"
    )
    failure = locate(parse_log(log)[0], script)
    assert failure.user_frames == [] and failure.location is None


def test_a_tf_data_map_failure_points_inside_the_traced_function(project) -> None:
    script = project("tf_data_map.py")
    failure = locate(_only("tf_data_map.log"), script)
    loc = failure.location
    assert loc is not None and loc.path == str(script)
    assert loc.line == line_of(script, "return tf.reshape(x, [3])")  # not the ds.map() call
    assert [f.line for f in failure.user_frames] == [line_of(script, "ds = ds.map(decode)")]
    assert failure.kind == "shape"


def test_a_local_runs_message_sections_are_located_too(project) -> None:
    # the boot hook records the message but not the parsed sections; locate adds them
    script = project("tf_data_map.py")
    parsed = _only("tf_data_map.log")
    recorded = Failure(
        type=parsed.type,
        message=parsed.message,
        frames=[
            Frame(file=str(script), line=line_of(script, "ds.map(decode)"), is_user=True),
            *parsed.frames[1:],
        ],
    )
    failure = locate(recorded, script)
    assert failure.location is not None
    assert failure.location.line == line_of(script, "return tf.reshape(x, [3])")
    assert failure.facts["tf_user_code"]["frames"][0]["function"] == "decode"
