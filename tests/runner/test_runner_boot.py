"""The boot hook inside the user's process: chaining, facts, secrets, causes, text=."""

from __future__ import annotations

import json
import os

from gptfix.model import RunStatus
from gptfix.runner import run_script
from gptfix.tracebacks import parse_log

KEY = "sk-proj-Zx81QmVb27LpWd0Ks9TyNr4aFh6Ue3Jc"


def _stdout(lines: list[str]):
    return lambda stream, text: lines.append(text) if stream == "stdout" else None


def test_chains_to_an_existing_sitecustomize_and_leaves_no_trace(tmp_path, write_script):
    theirs = tmp_path / "their_site"
    theirs.mkdir()
    (theirs / "sitecustomize.py").write_text("MARK = 'theirs ran'\n")
    script = write_script(
        """
        import json, os, sys
        import sitecustomize
        print(json.dumps({
            "mark": getattr(sitecustomize, "MARK", None),
            "pythonpath": os.environ.get("PYTHONPATH"),
            "gptfix_env": sorted(k for k in os.environ if k.startswith("GPTFIX_BOOT")),
            "boot_on_path": any("_boot" in p for p in sys.path),
        }))
        raise KeyError("label")
        """
    )
    env = dict(os.environ, PYTHONPATH=str(theirs))
    lines: list[str] = []
    result = run_script(script, env=env, on_output=_stdout(lines))
    seen = json.loads(lines[0])
    assert seen["mark"] == "theirs ran"
    assert seen["pythonpath"] == str(theirs)  # children see the user's own PYTHONPATH
    assert seen["gptfix_env"] == []
    assert seen["boot_on_path"] is False
    assert result.failure is not None and result.failure.type == "KeyError"


def test_failure_frames_columns_and_chained_causes(write_script):
    script = write_script(
        """
        def parse(text):
            return int(text)

        def load(rows):
            try:
                return [parse(r) for r in rows]
            except ValueError as exc:
                raise RuntimeError("bad row in the label file") from exc

        labels = load(["1", "two"])
        """
    )
    result = run_script(script)
    failure = result.failure
    assert result.status is RunStatus.FAILED and result.exit_code == 1
    assert failure is not None
    assert failure.type == "RuntimeError"
    assert failure.message == "bad row in the label file"
    loc = failure.location
    assert loc is not None and (loc.path, loc.line) == (str(script), 8)
    assert [f.function for f in failure.user_frames] == ["<module>", "load"]
    [cause] = failure.causes
    assert cause.relation == "cause" and cause.type == "ValueError"
    assert "invalid literal for int()" in cause.message
    inner = cause.frames[-1]
    assert (inner.function, inner.line, inner.source) == ("parse", 2, "return int(text)")
    # 3.11+ columns point at the failing call: `int(text)` in `    return int(text)`
    assert (inner.column, inner.end_column) == (12, 21)
    assert failure.facts["frame"]["function"] == "load"
    assert failure.facts["locals"]["rows"] == {"type": "list", "len": 2, "repr": "['1', 'two']"}
    assert failure.facts["versions"]["python"].count(".") == 2
    assert failure.facts["memory"]["host_total"] > 0


def test_chain_order_and_relations_match_the_printed_traceback(write_script):
    script = write_script(
        """
        def load_config(path):
            try:
                return open(path).read()
            except FileNotFoundError:
                return {}["learning_rate"]

        try:
            load_config("missing.json")
        except KeyError as exc:
            raise RuntimeError("bad config") from exc
        """
    )
    stderr: list[str] = []
    result = run_script(
        script, on_output=lambda stream, text: stderr.append(text) if stream == "stderr" else None
    )
    failure = result.failure
    assert failure is not None and failure.type == "RuntimeError"
    # outermost first, each with how the next exception in the chain relates to it
    assert [(c.type, c.relation) for c in failure.causes] == [
        ("FileNotFoundError", "context"),
        ("KeyError", "cause"),
    ]
    [printed] = parse_log("".join(stderr))  # the same chain as read from the traceback text
    assert [(c.type, c.relation) for c in printed.causes] == [
        (c.type, c.relation) for c in failure.causes
    ]


def test_secrets_are_redacted_everywhere(write_script):
    script = write_script(
        f"""
        OPENAI_API_KEY = "{KEY}"
        hf_token = "hf_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        db_password = "hunter2"
        endpoint_config = {{"url": "https://example.invalid", "auth": "{KEY}"}}
        batch_size = 32
        raise ConnectionError("refused with key {KEY}")
        """
    )
    result = run_script(script)
    assert result.failure is not None
    dumped = json.dumps(result.to_json())
    assert KEY not in dumped and "hunter2" not in dumped and "hf_aaaa" not in dumped
    found = result.failure.facts["locals"]
    assert found["OPENAI_API_KEY"]["repr"] == "<redacted>"
    assert found["db_password"]["repr"] == "<redacted>"
    assert "<redacted>" in found["endpoint_config"]["repr"]
    assert found["batch_size"] == {"type": "int", "repr": "32"}
    assert "<redacted>" in result.failure.message


