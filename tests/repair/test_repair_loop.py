"""`gptfix run --smoke --fix --yes` turns every broken fixture (and held-out-style cases) into a
script that runs to completion: real TensorFlow runs, real files, the real CLI.

The loops run two at a time in a module-scoped fixture; each test then checks one case.
"""

from __future__ import annotations

import ast
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from repair_support import CASES, fix_json, fixture_cases, gptfix

#: Held-out-style cases also put through the whole loop (the rest are covered by rule tests).
LOOP_CASES = [
    "keras2_add_no_flatten",
    "sgd_old_kwargs",
    "three_old_spellings",
    "tf1_session_setup",
    "custom_loss_onehot",
    "backend_math_loss",
]

#: The first test waits for the module's 30 fix loops (setup counts in pytest-timeout's limit):
#: a loaded 2-core machine, with the other test worker beside it, needs more than the default.
pytestmark = [pytest.mark.tf, pytest.mark.timeout(2400)]


def _sources() -> dict[str, Path]:
    out = {case.name: case / "train.py" for case in fixture_cases()}
    out.update({f"case-{n}": CASES / f"{n}.py" for n in LOOP_CASES})
    return out


@pytest.fixture(scope="module")
def loop_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("loops")
    jobs: dict[str, tuple[Path, bytes]] = {}
    for name, source in _sources().items():
        folder = base / name
        folder.mkdir()
        script = folder / "train.py"
        shutil.copy(source, script)
        jobs[name] = (script, script.read_bytes())
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(fix_json, script) for name, (script, _) in jobs.items()}
        return {name: (*jobs[name], *futures[name].result()) for name in jobs}


@pytest.mark.parametrize("name", sorted(_sources()))
def test_the_loop_fixes_it(loop_results: dict[str, Any], name: str) -> None:
    script, original, proc, data = loop_results[name]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert data["status"] == "succeeded" and data["failure"] is None
    applied = [r for r in data["rounds"] if r["applied"]]
    assert applied and all(r["verified"] and r["origin"].startswith("rule:") for r in applied)
    text = script.read_text(encoding="utf-8")
    assert text.encode() != original
    ast.parse(text)


def test_undo_after_the_loop_restores_the_fixture_bytes(loop_results: dict[str, Any]) -> None:
    name = sorted(n for n in loop_results if not n.startswith("case-"))[0]
    script, original, proc, _ = loop_results[name]
    assert proc.returncode == 0
    while True:
        undo = gptfix("undo", str(script))
        if undo.returncode != 0:
            break
    assert "nothing to undo" in undo.stderr
    assert script.read_bytes() == original
