"""Helpers for the repair tests: failures from real captured tracebacks, the CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from gptfix.model import Failure, Fix, Location, Script
from gptfix.repair import RULES, candidate_fixes
from gptfix.tracebacks import locate, parse_log
from gptfix.values import ValueTrace

HERE = Path(__file__).resolve().parent
TRACEBACKS = HERE / "tracebacks"
CASES = HERE / "cases"
FIXTURES = HERE.parent.parent / "fixtures"


def fixture_cases() -> list[Path]:
    """Every bundled fixture case folder (those with a train.py)."""
    return sorted(p.parent for p in FIXTURES.glob("*/train.py"))


def captured_failure(traceback_file: Path, script: Path) -> Failure:
    """The failure of a traceback captured from a real run, placed on ``script``.

    Placeholders: ``{script}`` (our cases) or ``<FIXTURE>`` (the fixture's folder, as
    ``fixtures/regenerate.py`` writes them).
    """
    text = traceback_file.read_text(encoding="utf-8")
    text = text.replace("{script}", str(script.resolve())).replace(
        "<FIXTURE>", str(script.resolve().parent)
    )
    text = text.replace("<SITE-PACKAGES>", "/usr/lib/python3/site-packages").replace(
        "<STDLIB>", "/usr/lib/python3"
    )
    failures = parse_log(text)
    assert failures, f"no traceback in {traceback_file.name}"
    return locate(failures[-1], script)


def gptfix(
    *args: str, cwd: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run the real `gptfix` CLI in a subprocess of this interpreter."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "gptfix", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )


def fix_json(script: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """`gptfix run --smoke --fix --yes --json SCRIPT`: the process and its JSON result."""
    proc = gptfix("run", "--smoke", "--fix", "--yes", "--json", *extra, str(script))
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        data = {}
    return proc, data


#: One loop's outcome: the script it fixed, the CLI process, its JSON.
FixRun = tuple[Path, subprocess.CompletedProcess[str], dict[str, Any]]


def fix_runs(base: Path, scripts: dict[str, str]) -> dict[str, FixRun]:
    """Write each script to ``base/<name>/train.py`` and run the fix loop on them two at a
    time (the CI machine's cores): name -> (script, process, JSON)."""
    paths = {}
    for name, text in scripts.items():
        (base / name).mkdir()
        paths[name] = base / name / "train.py"
        paths[name].write_text(text, encoding="utf-8")
    with ThreadPoolExecutor(2) as pool:
        futures = {name: pool.submit(fix_json, path) for name, path in paths.items()}
        return {name: (paths[name], *futures[name].result()) for name in paths}


def applied_rounds(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rounds of a loop's JSON whose fix was applied."""
    return [r for r in data.get("rounds", []) if r.get("applied")]


RULE_PATH = Path("/project/train.py")


def rule_fixes(
    text: str,
    kind: str,
    message: str,
    line: int,
    rule_id: str,
    trace: ValueTrace | None = None,
    facts: dict[str, Any] | None = None,
) -> list[Fix]:
    """The fixes one rule proposes for a failure of ``kind`` with ``message`` at ``line`` of
    ``text`` (as ``/project/train.py``), with the run's value trace and the failing frame's
    facts (``{"locals": {...}}``) when given."""
    failure = Failure(kind, message, location=Location(str(RULE_PATH), line, 1))
    failure.trace = trace or ValueTrace({str(RULE_PATH): {}})
    failure.facts = dict(facts or {})
    rules = {k: r for k, r in RULES.items() if k == rule_id}
    return candidate_fixes(Script(RULE_PATH, text), failure, rules=rules)


def assert_runs(tmp_path: Path, text: str) -> None:
    """``text``, written as a script, runs to completion in this interpreter."""
    script = tmp_path / "train.py"
    script.write_text(text)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
