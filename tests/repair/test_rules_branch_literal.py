"""A string setting that matches none of the values its branches compare it with: the fault
of the twentieth real-world set's dev thread, in a script written here (a ``task`` of
``"clasification"`` where the loader compares with ``"classification"`` and
``"regression"`` and raises otherwise). The one place the value is written gets the literal
the code expects; a value the code does compare with, or two close literals, get nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from repair_support import applied_rounds, fix_runs, rule_fixes

from gptfix.model import Applicability

SCRIPT = """import numpy as np


def targets(task, n):
    if task == "classification":
        return np.random.randint(0, 3, size=n)
    elif task == "regression":
        return np.random.rand(n)
    raise ValueError("unknown task")


def describe(task):
    return "classes" if task == "classification" else "values"


TASK = "clasification"
y = targets(TASK, 8)
print(describe(TASK), y.shape)
"""

RAISE_LINE = SCRIPT.split("\n").index('    raise ValueError("unknown task")') + 1


def _locals(value: str) -> dict[str, Any]:
    return {"locals": {"task": {"type": "str", "repr": repr(value)}, "n": {"type": "int"}}}


def test_the_written_value_becomes_the_compared_literal() -> None:
    fixes = rule_fixes(
        SCRIPT, "ValueError", "unknown task", RAISE_LINE, "config.branch-literal",
        facts=_locals("clasification"),
    )  # fmt: skip
    assert len(fixes) == 1
    assert 'TASK = "classification"' in fixes[0].new_text
    # compared twice with "classification": the one assignment is the odd one out
    assert fixes[0].applicability is Applicability.SAFE


def test_nothing_for_a_compared_value_or_two_close_literals() -> None:
    fine = SCRIPT.replace('TASK = "clasification"', 'TASK = "regression"')
    facts = _locals("regression")
    assert (
        rule_fixes(fine, "ValueError", "x", RAISE_LINE, "config.branch-literal", facts=facts) == []
    )
    both = SCRIPT.replace('elif task == "regression":', 'elif task == "classificatio":')
    facts = _locals("clasification")
    assert (
        rule_fixes(both, "ValueError", "x", RAISE_LINE, "config.branch-literal", facts=facts) == []
    )
    # no value from the run: nothing to compare
    assert rule_fixes(SCRIPT, "ValueError", "x", RAISE_LINE, "config.branch-literal") == []


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return fix_runs(tmp_path_factory.mktemp("branch"), {"task": SCRIPT})


@pytest.mark.tf
def test_the_script_runs_with_the_value_its_code_expects(runs: dict[str, Any]) -> None:
    path, out, data = runs["task"]
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    assert applied_rounds(data)
    assert 'TASK = "classification"' in path.read_text()
