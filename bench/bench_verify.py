"""Verification and smoke-run time, cold interpreter start vs the warm worker.

Usage (from the repository root):

    .venv/bin/python bench/bench_verify.py              # every fixture with a fixed.py
    .venv/bin/python bench/bench_verify.py 01 03        # only cases whose folder starts so
    .venv/bin/python bench/bench_verify.py --smoke-runs 4

(a) For each fixture, the failure of ``train.py`` (one smoke run), then
:func:`gptfix.verify.verify` of ``fixed.py`` against it (build run + smoke run, both in
the sandbox) with the warm worker off (``GPTFIX_WARM=0``: two interpreter starts and two
TensorFlow imports) and on (both runs forked from the worker). (b) ``run --smoke`` of
the same fixed script several times in one process (as the editor's ``gptfix.run``
does): the first starts cold while the worker warms up, the later ones fork. Prints
Markdown tables.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from gptfix.model import Script
from gptfix.runner import run_script, worker
from gptfix.settings import Settings
from gptfix.verify import verify

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(interpreter=sys.executable, run_timeout=300)


def cases(prefixes: list[str]) -> list[Path]:
    found = sorted(p.parent for p in (ROOT / "fixtures").glob("*/fixed.py"))
    return [c for c in found if not prefixes or any(c.name.startswith(p) for p in prefixes)]


def wait_warm() -> float:
    """Start the worker and wait until it is ready; seconds it took."""
    start = time.monotonic()
    while worker.get(sys.executable, dict(os.environ)) is None:
        if time.monotonic() - start > 300:
            raise SystemExit("the warm worker did not start")
        time.sleep(0.2)
    return time.monotonic() - start


def timed_verify(script: Path, text: str, against: object) -> tuple[float, str]:
    start = time.monotonic()
    ver = verify(Script.read(script), text, against=against, settings=SETTINGS)  # type: ignore[arg-type]
    took = time.monotonic() - start
    return took, "verified" if ver.verified else f"not verified: {ver.reason}"


def bench_verify(folders: list[Path], tmp: Path) -> None:
    rows = []
    os.environ["GPTFIX_WARM"] = "0"
    prepared = []
    for folder in folders:
        dest = tmp / folder.name
        shutil.copytree(folder, dest)
        script = dest / "train.py"
        failure = run_script(script, mode="smoke", timeout=300).failure
        prepared.append((dest.name, script, (dest / "fixed.py").read_text(), failure))
    for name, script, text, failure in prepared:
        rows.append([name, *timed_verify(script, text, failure)])
    os.environ["GPTFIX_WARM"] = "1"
    started = wait_warm()
    for row, (_, script, text, failure) in zip(rows, prepared, strict=True):
        row.extend(timed_verify(script, text, failure))
    print(f"\nworker start (import tensorflow + keras once): {started:.1f} s\n")
    print("| case | verify cold | verify warm | speed-up | result (cold / warm) |")
    print("|---|---:|---:|---:|---|")
    total_cold = total_warm = 0.0
    for name, cold, cold_res, warm, warm_res in rows:
        total_cold += cold
        total_warm += warm
        same = cold_res if cold_res == warm_res else f"{cold_res} / {warm_res}"
        print(f"| {name} | {cold:.1f} s | {warm:.1f} s | {cold / warm:.1f}x | {same} |")
    print(
        f"| **all {len(rows)}** | **{total_cold:.1f} s** | **{total_warm:.1f} s** | "
        f"**{total_cold / total_warm:.1f}x** | |"
    )


def bench_smoke(folders: list[Path], runs: int, tmp: Path) -> None:
    print(
        "\n| case | cold (worker off) | " + " | ".join(f"run {i + 1}" for i in range(runs)) + " |"
    )
    print("|---|---:|" + "---:|" * runs)
    for folder in folders:
        worker.shutdown()
        dest = tmp / f"smoke-{folder.name}"
        shutil.copytree(folder, dest)
        script = dest / "fixed.py"
        start = time.monotonic()
        run_script(script, mode="smoke", timeout=300, warm=False)
        cold = time.monotonic() - start
        times = []
        for _ in range(runs):
            start = time.monotonic()
            result = run_script(script, mode="smoke", timeout=300, warm=True)
            took = time.monotonic() - start
            times.append(f"{took:.1f} s{' (warm)' if result.warm else ''}")
            if not result.warm:
                wait_warm()  # what an editor session gets between two runs
        print(f"| {folder.name} | {cold:.1f} s | " + " | ".join(times) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("prefixes", nargs="*")
    parser.add_argument("--smoke-runs", type=int, default=3)
    parser.add_argument("--no-verify", action="store_true")
    parser.add_argument("--no-smoke", action="store_true")
    args = parser.parse_args()
    folders = cases(args.prefixes)
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_verify:
            bench_verify(folders, Path(tmp))
        if not args.no_smoke:
            bench_smoke(folders, args.smoke_runs, Path(tmp))
    worker.shutdown()


if __name__ == "__main__":
    main()
