"""Real-world answers: `gptfix apply` on answers from public issue threads.

```
.venv/bin/python bench/bench_answers_realworld.py            # the development half, one line each
.venv/bin/python bench/bench_answers_realworld.py --heldout  # the held-out half: the figure only
```

Each case of ``bench/answers_realworld`` is an answer from a public thread (``SOURCES.md``),
the asker's program made runnable on synthetic data (``targets/``) and the program as the
answer's author meant it, applied by hand (``expected/NN.py``), or ``expected/NN.REFUSE``
when a careful reader would not apply it. The real command runs on a copy of the target
(with its verification: the patched script is built and smoke-run); a case is right when the
written file has the expected syntax tree, or when a refusal leaves the file as it was. The
held-out half prints only its total unless ``--show`` is given, so it can be measured
without being studied.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SET = ROOT / "bench" / "answers_realworld"


def run_case(number: str, target: str) -> tuple[str, str]:
    """The verdict for one case and gptfix's last line."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / target
        shutil.copy(SET / "targets" / target, script)
        before = script.read_text(encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(ROOT / "server"))
        proc = subprocess.run(
            [sys.executable, "-m", "gptfix", "apply", str(script), "--answer",
             str(SET / "answers" / f"{number}.md")],
            capture_output=True, text=True, env=env, timeout=600, check=False,
        )  # fmt: skip
        after = script.read_text(encoding="utf-8")
    said = [x for x in (proc.stdout + proc.stderr).split("\n") if x.startswith("gptfix:")]
    final = [x for x in said if "wrote" in x or "not applied" in x or "refused" in x] or said
    last = final[-1] if final else f"exit {proc.returncode}"
    expected = SET / "expected" / f"{number}.py"
    if not expected.is_file():
        return ("right-refusal" if after == before else "wrong"), last
    if after == before:
        return "missed", last
    want = ast.dump(ast.parse(expected.read_text(encoding="utf-8")))
    return ("correct" if ast.dump(ast.parse(after)) == want else "wrong"), last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--heldout", action="store_true", help="measure the held-out half")
    parser.add_argument("--show", action="store_true", help="print held-out cases one by one")
    args = parser.parse_args()
    half = (SET / ("heldout.txt" if args.heldout else "dev.txt")).read_text().split()
    cases = json.loads((SET / "expect.json").read_text(encoding="utf-8"))
    right = 0
    counts: dict[str, int] = {}
    for number in half:
        verdict, last = run_case(number, cases[number]["target"])
        right += verdict in ("correct", "right-refusal")
        counts[verdict] = counts.get(verdict, 0) + 1
        if not args.heldout or args.show:
            print(f"{number} {verdict:13} {last}")
    tally = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))  # counts only, no cases
    print(f"{'held-out' if args.heldout else 'dev'}: {right}/{len(half)} right ({tally})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
