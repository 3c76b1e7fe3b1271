"""Overhead of the value trace on smoke runs: each fixture's fixed script with and without it.

Usage (from the repository root):

    .venv/bin/python bench/bench_trace.py                # every fixtures/*/fixed.py
    .venv/bin/python bench/bench_trace.py 01 17          # only cases whose folder starts so
    .venv/bin/python bench/bench_trace.py --repeat 3     # best of 3 runs per mode

Each script runs through ``gptfix.runner.run_script`` in smoke mode, once with the value
trace (the default) and once with ``GPTFIX_NO_VALUE_TRACE=1``, alternating so machine
load hits both alike. Prints a Markdown table: case, smoke time without and with the
trace, overhead, and how many statements the trace recorded.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from gptfix.runner import run_script

ROOT = Path(__file__).resolve().parent.parent


def _smoke(script: Path, traced: bool) -> tuple[float, int, str]:
    if traced:
        os.environ.pop("GPTFIX_NO_VALUE_TRACE", None)
    else:
        os.environ["GPTFIX_NO_VALUE_TRACE"] = "1"
    start = time.perf_counter()
    result = run_script(script, mode="smoke", timeout=600)
    took = time.perf_counter() - start
    lines = sum(len(v) for v in result.trace.lines.values()) if result.trace else 0
    return took, lines, result.status.value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cases", nargs="*", help="folder-name prefixes under fixtures/")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    scripts = sorted((ROOT / "fixtures").glob("*/fixed.py"))
    if args.cases:
        scripts = [s for s in scripts if any(s.parent.name.startswith(c) for c in args.cases)]
    print("| case | smoke, no trace | smoke, traced | overhead | statements traced |")
    print("| --- | ---: | ---: | ---: | ---: |")
    total = [0.0, 0.0]
    for script in scripts:
        plain: list[float] = []
        traced: list[float] = []
        lines = 0
        for _ in range(max(args.repeat, 1)):
            plain.append(_smoke(script, False)[0])
            took, lines, _status = _smoke(script, True)
            traced.append(took)
        a, b = min(plain), min(traced)
        total[0] += a
        total[1] += b
        print(
            f"| {script.parent.name} | {a:.1f} s | {b:.1f} s | {100 * (b - a) / a:+.0f} % | {lines} |"
        )
    if total[0]:
        print(
            f"| **all** | {total[0]:.1f} s | {total[1]:.1f} s | "
            f"{100 * (total[1] - total[0]) / total[0]:+.0f} % | |"
        )


if __name__ == "__main__":
    main()
