"""Benchmark: listing recipes and applying each on a ~30k-character training script.

The script is the KerasCV-starter fixture's working version (``fixtures/17-kerascv-starter/
fixed.py``) padded with data-processing functions (renamed copies, as a long notebook export
has) to about 30,000 characters. Times, median of ``--repeat`` runs:

- ``applicable`` (what an editor asks for refactor actions at a cursor: parse + every
  recipe's ``find``);
- ``apply_recipe`` for each recipe with typical options (parse + codemod + codegen).

Neither starts a subprocess: verification (building the patched model) is the runner's
cost and is measured by its own benchmark. Run:
``.venv/bin/python bench/bench_recipes.py [--repeat N]``. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from gptfix.recipes import applicable, apply_recipe

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "fixtures" / "17-kerascv-starter" / "fixed.py"

FILLER = '''

# 特征工程 (feature engineering) step {i}
def feature_block_{i}(frame, columns, scale=1.0):
    """Derived features for block {i}: ratios, logs and clipped z-scores."""
    out = {{}}
    for name in columns:
        values = np.asarray(frame[name], dtype="float32") * scale
        mean, std = values.mean(), values.std() + 1e-6
        out[f"{{name}}_z{i}"] = np.clip((values - mean) / std, -5, 5)
        out[f"{{name}}_log{i}"] = np.log1p(np.abs(values))
    return out
'''

CASES: list[tuple[str, dict[str, str]]] = [
    ("add-augmentation", {"layer": "RandomTranslation", "height_factor": "0.1"}),
    ("attention", {"kind": "se"}),
    ("attention", {"kind": "mhsa"}),
    ("swap-backbone", {"to": "EfficientNetV2B0"}),
    ("lr-schedule", {"kind": "cosine", "warmup_epochs": "1"}),
    ("memory", {"remedy": "mixed-precision"}),
    ("memory", {"remedy": "halve-batch"}),
    ("memory", {"remedy": "smaller-images"}),
    ("memory", {"remedy": "gradient-accumulation"}),
]


def make_script(target_chars: int = 30_000) -> str:
    base = BASE.read_text(encoding="utf-8")
    head, sep, tail = base.partition(
        "# =============================================================================\n# 模型"
    )
    parts = [head]
    i = 0
    while sum(len(p) for p in parts) + len(sep) + len(tail) < target_chars:
        parts.append(FILLER.format(i=i))
        i += 1
    return "".join(parts) + sep + tail


def median_ms(
    fn: Callable[[str], object], text: str, repeat: int, *, cold: bool
) -> tuple[float, float]:
    """Median (wall, CPU) ms of ``fn(text)``; ``cold`` makes each text new (no parse reuse).

    CPU time (this process only) is what the call costs on an idle machine; wall time
    also counts waiting for a core on a shared one.
    """
    fn(text)  # warm-up (imports)
    wall, cpu = [], []
    for i in range(repeat):
        run_text = f"{text}# run {i}\n" if cold else text
        if not cold:
            applicable(run_text)  # the editor listed the recipes on this text just before
        start, start_cpu = time.perf_counter(), time.process_time()
        fn(run_text)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    text = make_script()
    lines = len(text.splitlines())
    print(f"script: {len(text):,} characters, {lines:,} lines; median of {args.repeat} runs\n")
    print(
        "| operation | cold: wall / CPU (ms) | after `applicable` on the same text: wall / CPU (ms) |"
    )
    print("|---|---|---|")
    found = applicable(text)
    cold = median_ms(applicable, text, args.repeat, cold=True)
    print(f"| `applicable` ({len(found)} matches) | {cold[0]:.0f} / {cold[1]:.0f} | - |")
    for recipe_id, options in CASES:
        opts = " ".join(f"{k}={v}" for k, v in options.items())

        def run(t: str, r: str = recipe_id, o: dict[str, str] = options) -> object:
            return apply_recipe(r, t, o)

        cold = median_ms(run, text, args.repeat, cold=True)
        warm = median_ms(run, text, args.repeat, cold=False)
        print(
            f"| `apply_recipe {recipe_id}` ({opts}) | {cold[0]:.0f} / {cold[1]:.0f} "
            f"| {warm[0]:.0f} / {warm[1]:.0f} |"
        )


if __name__ == "__main__":
    main()
