"""Benchmark: targeted LLM context vs the whole file plus traceback, per fixture.

For every fixture case with a ``traceback.txt`` (and, with ``--run``, the others, run in
smoke mode to get their failure), builds the context gptfix would send and reports:

- ``whole``: tokens of the whole script plus the traceback (what people paste in a chat);
- ``targeted context``: tokens of the targeted slices (the sections gptfix builds for a
  script too big to send whole);
- ``names``: the share of the script names the reference fix (``fixed.py``) touches that
  the targeted context contains (identifiers on the changed lines that the script defines);
- ``fix line``: whether the lines the reference fix changes are shown in it;
- ``request sent by default``: the whole request (system prompt, sections, edit-format
  instructions) as gptfix sends it: a script that takes at most 35 % of the budget is sent
  whole, a larger one as targeted slices.

Tokens are counted with tiktoken's o200k_base when its file is cached locally (see
``gptfix.llm.budget``; the tests build it under ``.cache/tiktoken``), else with the
bytes/3.2 estimate (the table says which).

Run: ``.venv/bin/python bench/bench_context.py [--budget 6000] [--run]``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from gptfix.llm import build_context, get_counter
from gptfix.model import Script
from gptfix.tracebacks import diagnose_log

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def failure_text(case: Path, run: bool) -> str | None:
    """The case's traceback with its placeholders pointing at the local files."""
    tb = case / "traceback.txt"
    if tb.is_file():
        text = tb.read_text(encoding="utf-8")
        return text.replace("<FIXTURE>", str(case)).replace(
            "<SITE-PACKAGES>", "/usr/lib/python3/site-packages"
        )
    if not run:
        return None
    from gptfix.runner import run_script

    result = run_script(case / "train.py", mode="smoke", timeout=300)
    if result.failure is None or not result.failure.text:
        return None
    return result.failure.text


def needed_names(original: str, fixed: str) -> tuple[set[str], set[int]]:
    """Script names on the lines the reference fix changes, and those lines (1-based)."""
    a, b = original.splitlines(), fixed.splitlines()
    defined = set(_IDENT.findall(original))
    names: set[str] = set()
    lines: set[int] = set()
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changed = a[i1:i2] + b[j1:j2]
        lines.update(range(i1 + 1, i2 + 1) if i2 > i1 else [max(1, i1)])
        for line in changed:
            code = line.split("#")[0]
            names.update(n for n in _IDENT.findall(code) if n in defined and len(n) > 1)
    return names, lines


LARGE_SCRIPT = ROOT / "tests" / "llm" / "scripts" / "kaggle_baseline.py"
LARGE_LOG = """Traceback (most recent call last):
  File "/kaggle/working/train.py", line 98, in <module>
    model = build_model()
  File "/kaggle/working/train.py", line 84, in build_model
    x = backbone(x)
  File "/opt/conda/lib/python3.10/site-packages/keras/src/utils/traceback_utils.py", line 122, in error_handler
    raise e.with_traceback(filtered_tb) from None
  File "/opt/conda/lib/python3.10/site-packages/keras/src/layers/input_spec.py", line 245, in assert_input_compatibility
    raise ValueError(
ValueError: Input 0 of layer "efficientnetb0" is incompatible with the layer: expected shape=(None, 224, 224, 3), found shape=(None, 224, 224, 1)
"""
FILLER = '''

def plot_history_{i}(history, metric="accuracy"):
    """Plot one training curve (notebook helper {i})."""
    import matplotlib.pyplot as plt

    values = history.history[metric]
    val_values = history.history.get("val_" + metric, [])
    plt.figure(figsize=(8, 4))
    plt.plot(values, label="train")
    if val_values:
        plt.plot(val_values, label="valid")
    plt.title(f"{{metric}} per epoch (run {i})")
    plt.legend()
    plt.savefig(f"curve_{i}_{{metric}}.png")
    return max(values)


def tta_predict_{i}(model, images, flips=("none", "lr", "ud")):
    """Average predictions over flipped copies (helper {i})."""
    outputs = []
    for flip in flips:
        batch = images
        if flip == "lr":
            batch = tf.image.flip_left_right(images)
        elif flip == "ud":
            batch = tf.image.flip_up_down(images)
        outputs.append(model.predict(batch, verbose=0))
    return np.mean(outputs, axis=0)
'''