def test_text_runs_in_place_of_the_file_and_maps_back(write_script):
    script = write_script("print('the file on disk')\n")
    patched = "import os\nprint('patched', os.path.basename(__file__))\n\nx = {}['missing']\n"
    lines: list[str] = []
    result = run_script(script, text=patched, on_output=_stdout(lines))
    assert lines == ["patched train.py\n"]  # output names the script, not the temp file
    failure = result.failure
    assert failure is not None and failure.type == "KeyError"
    assert failure.location is not None
    assert (failure.location.path, failure.location.line) == (str(script), 4)
    assert all(f.file == str(script) for f in failure.frames)
    assert sorted(p.name for p in script.parent.iterdir()) == ["train.py"]
    assert script.read_text() == "print('the file on disk')\n"


def test_syntax_error_is_a_failure_at_its_line(write_script):
    script = write_script("import os\n\ndef f(:\n    pass\n")
    result = run_script(script)
    failure = result.failure
    assert failure is not None and failure.type == "SyntaxError"
    assert failure.location is not None
    assert (failure.location.path, failure.location.line, failure.location.column) == (
        str(script),
        3,
        7,
    )
    assert result.exit_code == 1


def test_without_a_report_the_traceback_is_read_from_stderr(write_script):
    script = write_script(
        """
        import os, traceback
        def step():
            return 1 / 0
        try:
            step()
        except ZeroDivisionError:
            traceback.print_exc()
            os._exit(3)
        """
    )
    result = run_script(script)
    assert result.exit_code == 3
    assert result.failure is not None and result.failure.type == "ZeroDivisionError"
    assert result.failure.location is not None and result.failure.location.line == 3


def test_build_mode_reports_a_crash_before_training(write_script):
    script = write_script("import json\nconfig = json.loads('{bad')\n")
    result = run_script(script, mode="build")
    assert result.status is RunStatus.FAILED
    assert result.failure is not None and result.failure.type == "JSONDecodeError"
    assert result.build is None


def test_smoke_mode_without_keras_reports_nothing_capped(write_script):
    result = run_script(write_script("print('no training here')\n"), mode="smoke")
    assert result.status is RunStatus.SUCCEEDED
    assert result.smoke == {"capped": [], "steps": 2, "eager": True}


def test_a_script_with_its_own_excepthook_still_reports_facts(write_script):
    script = write_script(
        """
        import sys
        sys.excepthook = lambda t, v, tb: sys.stderr.write(f"oops: {v}\\n")  # no traceback
        def pick(items, at):
            return items[at]
        pick([1, 2], 5)
        """
    )
    result = run_script(script)
    assert result.status is RunStatus.FAILED and result.exit_code == 1
    failure = result.failure
    assert failure is not None and failure.type == "IndexError"
    assert failure.location is not None and failure.location.line == 4
    assert failure.facts["locals"]["at"]["repr"] == "5"


def test_an_exception_shown_by_code_interact_is_not_a_failure(write_script):
    script = write_script(
        """
        import code
        code.InteractiveInterpreter().runsource("1/0")
        print("carried on")
        """
    )
    result = run_script(script)
    assert result.status is RunStatus.SUCCEEDED and result.failure is None


def test_text_maps_the_frames_of_a_traced_function_back_too(write_script):
    script = write_script("print('the file on disk')\n")
    # what TensorFlow raises for a tf.data map function, without TensorFlow
    patched = (
        "def decode(x):\n"
        "    return x.reshape(3)\n"
        "\n"
        "def fake_map():\n"
        "    raise ValueError(\n"
        "        f'in user code:\\n\\n    File \"{__file__}\", line 2, in decode  *\\n'\n"
        "        '        return x.reshape(3)\\n\\n    ValueError: cannot reshape\\n'\n"
        "    )\n"
        "\n"
        "fake_map()\n"
    )
    result = run_script(script, text=patched)
    failure = result.failure
    assert failure is not None and failure.location is not None
    assert (failure.location.path, failure.location.line) == (str(script), 2)
    traced = failure.facts["tf_user_code"]["frames"]
    assert [(f["file"], f["local_path"]) for f in traced] == [(str(script), str(script))]
