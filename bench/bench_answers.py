"""Answer-corpus scorecard: correct applications and rightful refusals, dev set or held-out.

```
.venv/bin/python bench/bench_answers.py            # the development cases, one line each
.venv/bin/python bench/bench_answers.py --heldout  # the held-out quarter: the figure only
```

A case counts as right when ``apply_answer`` does what ``tests/llm/corpus/cases.toml`` says a
careful reader expects: applied with every ``contains`` pattern present and no ``absent``
pattern, or refused for the stated reason. The held-out quarter (``heldout.toml``) prints
only its total unless ``--show`` is given, so it can be measured without being studied.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "server"))
CORPUS = ROOT / "tests" / "llm" / "corpus"

from gptfix.llm import apply_answer  # noqa: E402


def script_text(name: str) -> str:
    local = ROOT / "tests" / "llm" / "scripts" / name
    path = local if local.is_file() else ROOT / "fixtures" / name / "train.py"
    return path.read_text(encoding="utf-8")


def judge(case: dict[str, Any]) -> tuple[bool, str]:
    original = script_text(case["script"])
    answer = (CORPUS / case["answer"]).read_text(encoding="utf-8")
    result = apply_answer(original, answer)
    if case["expect"] == "refused":
        if result.ok:
            return False, "applied, expected a refusal"
        want = case.get("refusal", "")
        return (want in (result.refusal or "")), f"refused: {result.refusal}"
    if not result.ok or result.new_text is None:
        return False, f"refused: {result.refusal}"
    for pattern in case.get("contains", []):
        if not re.search(pattern, result.new_text, re.M):
            return False, f"missing {pattern}"
    for pattern in case.get("absent", []):
        if re.search(pattern, result.new_text, re.M):
            return False, f"should be gone: {pattern}"
    return True, "applied"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="measure the held-out quarter")
    parser.add_argument("--show", action="store_true", help="print held-out cases one by one")
    args = parser.parse_args()
    cases = tomllib.loads((CORPUS / "cases.toml").read_text())["case"]
    held = set(tomllib.loads((CORPUS / "heldout.toml").read_text())["answers"])
    chosen = [c for c in cases if (c["answer"] in held) == args.heldout]
    show = args.show or not args.heldout
    right = 0
    start = time.perf_counter()
    for case in chosen:
        ok, why = judge(case)
        right += ok
        if show:
            print(f"{'ok  ' if ok else 'FAIL'} {case['answer']}: {why}")
    took = time.perf_counter() - start
    label = "held-out" if args.heldout else "development"
    print(f"{label}: {right}/{len(chosen)} right ({100 * right / len(chosen):.1f} %), {took:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