def large_case(tmp: Path) -> tuple[Path, str]:
    """A ~30k-character notebook export: the test baseline plus helpers, failing at line 84."""
    text = LARGE_SCRIPT.read_text(encoding="utf-8")
    i = 0
    while len(text) < 30_000:
        text += FILLER.format(i=i)
        i += 1
    path = tmp / "train.py"
    path.write_text(text, encoding="utf-8")
    return path, LARGE_LOG


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=6000)
    parser.add_argument("--run", action="store_true", help="run cases without traceback.txt")
    args = parser.parse_args()
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(ROOT / ".cache" / "tiktoken"))
    counter = get_counter("gpt-4o-mini")
    rows = []
    totals = {"whole": 0, "context": 0, "needed": 0, "found": 0}
    for case in sorted(p.parent for p in FIXTURES.glob("*/train.py")):
        text = failure_text(case, args.run)
        fixed = case / "fixed.py"
        if text is None or not fixed.is_file():
            continue
        script = Script.read(case / "train.py")
        failure = diagnose_log(text, script.path)
        ctx = build_context(script, failure, args.budget, counter=counter, whole_file_share=0)
        sent = build_context(script, failure, args.budget, counter=counter)
        n_lines = len(script.text.splitlines())
        mode = "whole" if sent.script_lines >= set(range(1, n_lines + 1)) else "slices"
        whole = counter.count(script.text) + counter.count(text)
        sections = sum(s.tokens for s in ctx.included)
        shown = "\n".join(s.text for s in ctx.included)
        need, fix_lines = needed_names(script.text, fixed.read_text(encoding="utf-8"))
        found = {n for n in need if re.search(rf"\b{re.escape(n)}\b", shown)}
        expected = case / "expected.json"
        if expected.is_file():
            fix_lines = set(json.loads(expected.read_text()).get("fix_lines") or fix_lines)
        fix_shown = all(line in ctx.script_lines for line in fix_lines)
        rows.append(
            (case.name, whole, sections, len(found), len(need), fix_shown, sent.total_tokens, mode)
        )
        totals["whole"] += whole
        totals["context"] += sections
        totals["needed"] += len(need)
        totals["found"] += len(found)
    with tempfile.TemporaryDirectory() as tmp:
        path, log = large_case(Path(tmp))
        script = Script.read(path)
        ctx = build_context(script, diagnose_log(log, path), args.budget, counter=counter)
        large = (
            f"{len(script.text):,}-char notebook export (fails in build_model)",
            counter.count(script.text) + counter.count(log),
            sum(s.tokens for s in ctx.included),
            ctx.total_tokens,
        )
    how = counter.label if counter.exact else f"{counter.label}, errs high"
    print(f"budget {args.budget} tokens; counted with {how}\n")
    print(
        "| case | whole file + traceback | targeted context | names the fix needs, in it "
        "| fix line in it | request sent by default |"
    )
    print("|---|---:|---:|---:|:---:|---:|")
    for name, whole, sections, found, need, fix_shown, sent, mode in rows:
        share = f"{found}/{need}" if need else "-"
        flag = "yes" if fix_shown else "no"
        print(f"| {name} | {whole} | {sections} | {share} | {flag} | {sent} ({mode}) |")
    if rows:
        share = totals["found"] / totals["needed"] if totals["needed"] else 1.0
        print(
            f"| **all ({len(rows)})** | {totals['whole']} | {totals['context']} | "
            f"{share:.0%} | {sum(r[5] for r in rows)}/{len(rows)} | |"
        )
    print(f"| {large[0]} | {large[1]} | {large[2]} | | | {large[3]} (slices) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
