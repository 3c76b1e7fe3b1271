"""The fixture cases stay complete and honest (no TensorFlow here; fast).

Every case folder has its four files, an expected.json that fits its train.py, a
portable traceback that agrees with expected.json, a row in fixtures/README.md, and a
fixed.py that differs from train.py only on the lines expected.json names.
"""

from __future__ import annotations

import ast
import difflib
import json
import re
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/train.py"))
CASE_IDS = [c.name for c in CASES]
FILES = ("train.py", "fixed.py", "expected.json", "traceback.txt")
KEYS = {
    "error_type": str,
    "message_contains": str,
    "line": int,
    "fix_lines": list,
    "family": str,
    "description": str,
    "fix": str,
}
FRAME_RE = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+), in ')


def expected(case: Path) -> dict:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))


def touched_lines(train: str, fixed: str) -> set[int]:
    """1-based train.py lines a fix changes; an inserted line counts as the line it lands before."""
    touched: set[int] = set()
    matcher = difflib.SequenceMatcher(a=train.splitlines(), b=fixed.splitlines(), autojunk=False)
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("replace", "delete"):
            touched.update(range(i1 + 1, i2 + 1))
        elif tag == "insert":
            touched.add(i1 + 1)
    return touched


def test_enough_cases_in_numbered_folders() -> None:
    assert len(CASES) >= 14
    numbered = sorted(p for p in FIXTURES.iterdir() if p.is_dir() and re.match(r"\d\d-", p.name))
    assert numbered == CASES, "a numbered fixture folder has no train.py"
    assert len({c.name[:2] for c in CASES}) == len(CASES), "two cases share a number"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_is_complete(case: Path) -> None:
    for name in FILES:
        assert (case / name).is_file(), f"{case.name} lacks {name}"
    exp = expected(case)
    for key, kind in KEYS.items():
        assert isinstance(exp.get(key), kind), (
            f"{case.name}: expected.json {key!r} is not a {kind.__name__}"
        )
    assert exp["message_contains"].strip() and exp["fix_lines"]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_lines_point_into_the_script(case: Path) -> None:
    exp = expected(case)
    lines = (case / "train.py").read_text(encoding="utf-8").splitlines()
    for n in [exp["line"], *exp["fix_lines"]]:
        assert 1 <= n <= len(lines), f"{case.name}: line {n} outside train.py"
    assert lines[exp["line"] - 1].strip(), f"{case.name}: the failing line is blank"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_fixed_differs_only_on_fix_lines(case: Path) -> None:
    train = (case / "train.py").read_text(encoding="utf-8")
    fixed = (case / "fixed.py").read_text(encoding="utf-8")
    ast.parse(train, filename="train.py")
    ast.parse(fixed, filename="fixed.py")
    assert touched_lines(train, fixed) == set(expected(case)["fix_lines"])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_scripts_need_no_download(case: Path) -> None:
    for name in ("train.py", "fixed.py"):
        tree = ast.parse((case / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            assert not func.endswith(("load_data", "get_file")), f"{name} downloads: {func}"
            if "applications." in func:
                weights = [k.value for k in node.keywords if k.arg == "weights"]
                assert weights and isinstance(weights[0], ast.Constant), f"{name}: {func}"
                assert weights[0].value is None, f"{name}: {func} downloads weights"


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_traceback_is_portable_and_agrees(case: Path) -> None:
    exp = expected(case)
    text = (case / "traceback.txt").read_text(encoding="utf-8")
    assert text.startswith("Traceback (most recent call last):")
    frames = [m for m in map(FRAME_RE.match, text.splitlines()) if m]
    assert frames, "no frames"
    for m in frames:
        assert m["file"].startswith("<"), f"machine path left in traceback: {m['file']}"
    script_lines = [int(m["line"]) for m in frames if m["file"] == "<FIXTURE>/train.py"]
    assert script_lines and script_lines[-1] == exp["line"]
    assert re.search(rf"^(\w+\.)*{re.escape(exp['error_type'])}: ", text, re.MULTILINE), (
        "exception line missing"
    )
    assert exp["message_contains"] in text


def test_readme_lists_every_case() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    rows = {m[1]: m[0] for m in re.finditer(r"^\| \[`([^`]+)`\].*$", readme, re.MULTILINE)}
    assert sorted(rows) == CASE_IDS
    for case in CASES:
        exp = expected(case)
        row = rows[case.name]
        assert f"`{exp['error_type']}` line {exp['line']}" in row, (
            f"README row of {case.name} is stale"
        )
        assert f"| {exp['family']} |" in row
