"""Every fixture really fails as its expected.json says, and its fixed.py really trains.

Each case runs for real with TensorFlow through the runner in smoke mode (training capped,
eager): train.py must fail with the expected exception type and message, located on the
expected line of train.py; fixed.py must run to completion. The runs this session selected
are started up front, two at a time, so the whole set fits the CI time budget.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from gptfix.model import RunResult, RunStatus
from gptfix.runner import run_script

#: The first test waits for the module's 72 smoke runs (setup counts in pytest-timeout's limit):
#: a loaded 2-core machine, with the other test worker beside it, needs more than the default.
pytestmark = [pytest.mark.tf, pytest.mark.timeout(2400)]

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/train.py"))
CASE_IDS = [c.name for c in CASES]
RUN_TIMEOUT_S = 240.0
WORKERS = 2


def _selected_scripts(session: pytest.Session) -> list[Path]:
    """The scripts the selected tests of this module will ask for, in test order."""
    scripts: list[Path] = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        module = getattr(item, "module", None)
        if callspec and module is not None and module.__name__ == __name__:
            fixed = getattr(item, "originalname", "") == "test_fixed_script_succeeds"
            name = "fixed.py" if fixed else "train.py"
            scripts.append(callspec.params["case"] / name)
    return scripts


@pytest.fixture(scope="module")
def smoke_run(request: pytest.FixtureRequest) -> Iterator[dict[Path, Future[RunResult]]]:
    """Futures of smoke runs, keyed by script path; started when the module starts."""
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        runs = {
            script: pool.submit(run_script, script, mode="smoke", timeout=RUN_TIMEOUT_S)
            for script in _selected_scripts(request.session)
        }
        yield runs
        for future in runs.values():
            future.cancel()


def _result(runs: dict[Path, Future[RunResult]], script: Path) -> RunResult:
    future = runs.get(script)
    if future is None:  # selected in a way the prefetch did not foresee
        return run_script(script, mode="smoke", timeout=RUN_TIMEOUT_S)
    return future.result()


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_broken_script_fails_where_expected(
    case: Path, smoke_run: dict[Path, Future[RunResult]]
) -> None:
    exp = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    script = case / "train.py"
    result = _result(smoke_run, script)

    assert result.status is RunStatus.FAILED, f"{case.name} did not fail: {result.status}"
    assert result.exit_code != 0
    failure = result.failure
    assert failure is not None, "the run failed but no failure was recorded"
    assert failure.type == exp["error_type"], failure.message[:300]
    assert exp["message_contains"] in failure.message
    assert failure.location is not None, "failure not located in the script"
    assert Path(failure.location.path).resolve() == script.resolve()
    assert failure.location.line == exp["line"], failure.message[:300]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_fixed_script_succeeds(case: Path, smoke_run: dict[Path, Future[RunResult]]) -> None:
    result = _result(smoke_run, case / "fixed.py")
    message = result.failure.message[:300] if result.failure else ""
    assert result.status is RunStatus.SUCCEEDED, f"{case.name}/fixed.py: {message}"
    assert result.exit_code == 0
    assert result.failure is None
