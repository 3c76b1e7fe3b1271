"""Benchmark of the offline repair engine: fix rate, time per round, memory forecast vs reality.

Usage:  .venv/bin/python bench/bench_fix.py [--only fixtures|cases|memory] [--jobs N]

1. Fix rate: every bundled fixture and every held-out-style case in tests/repair/cases is
   copied to a temp folder and put through `gptfix run --smoke --fix --yes`; a case counts
   as fixed when the loop ends with a successful smoke run. Reports rounds, wall time,
   and time per round (verification runs included).
2. Memory: `gptfix check` (build mode) on a few fixed fixtures, its forecast beside the
   real peak RSS of a CPU smoke run of the same script, and the RSS of a process that only
   imports TensorFlow and Keras (the runtime's own share).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
ENV = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", NO_COLOR="1")
MEMORY_CASES = ["01-missing-flatten", "09-grayscale-backbone", "17-kerascv-starter"]


def _cases(which: str) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    if which in ("all", "fixtures"):
        out += [(p.parent.name, p) for p in sorted((ROOT / "fixtures").glob("*/train.py"))]
    if which in ("all", "cases"):
        out += [(f"case:{p.stem}", p) for p in sorted((ROOT / "tests/repair/cases").glob("*.py"))]
    return out


def _fix_one(name: str, source: Path, work: Path) -> dict:
    folder = work / name.replace(":", "_")
    folder.mkdir(parents=True)
    script = folder / "train.py"
    shutil.copy(source, script)
    started = time.monotonic()
    proc = subprocess.run(
        [PY, "-m", "gptfix", "run", "--smoke", "--fix", "--yes", "--json", str(script)],
        capture_output=True,
        text=True,
        env=ENV,
        check=False,
    )
    wall = time.monotonic() - started
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        data = {"status": "error", "rounds": []}
    rounds = data.get("rounds") or []
    applied = [r for r in rounds if r.get("applied")]
    return {
        "name": name,
        "fixed": data.get("status") == "succeeded",
        "applied": len(applied),
        "tried": len(rounds),
        "wall_s": round(wall, 1),
        "per_round_s": round(wall / max(1, len(rounds)), 1),
        "fixes": [r["origin"] for r in applied],
    }


def bench_fix_rate(which: str, jobs: int) -> list[dict]:
    work = Path(tempfile.mkdtemp(prefix="gptfix-bench-"))
    try:
        with ThreadPoolExecutor(jobs) as pool:
            futures = [pool.submit(_fix_one, n, p, work) for n, p in _cases(which)]
            results = [f.result() for f in futures]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("| case | fixed | fixes applied / tried | wall s | s per fix tried | rules |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['name']} | {'yes' if r['fixed'] else 'NO'} | {r['applied']} / {r['tried']} | "
            f"{r['wall_s']} | {r['per_round_s']} | {', '.join(r['fixes'])} |"
        )
    for group in ("fixtures", "cases"):
        rows = [r for r in results if r["name"].startswith("case:") == (group == "cases")]
        if rows:
            n = sum(r["fixed"] for r in rows)
            print(
                f"\n{group}: {n}/{len(rows)} fixed; median wall {sorted(r['wall_s'] for r in rows)[len(rows) // 2]} s"
            )
    return results


def _peak_rss_mib(cmd: list[str], cwd: Path) -> float:
    """Peak RSS of a child process (ru_maxrss of the waited child, via a fresh wrapper)."""
    wrapper = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [PY, "-c", wrapper, *cmd], capture_output=True, text=True, cwd=cwd, env=ENV, check=False
    )
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def bench_memory() -> None:
    base = _peak_rss_mib([PY, "-c", "import tensorflow, keras"], ROOT)
    print(
        "\n| fixture (fixed.py) | params | batch | forecast (model part) | forecast total | peak RSS of a CPU smoke run | RSS minus TF import |"
    )
    print("|---|---|---|---|---|---|---|")
    for name in MEMORY_CASES:
        fixed = ROOT / "fixtures" / name / "fixed.py"
        if not fixed.exists():
            continue
        proc = subprocess.run(
            [PY, "-m", "gptfix", "check", "--json", str(fixed)],
            capture_output=True,
            text=True,
            env=ENV,
            check=False,
        )
        fc = (json.loads(proc.stdout) if proc.stdout.strip() else {}).get("forecast") or {}
        rss = _peak_rss_mib([PY, "-m", "gptfix", "run", "--smoke", str(fixed)], fixed.parent)
        model_part = (fc.get("total", 0) - fc.get("overhead", 0)) / 1024**2
        print(
            f"| {name} | {fc.get('params', '?'):,} | {fc.get('batch_size', '?')} | {model_part:.1f} MiB | "
            f"{fc.get('total', 0) / 1024**2:.1f} MiB | {rss:.0f} MiB | {rss - base:.0f} MiB |"
        )
    print(
        f"\n(import tensorflow + keras alone: {base:.0f} MiB peak RSS; gptfix run's own process is not counted)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("fixtures", "cases", "memory"), default=None)
    parser.add_argument("--jobs", type=int, default=2, help="loops run side by side")
    args = parser.parse_args()
    if args.only in (None, "fixtures", "cases"):
        bench_fix_rate(args.only or "all", args.jobs)
    if args.only in (None, "memory"):
        bench_memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
