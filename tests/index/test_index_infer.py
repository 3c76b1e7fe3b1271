"""jedi-backed inference: types of a script's names, definitions across the user's files.

jedi reads the packages installed for the test interpreter statically (in its own
subprocess); TensorFlow is never imported here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from gptfix.cli import main
from gptfix.index import build_index, definitions, infer_names
from gptfix.llm.sections import names_table

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

HELPERS = """class Net:
    def __init__(self, width):
        self.width = width


def make_net(width):
    return Net(width)
"""

TRAIN = """import helpers as H
from helpers import make_net

net = make_net(4)
label = "中文标签"; other = H.make_net(2)
size = net.width
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A script next to the user's own helper module; returns the script."""
    (tmp_path / "helpers.py").write_text(HELPERS, encoding="utf-8")
    script = tmp_path / "train.py"
    script.write_text(TRAIN, encoding="utf-8")
    return script


def test_keras_objects_of_a_fixture_script_are_inferred() -> None:
    script = FIXTURES / "17-kerascv-starter" / "train.py"
    text = script.read_text(encoding="utf-8")
    end = len(text.splitlines()) + 1
    found = infer_names(text, script, end, ["model", "train_ds", "np", "CFG"], deadline=60)
    assert found["model"].type_name.startswith("keras.")
    assert found["model"].type_name.endswith(("Model", "Functional"))
    assert found["model"].kind == "instance"
    assert found["train_ds"].type_name.startswith("tensorflow.")
    assert "Dataset" in found["train_ds"].type_name
    assert (found["np"].kind, found["np"].type_name) == ("module", "numpy")
    assert found["CFG"].kind == "class" and found["CFG"].type_name.endswith(".CFG")
    # inside build_model(): the local backbone, an application model built by Keras
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "x = backbone(x)" in s)
    inner = infer_names(text, script, line, ["backbone", "no_such_name"], deadline=60)
    assert inner["backbone"].type_name.startswith("keras.")
    assert "no_such_name" not in inner


def test_definitions_follow_into_the_users_helper_module(project: Path) -> None:
    text = project.read_text(encoding="utf-8")
    helpers = str(project.parent / "helpers.py")
    # the cursor on `make_net` in `net = make_net(4)` (line 4)
    (found,) = definitions(text, project, 4, 6)
    assert (found.module_path, found.line, found.name) == (helpers, 6, "make_net")
    assert found.local and found.kind == "function"
    # every name on line 5 (after a Chinese string: columns count characters)
    on_line = {(d.module_path, d.line, d.name) for d in definitions(text, project, 5)}
    assert (helpers, 6, "make_net") in on_line
    assert (helpers, 1, "helpers") in on_line
    assert not any(name in ("label", "other") for _, _, name in on_line)  # bound here
    types = infer_names(text, project, 6, ["net", "other", "size", "H"], deadline=30)
    assert types["net"].type_name == "helpers.Net"
    assert types["other"].type_name == "helpers.Net"
    assert types["H"].kind == "module"


def test_a_missing_interpreter_gives_nothing(project: Path, tmp_path: Path) -> None:
    text = project.read_text(encoding="utf-8")
    missing = str(tmp_path / "no-venv" / "bin" / "python")
    assert infer_names(text, project, 6, ["net"], python=missing, deadline=10) == {}
    assert definitions(text, project, 4, 6, python=missing, deadline=10) == []


def test_a_syntax_error_gives_nothing(project: Path) -> None:
    broken = project.read_text(encoding="utf-8") + "size = net.(\n"
    assert infer_names(broken, project, 6, ["net"], deadline=10) == {}
    assert definitions(broken, project, 4, 6, deadline=10) == []
    assert definitions("x = 1\n", project, 99, deadline=10) == []  # no such line


def test_the_deadline_is_honoured(tmp_path: Path) -> None:
    body = "".join(f"def step_{i}(x):\n    return x + {i}\n\n\n" for i in range(4000))
    text = f"import keras\n\n{body}model = keras.Sequential([keras.layers.Dense(1)])\n"
    script = tmp_path / "big.py"
    end = len(text.splitlines()) + 1
    quick = infer_names(text, script, end, ["model"], deadline=0.2)
    assert "model" not in quick  # reading 16,000 lines alone takes jedi longer
    # given the time, the same question has an answer: the deadline cut it short
    patient = infer_names(text, script, end, ["model"], deadline=60)
    assert "Sequential" in patient["model"].type_name


def test_cli_index_infer(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project.parent)
    assert main(["index", str(project), "--infer", "--line", "5", "--deadline", "30"]) == 0
    out = capsys.readouterr().out
    assert "inferred types at line 5:" in out
    assert "  net: helpers.Net\n" in out
    assert "  make_net: helpers.make_net (function)" in out
    assert "  make_net (function): helpers.py:6" in out
    assert main(["index", str(project), "--infer", "--python", sys.executable]) == 0
    assert "inferred types at module level:" in capsys.readouterr().out
    assert main(["index", str(project), "--infer", "--line", "6", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    types = {t["name"]: t for t in data["types"]}
    assert (types["net"]["type"], types["net"]["kind"]) == ("helpers.Net", "instance")
    assert types["label"]["type"] == "builtins.str"
    assert set(data["not_inferred"]) <= {"size", "other"}
    assert [(d["name"], d["line"], d["local"]) for d in data["definitions"]] == [
        ("net", 4, True),
        ("width", 3, True),
    ]
    assert main(["index", str(project), "--infer", "--line", "99"]) == 2
    assert "--line 99 is outside" in capsys.readouterr().err
    assert main(["index", str(project), "--line", "5"]) == 2
    assert "--line needs --infer" in capsys.readouterr().err


def test_the_llm_names_table_gains_a_type_column(project: Path) -> None:
    text = project.read_text(encoding="utf-8")
    index = build_index(text, str(project))
    with_types = names_table(index, 6, set(), infer_deadline=30)
    assert with_types.startswith("| name | kind | holds | type | line |")
    assert "| `net` | assign | make_net(4) | helpers.Net | 4 |" in with_types
    assert '| `label` | assign | "中文标签" |  | 5 |' in with_types  # a literal: no type
    without = names_table(index, 6, set(), infer_deadline=0)
    assert without.startswith("| name | kind | holds | line |")
    assert "| `net` | assign | make_net(4) | 4 |" in without
