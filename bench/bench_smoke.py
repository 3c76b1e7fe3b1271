"""Smoke run vs full run of every fixture's fixed script: wall time and what smoke capped.

Usage (from the repository root):

    .venv/bin/python bench/bench_smoke.py                # every fixtures/*/fixed.py
    .venv/bin/python bench/bench_smoke.py 01 17          # only cases whose folder starts so
    .venv/bin/python bench/bench_smoke.py synthetic      # only the longer synthetic CNN run
    .venv/bin/python bench/bench_smoke.py --repeat 3     # best of 3 runs per mode

Each script runs through ``gptfix.runner.run_script`` (the same path as ``gptfix run``),
first normally, then with ``mode="smoke"`` (1 epoch x 2 steps, eager), plus a synthetic
15-epoch CNN run that shows what smoke mode saves on real training. Prints a Markdown
table: case, full time, smoke time, speed-up, status of each, and the smoke caps.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from gptfix.runner import run_script

ROOT = Path(__file__).resolve().parent.parent

#: a longer training run than the fixtures': a small CNN, 4000 images, 15 epochs
SYNTHETIC = textwrap.dedent(
    """
    import numpy as np
    import keras
    from keras import layers

    rng = np.random.default_rng(0)
    images = rng.random((4000, 48, 48, 3), dtype=np.float32)
    labels = rng.integers(0, 10, 4000)
    model = keras.Sequential([
        keras.Input((48, 48, 3)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"),
        layers.GlobalAveragePooling2D(),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(images, labels, batch_size=32, epochs=15, validation_split=0.2, verbose=2)
    print(model.evaluate(images, labels, verbose=0))
    """
)


def _best(script: Path, mode: str, repeat: int, timeout: float) -> tuple[float, str, list[str]]:
    best = float("inf")
    status, capped = "", []
    for _ in range(repeat):
        start = time.monotonic()
        result = run_script(script, mode=mode, timeout=timeout)
        best = min(best, time.monotonic() - start)
        status = result.status.value
        capped = list((result.smoke or {}).get("capped", []))
    return best, status, capped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="folder-name prefixes (default: all)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per mode (best is kept)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per run")
    parser.add_argument(
        "--no-synthetic", action="store_true", help="skip the longer synthetic training script"
    )
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    scripts = sorted((ROOT / "fixtures").glob("*/fixed.py"))
    if args.cases:
        scripts = [s for s in scripts if s.parent.name.startswith(tuple(args.cases))]
    tmp = tempfile.TemporaryDirectory(prefix="gptfix-bench-")
    wanted = not args.cases or "synthetic-cnn-15-epochs".startswith(tuple(args.cases))
    if wanted and not args.no_synthetic:
        synthetic = Path(tmp.name) / "synthetic-cnn-15-epochs" / "fixed.py"
        synthetic.parent.mkdir()
        synthetic.write_text(SYNTHETIC, encoding="utf-8")
        scripts.append(synthetic)
    if not scripts:
        print("no fixtures/*/fixed.py found", file=sys.stderr)
        return 1
    print("| case | full run | smoke run | speed-up | full / smoke status | smoke capped |")
    print("|---|---:|---:|---:|---|---|")
    total_full = total_smoke = 0.0
    for script in scripts:
        full, full_status, _ = _best(script, "normal", args.repeat, args.timeout)
        smoke, smoke_status, capped = _best(script, "smoke", args.repeat, args.timeout)
        total_full += full
        total_smoke += smoke
        caps = "; ".join(capped) if capped else "(no fit/evaluate/predict)"
        print(
            f"| {script.parent.name} | {full:.1f} s | {smoke:.1f} s | {full / smoke:.1f}x "
            f"| {full_status} / {smoke_status} | {caps} |",
            flush=True,
        )
    print(
        f"| **total** | **{total_full:.1f} s** | **{total_smoke:.1f} s** "
        f"| **{total_full / total_smoke:.1f}x** | | |"
    )
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
